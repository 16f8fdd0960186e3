"""Forms of the ratings pages: a scheme with its criteria and levels, a round, and the scores
typed into the desk table or a phone's card, each cell checked in the user's words."""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal
from typing import Any, cast

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from tongxin.council.ratings.models import Cadence, SubjectKind
from tongxin.council.ratings.services.schemes import MAX_PUBLICITY_DAYS, Criterion, Level
from tongxin.council.ratings.services.scoring import cell_key
from tongxin.platform.core.forms_util import DATE_ERRORS, date_input

CHOOSE = {"required": _("Choose from the list."), "invalid_choice": _("Choose from the list.")}
NUMBER = {"required": _("This field is required."), "invalid": _("Enter a number.")}
CRITERION_ROWS = 6
LEVEL_ROWS = 6
# A score typed into a cell: a few digits; anything longer is not a score.
CELL_MAX_LENGTH = 8
# Digits with at most one point: no sign, no exponent, no NaN or Infinity (a negative is out of range).
SCORE_TEXT = re.compile(r"[0-9]{1,4}(\.[0-9]*)?|\.[0-9]+")
NEGATIVE = re.compile(r"-[0-9.]+")
# 星级楼组 (seed 002): four criteria and five stars, offered as the starting point of a new scheme.
STARTER_CRITERIA = [("环境整洁", 30, 10), ("邻里和睦", 30, 10), ("文明守法", 20, 10), ("参与公益", 20, 10)]
STARTER_LEVELS = [("五星", 90, 5), ("四星", 80, 4), ("三星", 70, 3), ("二星", 60, 2), ("一星", 50, 1)]


def _line(label: Any, limit: int, *, required: bool = True, help_text: Any = "") -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=limit,
        required=required,
        help_text=help_text,
        error_messages={
            "required": _("This field is required."),
            "max_length": _("At most %(limit_value)d characters (this has %(show_value)d)."),
        },
    )


def _decimal(label: Any, *, lo: int, hi: int, required: bool = False) -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        required=required,
        min_value=lo,
        max_value=hi,
        max_digits=5,
        decimal_places=2,
        error_messages={
            **NUMBER,
            "min_value": _("At least %(limit_value)s."),
            "max_value": _("At most %(limit_value)s."),
            "max_digits": _("Enter a number."),
            "max_decimal_places": _("At most %(max)s decimal places."),
            "max_whole_digits": _("Enter a number."),
        },
    )


def _days() -> forms.IntegerField:
    return forms.IntegerField(
        label=_("Publicity (days)"),
        min_value=1,
        max_value=MAX_PUBLICITY_DAYS,
        initial=7,
        help_text=_("How long the results are posted (公示) before they are published; 7 days is usual."),
        error_messages={
            **NUMBER,
            "min_value": _("At least %(limit_value)s."),
            "max_value": _("At most %(limit_value)s."),
        },
    )


class SchemeForm(forms.Form):
    community = forms.TypedChoiceField(label=_("Community or village"), coerce=int, error_messages=CHOOSE)
    name = _line(_("Scheme name"), 100, help_text=_("e.g. 星级楼组创建, 道德评议"))
    subject_kind = forms.ChoiceField(label=_("What is rated"), choices=SubjectKind.choices, error_messages=CHOOSE)
    cadence = forms.ChoiceField(label=_("Rounds"), choices=Cadence.choices, error_messages=CHOOSE)
    panel = forms.TypedChoiceField(
        label=_("Panel"),
        coerce=int,
        required=False,
        empty_value=None,
        error_messages=CHOOSE,
        help_text=_("The council that scores (such as a 道德评议委员会); none: the community's staff score."),
    )
    publicity_days = _days()
    description = forms.CharField(
        label=_("Description"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, communities: list[tuple[int, str]], panels: list[tuple[int, str]], **kw: Any):
        super().__init__(*args, **kw)
        cast(forms.ChoiceField, self.fields["community"]).choices = [("", "—"), *communities]
        cast(forms.ChoiceField, self.fields["panel"]).choices = [("", gettext("None: the community's staff")), *panels]
        for n in range(1, CRITERION_ROWS + 1):
            self.fields[f"c{n}_name"] = _line(_("Criterion %(n)d") % {"n": n}, 60, required=False)
            self.fields[f"c{n}_weight"] = _decimal(_("Weight"), lo=0, hi=100)
            self.fields[f"c{n}_max"] = _decimal(_("Top mark"), lo=1, hi=1000)
        for n in range(1, LEVEL_ROWS + 1):
            self.fields[f"l{n}_name"] = _line(_("Level %(n)d") % {"n": n}, 30, required=False)
            self.fields[f"l{n}_threshold"] = _decimal(_("From score"), lo=0, hi=100)
            self.fields[f"l{n}_stars"] = forms.TypedChoiceField(
                label=_("Stars"),
                coerce=int,
                required=False,
                empty_value=None,
                choices=[("", gettext("No stars (a title)")), *[(s, "★" * s) for s in range(5, 0, -1)]],
                error_messages=CHOOSE,
            )
        if not self.is_bound:
            for n, (name, weight, top) in enumerate(STARTER_CRITERIA, start=1):
                self.initial.update({f"c{n}_name": name, f"c{n}_weight": weight, f"c{n}_max": top})
            for n, (name, threshold, stars) in enumerate(STARTER_LEVELS, start=1):
                self.initial.update({f"l{n}_name": name, f"l{n}_threshold": threshold, f"l{n}_stars": stars})

    def main_fields(self) -> list[Any]:
        return [self[name] for name in ("community", "name", "subject_kind", "cadence", "panel", "publicity_days",
                                        "description")]  # fmt: skip

    def criterion_rows(self) -> list[list[Any]]:
        return [[self[f"c{n}_{p}"] for p in ("name", "weight", "max")] for n in range(1, CRITERION_ROWS + 1)]

    def level_rows(self) -> list[list[Any]]:
        return [[self[f"l{n}_{p}"] for p in ("name", "threshold", "stars")] for n in range(1, LEVEL_ROWS + 1)]

    def clean(self) -> dict[str, Any]:
        data: dict[str, Any] = super().clean() or {}
        criteria: list[Criterion] = []
        for n in range(1, CRITERION_ROWS + 1):
            name, weight, top = data.get(f"c{n}_name"), data.get(f"c{n}_weight"), data.get(f"c{n}_max")
            if not name:
                continue
            if not weight:
                self.add_error(f"c{n}_weight", gettext("Give the criterion's weight (more than 0)."))
            if top is None:
                self.add_error(f"c{n}_max", gettext("Give the criterion's top mark."))
            if weight and top is not None:
                criteria.append(Criterion(name=name, weight=weight, max_score=top))
        levels: list[Level] = []
        for n in range(1, LEVEL_ROWS + 1):
            name, threshold = data.get(f"l{n}_name"), data.get(f"l{n}_threshold")
            if not name:
                continue
            if threshold is None:
                self.add_error(f"l{n}_threshold", gettext("Give the score the level starts from."))
            else:
                levels.append(Level(name=name, threshold=threshold, stars=data.get(f"l{n}_stars")))
        data["criteria"], data["levels"] = criteria, levels
        return data


class SchemeEditForm(forms.Form):
    name = _line(_("Scheme name"), 100)
    publicity_days = _days()
    description = forms.CharField(
        label=_("Description"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
    is_active = forms.BooleanField(label=_("New rounds may open"), required=False)


class RoundForm(forms.Form):
    name = _line(_("Round name"), 100, help_text=_("e.g. 2026年度星级楼组评定"))
    period_start = forms.DateField(label=_("Period from"), widget=date_input(), error_messages=DATE_ERRORS)
    period_end = forms.DateField(label=_("Period to"), widget=date_input(), error_messages=DATE_ERRORS)
    publicity_days = _days()

    def clean(self) -> dict[str, Any]:
        data: dict[str, Any] = super().clean() or {}
        start, end = data.get("period_start"), data.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", gettext("The period ends after it starts."))
        return data


def parse_cell(raw: str, top: Decimal) -> Decimal | None:
    """A typed score: '' clears the cell; full-width digits and a comma for the point are fine.
    Raises ValueError with the message for the user."""
    text = unicodedata.normalize("NFKC", raw).strip().replace(",", ".").replace("，", ".")
    if not text:
        return None
    if NEGATIVE.fullmatch(text):
        raise ValueError(gettext("Out of range: a score from 0 to %(max)s.") % {"max": f"{top.normalize():f}"})
    if len(text) > CELL_MAX_LENGTH or not SCORE_TEXT.fullmatch(text):
        raise ValueError(gettext("Not a number: type a score such as 8 or 8.5."))
    value = Decimal(text)
    if value > top:
        raise ValueError(gettext("Out of range: a score from 0 to %(max)s.") % {"max": f"{top.normalize():f}"})
    if value != value.quantize(Decimal("0.1")):
        raise ValueError(gettext("At most one decimal place."))
    return value


def parse_cells(
    data: Any, entry_ids: list[int], criteria: list[Any]
) -> tuple[dict[tuple[int, int], Decimal | None], dict[str, str]]:
    """The cells of the table found in the POST, parsed; and the errors, by cell key.

    Only cells of this round's entries and criteria are read: anything else posted is ignored,
    and a cell left out of the post is left as it is."""
    values: dict[tuple[int, int], Decimal | None] = {}
    errors: dict[str, str] = {}
    for entry_id in entry_ids:
        for criterion in criteria:
            key = cell_key(entry_id, criterion.pk)
            if key not in data:
                continue
            try:
                values[(entry_id, criterion.pk)] = parse_cell(str(data.get(key, "")), criterion.max_score)
            except ValueError as exc:
                errors[key] = str(exc)
    return values, errors
