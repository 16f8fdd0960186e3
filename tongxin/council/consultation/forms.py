"""Forms of the council and topic pages: what a person types, checked field by field. The rules
of the domain (order of steps, publicity, scope, caps) are the services' and come back next to
the field."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from tongxin.council.consultation.member_records import PREFIX as RECORD_PREFIX
from tongxin.council.consultation.member_records import parse_record
from tongxin.council.consultation.models import MemberKind, MemberRole, TopicSource
from tongxin.platform.core.forms_util import DATE_ERRORS, date_input, yuan_field

CHOOSE = {"required": _("Choose from the list."), "invalid_choice": _("Choose from the list.")}
# An id typed into a <select>: anything but a number is "choose from the list"; a number the
# user may not see is a 404 in the view.
ID_ERRORS = {"required": _("Choose from the list."), "invalid": _("Choose from the list.")}
MILESTONE_ROWS = 3


def _text(label: Any, limit: int, *, rows: int = 3, required: bool = True, help_text: Any = "") -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=limit,
        required=required,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": rows}),
        error_messages={
            "required": _("This field is required."),
            "max_length": _("At most %(limit_value)d characters (this has %(show_value)d)."),
        },
    )


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


class IdSelect(forms.IntegerField):
    """A <select> whose value is an id, fetched and scoped by the view."""

    widget = forms.Select

    def __init__(self, *, choices: Any = (), **kwargs: Any) -> None:
        kwargs.setdefault("error_messages", ID_ERRORS)
        super().__init__(min_value=1, max_value=2**62, **kwargs)
        self.error_messages["min_value"] = self.error_messages["max_value"] = ID_ERRORS["invalid"]

    def set_choices(self, choices: list[tuple[Any, str]]) -> None:
        self.widget.choices = [("", "—"), *choices]


# --- councils -----------------------------------------------------------------------------------


class CouncilForm(forms.Form):
    area = IdSelect(label=_("Place"), help_text=_("A community, a village, an estate (grid) or a building."))
    kind = forms.TypedChoiceField(label=_("Kind"), coerce=int, error_messages=CHOOSE)
    name = _line(_("Name"), 100, help_text=_("e.g. 甲社区民主协商议事会"))
    organization = IdSelect(
        label=_("Party organization"),
        required=False,
        help_text=_("Only for a Party members' general meeting: the organization whose full members vote."),
    )
    founded_on = forms.DateField(label=_("Founded on"), required=False, widget=date_input(), error_messages=DATE_ERRORS)
    description = _text(_("Description"), 2000, required=False)

    def __init__(
        self,
        *args: Any,
        areas: list[tuple[int, str]],
        kinds: list[tuple[int, str]],
        organizations: list[tuple[int, str]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        area: Any = self.fields["area"]
        area.set_choices(areas)
        kind: Any = self.fields["kind"]
        kind.choices = [("", "—"), *kinds]
        organization: Any = self.fields["organization"]
        organization.set_choices(organizations)


class CouncilEditForm(forms.Form):
    name = _line(_("Name"), 100)
    description = _text(_("Description"), 2000, required=False)
    is_active = forms.BooleanField(label=_("Still meets"), required=False)


class MemberForm(forms.Form):
    kind = forms.ChoiceField(label=_("Member is a"), choices=MemberKind.choices, error_messages=CHOOSE)
    # "r:12" or "p:7" from the search of residents and Party members (member_records.py).
    record = forms.CharField(
        label=_("Find them in the registry"), required=False, max_length=24, widget=forms.HiddenInput
    )
    name = _line(
        _("Name"), 50, required=False, help_text=_("Filled from the registry when you choose someone found above.")
    )
    role = forms.ChoiceField(label=_("Role"), choices=MemberRole.choices, error_messages=CHOOSE)
    term_start = forms.DateField(label=_("Term starts"), widget=date_input(), error_messages=DATE_ERRORS)
    term_end = forms.DateField(
        label=_("Term ends"),
        required=False,
        widget=date_input(),
        error_messages=DATE_ERRORS,
        help_text=_("Leave empty while the term is open."),
    )
    represents_household = forms.BooleanField(label=_("Represents a household (户代表)"), required=False)

    def __init__(self, *args: Any, households: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not households:
            del self.fields["represents_household"]

    def clean_record(self) -> str:
        value: str = self.cleaned_data.get("record") or ""
        if value and parse_record(value) is None:
            raise forms.ValidationError(_("Choose the person from the search results."))
        return value

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        record, kind = data.get("record"), data.get("kind")
        if record and kind and record[0] != RECORD_PREFIX.get(kind):
            wrong = {
                MemberKind.RESIDENT: _("The person chosen is a Party member, not a resident: search again."),
                MemberKind.PARTY_MEMBER: _("The person chosen is a resident, not a Party member: search again."),
            }
            self.add_error("record", wrong.get(kind, _("Only a resident or a Party member is found in the registry.")))
        if not record and not data.get("name") and "name" not in self.errors:
            self.add_error("name", _("Enter the member's name, or find them in the registry."))
        return data


class MemberEndForm(forms.Form):
    term_end = forms.DateField(label=_("Term ended on"), widget=date_input(), error_messages=DATE_ERRORS)


# --- topics -------------------------------------------------------------------------------------


# Who raises a topic on the staff form: staff themselves, or recorded for a member or a unit.
RAISED_AS = [
    (TopicSource.STAFF.value, TopicSource.STAFF.label),
    (TopicSource.MEMBER.value, TopicSource.MEMBER.label),
    (TopicSource.UNIT.value, TopicSource.UNIT.label),
]


class TopicForm(forms.Form):
    """A topic raised by staff for their community, or recorded for a council member or a unit."""

    area = IdSelect(label=_("Place"), help_text=_("The community, estate or building the matter concerns."))
    raised_as = forms.ChoiceField(
        label=_("Who raises it"),
        choices=RAISED_AS,
        required=False,
        initial=TopicSource.STAFF.value,
        error_messages=CHOOSE,
    )
    unit = IdSelect(
        label=_("Unit"), required=False, help_text=_("Only when a unit raises it: the units of the place's community.")
    )
    title = _line(pgettext_lazy("topic", "Title"), 100, help_text=_("What is to be decided, in a few words."))
    description = _text(_("Description"), 4000, rows=5)
    raiser_name = _line(
        _("Raised by"),
        50,
        required=False,
        help_text=_("Who brought the matter up, if not you: the member, or the unit's contact."),
    )
    people_affected = forms.IntegerField(
        label=_("People affected"),
        required=False,
        min_value=0,
        max_value=1_000_000,
        error_messages={
            "invalid": _("Enter a whole number."),
            "min_value": _("Enter a number between 0 and 1,000,000."),
            "max_value": _("Enter a number between 0 and 1,000,000."),
        },
    )

    def __init__(
        self, *args: Any, areas: list[tuple[int, str]], units: list[tuple[int, str]] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        area: Any = self.fields["area"]
        area.set_choices(areas)
        unit: Any = self.fields["unit"]
        unit.set_choices(units or [])

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        data["raised_as"] = data.get("raised_as") or TopicSource.STAFF.value
        if data["raised_as"] == TopicSource.UNIT and not data.get("unit") and "unit" not in self.errors:
            self.add_error("unit", _("Choose the unit that raises the topic."))
        if data["raised_as"] == TopicSource.MEMBER and not data.get("raiser_name") and "raiser_name" not in self.errors:
            self.add_error("raiser_name", _("Give the name of the member who raised it."))
        return data


class UnitTopicForm(forms.Form):
    """A unit's contact raising a topic for their unit, about the unit's community."""

    unit = forms.TypedChoiceField(label=_("For the unit"), coerce=int, error_messages=CHOOSE)
    title = _line(pgettext_lazy("topic", "Title"), 100, help_text=_("What is to be decided, in a few words."))
    description = _text(
        _("Description"), 4000, rows=5, help_text=_("What is wrong, where, and what the unit proposes.")
    )
    raiser_name = _line(_("Your name"), 50, required=False, help_text=_("Read by the community's staff."))
    people_affected = forms.IntegerField(
        label=_("People affected"),
        required=False,
        min_value=0,
        max_value=1_000_000,
        error_messages={
            "invalid": _("Enter a whole number."),
            "min_value": _("Enter a number between 0 and 1,000,000."),
            "max_value": _("Enter a number between 0 and 1,000,000."),
        },
    )

    def __init__(self, *args: Any, units: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        unit: Any = self.fields["unit"]
        choices: list[tuple[Any, str]] = list(units)
        unit.choices = choices if len(choices) == 1 else [("", "—"), *choices]  # one unit: chosen already


class AcceptForm(forms.Form):
    council = IdSelect(label=_("Council"))
    procedure = forms.TypedChoiceField(
        label=_("Procedure"),
        coerce=int,
        required=False,
        empty_value=None,
        error_messages=CHOOSE,
        help_text=_("Leave empty for the council's usual procedure."),
    )

    def __init__(
        self, *args: Any, councils: list[tuple[int, str]], procedures: list[tuple[int, str]], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        council: Any = self.fields["council"]
        council.set_choices(councils)
        procedure: Any = self.fields["procedure"]
        procedure.choices = [("", _("The council's usual procedure")), *procedures]


class MergeForm(forms.Form):
    into = IdSelect(label=_("Merge into"))
    reason = _text(_("Why (the raiser reads it)"), 2000, rows=2, required=False)

    def __init__(self, *args: Any, topics: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        into: Any = self.fields["into"]
        into.set_choices(topics)


class DeclineForm(forms.Form):
    reason = _text(_("Reason (the raiser reads it)"), 2000, rows=2)


class StepForm(forms.Form):
    """A recorded step (RECORD, EVALUATE): when, who took part, what was decided."""

    step = forms.CharField(widget=forms.HiddenInput, max_length=30)
    held_on = forms.DateField(label=_("Date"), widget=date_input(), error_messages=DATE_ERRORS)
    participants = _text(_("Who took part"), 2000, rows=2, required=False)
    decision = _text(_("What was decided"), 4000, rows=3)


class ConfirmStepForm(forms.Form):
    """A step with nothing to type (publish, a vote already passed): the step's code only."""

    step = forms.CharField(widget=forms.HiddenInput, max_length=30)


class LevyForm(forms.Form):
    held_on = forms.DateField(label=_("Date"), widget=date_input(), error_messages=DATE_ERRORS)
    total_cost = forms.DecimalField(label=_("Total cost (yuan)"), max_digits=12, decimal_places=2, min_value=0)
    money_per_person = forms.DecimalField(
        label=_("Money per person (yuan)"), max_digits=8, decimal_places=2, min_value=0
    )
    labour_days_per_person = forms.DecimalField(
        label=_("Labour days per labourer"), max_digits=5, decimal_places=1, min_value=0
    )
    people = forms.IntegerField(label=_("People who pay"), min_value=1, max_value=1_000_000)
    labourers = forms.IntegerField(label=_("Labourers"), min_value=0, max_value=1_000_000)
    subsidy = forms.DecimalField(
        label=_("Government subsidy (以奖代补, yuan)"), max_digits=12, decimal_places=2, min_value=0, required=False
    )
    decision = _text(_("Notes on the plan"), 4000, rows=2, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("total_cost", "money_per_person", "subsidy"):
            field = self.fields[name]
            field.error_messages = {
                **field.error_messages,
                "invalid": _("Enter an amount in yuan, e.g. 12.50."),
                "min_value": _("The amount cannot be negative."),
                "max_digits": _("The amount is too large."),
                "max_whole_digits": _("The amount is too large."),
                "max_decimal_places": _("Give the amount to the fen at most (two decimal places)."),
            }
            field.widget.attrs.update({"step": "0.01", "inputmode": "decimal"})
        for name in ("labour_days_per_person", "people", "labourers"):
            field = self.fields[name]
            field.error_messages = {
                **field.error_messages,
                "invalid": _("Enter a number."),
                "min_value": _("Enter a number that is not negative."),
                "max_value": _("The number is too large."),
                "max_digits": _("The number is too large."),
                "max_whole_digits": _("The number is too large."),
                "max_decimal_places": _("Give days to one decimal place, e.g. 1.5."),
            }


class ContributionForm(forms.Form):
    """Who paid or worked for a levy (一事一议): a person, optionally their household of the village."""

    name = _line(_("Name"), 50)
    household = forms.TypedChoiceField(
        label=_("Household (optional)"),
        coerce=int,
        required=False,
        choices=(),
        error_messages={"invalid_choice": _("Choose a household of the topic's village.")},
    )
    money = yuan_field(_("Money paid (yuan)"), Decimal("1000000"), required=False)
    labour_days = forms.DecimalField(
        label=_("Days worked"),
        required=False,
        max_digits=4,
        decimal_places=1,
        min_value=0,
        max_value=366,
        widget=forms.NumberInput(attrs={"step": "0.5", "min": "0", "inputmode": "decimal"}),
        error_messages={
            "invalid": _("Enter a number of days such as 2 or 1.5."),
            "min_value": _("Enter a number that is not negative."),
            "max_value": _("At most 366 days."),
            "max_digits": _("At most 366 days."),
            "max_whole_digits": _("At most 366 days."),
            "max_decimal_places": _("Give days to one decimal place, e.g. 1.5."),
        },
    )
    on = forms.DateField(label=_("Date"), widget=date_input(), error_messages=DATE_ERRORS)

    def __init__(self, *args: Any, households: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["household"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", _("— none —")), *households]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not self.errors and not data.get("money") and not data.get("labour_days"):
            self.add_error("money", _("Enter the money paid or the days worked."))
        return data


class TaskForm(forms.Form):
    title = _line(pgettext_lazy("task", "Task"), 100)
    owner_name = _line(_("Who is responsible"), 50)
    due_on = forms.DateField(label=_("Due on"), widget=date_input(), error_messages=DATE_ERRORS)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for n in range(1, MILESTONE_ROWS + 1):
            self.fields[f"m{n}_title"] = _line(_("Milestone %(n)d") % {"n": n}, 100, required=False)
            self.fields[f"m{n}_due"] = forms.DateField(
                label=_("Milestone %(n)d due on") % {"n": n},
                required=False,
                widget=date_input(),
                error_messages=DATE_ERRORS,
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for n in range(1, MILESTONE_ROWS + 1):
            title, due = data.get(f"m{n}_title"), data.get(f"m{n}_due")
            if title and not due and f"m{n}_due" not in self.errors:
                self.add_error(f"m{n}_due", _("Give the milestone a date."))
            if due and not title:
                self.add_error(f"m{n}_title", _("Name the milestone, or clear its date."))
        return data

    def milestones(self) -> list[tuple[str, Any]]:
        data = self.cleaned_data
        return [
            (data[f"m{n}_title"], data[f"m{n}_due"])
            for n in range(1, MILESTONE_ROWS + 1)
            if data.get(f"m{n}_title") and data.get(f"m{n}_due")
        ]


class ProgressForm(forms.Form):
    progress = forms.IntegerField(
        label=_("Progress (%)"),
        min_value=0,
        max_value=100,
        error_messages={
            "required": _("Enter a percentage from 0 to 100."),
            "invalid": _("Enter a percentage from 0 to 100."),
            "min_value": _("Enter a percentage from 0 to 100."),
            "max_value": _("Enter a percentage from 0 to 100."),
        },
    )
    note = _text(_("Progress note"), 2000, rows=2, required=False)
    done_on = forms.DateField(
        label=_("Done on"),
        required=False,
        widget=date_input(),
        error_messages=DATE_ERRORS,
        help_text=_("Give the date when the task is done: progress becomes 100 %."),
    )


class AnswerForm(forms.Form):
    answer = _text(_("Answer"), 2000, rows=2)
    uphold = forms.TypedChoiceField(
        choices=[("0", _("Dismiss")), ("1", _("Uphold"))],
        coerce=lambda v: v == "1",
        widget=forms.HiddenInput,
        error_messages=CHOOSE,
    )
