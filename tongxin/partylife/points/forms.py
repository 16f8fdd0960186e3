from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from tongxin.partylife.points.models import PostKind
from tongxin.partylife.points.rules import Rule
from tongxin.platform.core.forms_util import date_input

YEAR_MIN, YEAR_MAX = 1990, 2100


class PostFilterForm(forms.Form):
    node = forms.TypedChoiceField(label=_("Organization"), required=False, coerce=int, empty_value=None)
    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=[("", _("All kinds")), *PostKind.choices])

    def __init__(self, *args: Any, nodes: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["node"].choices = [("", _("Everything I look after")), *nodes]


class RankingForm(forms.Form):
    node = forms.TypedChoiceField(label=_("Organization"), required=False, coerce=int, empty_value=None)
    year = forms.IntegerField(label=_("Year"), required=False, min_value=YEAR_MIN, max_value=YEAR_MAX)

    def __init__(self, *args: Any, nodes: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["node"].choices = [("", _("Everything I look after")), *nodes]


class PostForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=PostKind.choices)
    title = forms.CharField(
        label=_("Title"), max_length=100, help_text=_("For example 3号楼责任区, 政策宣传岗, 楼道清洁认领岗.")
    )
    duties = forms.CharField(
        label=_("Duties (岗位职责)"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    area = forms.TypedChoiceField(label=_("Area covered"), required=False, coerce=int, empty_value=None)

    def __init__(self, *args: Any, areas: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["area"].choices = [("", _("No particular place")), *areas]
        if not areas:
            del self.fields["area"]


class HoldingForm(forms.Form):
    member = forms.TypedChoiceField(label=_("Member"), coerce=int)
    from_on = forms.DateField(label=_("From"), widget=date_input())
    to_on = forms.DateField(
        label=_("Until"), required=False, widget=date_input(), help_text=_("Leave empty while the post is held.")
    )

    def __init__(self, *args: Any, members: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["member"].choices = [("", "—"), *members]


class EndForm(forms.Form):
    to_on = forms.DateField(label=_("Left the post on"), widget=date_input())


class EntryForm(forms.Form):
    on = forms.DateField(label=_("Date"), widget=date_input())
    points = forms.DecimalField(
        label=_("Points"),
        min_value=Decimal(-100),
        max_value=Decimal(100),
        max_digits=4,
        decimal_places=1,
        help_text=_("Negative to take points away."),
    )
    reason = forms.CharField(label=_("Reason"), max_length=200)

    def clean_points(self) -> Decimal:
        points = self.cleaned_data["points"]
        if points == 0:
            raise forms.ValidationError(_("Enter points other than 0."))
        return points


class RulesForm(forms.Form):
    """Three fields per rule: points per unit, yearly cap (empty: none), active."""

    def __init__(self, *args: Any, rules: dict[str, Rule], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.codes = list(rules)
        self.labels = {code: (rule.label, rule.unit) for code, rule in rules.items()}
        for code, rule in rules.items():
            self.fields[f"{code}__points"] = forms.DecimalField(
                label=_("Points per unit"),
                initial=rule.points,
                min_value=Decimal(-1000),
                max_value=Decimal(1000),
                max_digits=6,
                decimal_places=2,
            )
            self.fields[f"{code}__cap"] = forms.DecimalField(
                label=_("Yearly cap"),
                initial=rule.yearly_cap,
                required=False,
                min_value=Decimal(0),
                max_value=Decimal(100000),
                max_digits=8,
                decimal_places=2,
            )
            self.fields[f"{code}__active"] = forms.BooleanField(label=_("Active"), initial=rule.active, required=False)

    def rows(self) -> list[tuple[str, Any, Any, Any, Any, Any]]:
        return [
            (code, *self.labels[code], self[f"{code}__points"], self[f"{code}__cap"], self[f"{code}__active"])
            for code in self.codes
        ]
