"""Forms of the resources pages and the booking calendar."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from tongxin.cobuilding.agreements.forms import CHOOSE, NUMBER_ERRORS, TEXT_ERRORS
from tongxin.cobuilding.resources.models import ResourceKind
from tongxin.platform.core.forms_util import DATE_ERRORS, date_input

TIME_ERRORS = {"required": _("Enter a time, e.g. 18:00."), "invalid": _("Enter a time, e.g. 18:00.")}
COUNT_ERRORS = {
    "required": _("This field is required."),
    "invalid": _("Enter a whole number."),
    "min_value": _("Enter a whole number."),
    "max_value": _("This number is too large."),
}
WEEKDAYS = [
    ("1", _("Monday")),
    ("2", _("Tuesday")),
    ("3", _("Wednesday")),
    ("4", _("Thursday")),
    ("5", _("Friday")),
    ("6", _("Saturday")),
    ("7", _("Sunday")),
]


def _line(label: Any, limit: int, *, required: bool = False) -> forms.CharField:
    return forms.CharField(label=label, max_length=limit, required=required, error_messages=TEXT_ERRORS)


def _time(label: Any, *, required: bool = True) -> forms.TimeField:
    return forms.TimeField(
        label=label, required=required, widget=forms.TimeInput(attrs={"type": "time", "step": 1800}, format="%H:%M"),
        error_messages=TIME_ERRORS,
    )  # fmt: skip


def _count(label: Any, *, required: bool = True, minimum: int = 1) -> forms.IntegerField:
    return forms.IntegerField(
        label=label, required=required, min_value=minimum, max_value=100000, error_messages=COUNT_ERRORS,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )  # fmt: skip


class ResourceForm(forms.Form):
    community = forms.TypedChoiceField(label=_("Community"), coerce=int, choices=(), error_messages=CHOOSE)
    unit = forms.TypedChoiceField(label=_("Offered by"), coerce=int, choices=(), required=False, empty_value=None)
    kind = forms.ChoiceField(label=_("Kind"), choices=ResourceKind.choices, error_messages=CHOOSE)
    name = _line(pgettext_lazy("resource", "Name"), 100, required=True)
    description = forms.CharField(
        label=_("Description"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 3}),
        error_messages=TEXT_ERRORS,
    )  # fmt: skip
    availability = _line(_("Availability"), 200)
    conditions = _line(_("Conditions"), 300)
    location = _line(pgettext_lazy("resource", "Where"), 200)
    quantity = forms.DecimalField(
        label=_("Quantity offered"), max_digits=12, decimal_places=2, required=False, min_value=0.01,
        error_messages=NUMBER_ERRORS,
    )  # fmt: skip
    measure = _line(_("Unit of measure"), 20)
    bookable = forms.BooleanField(label=_("Can be booked on the calendar"), required=False)
    capacity = _count(_("Capacity (people)"), required=False)
    opens_at = _time(_("Opens at"), required=False)
    closes_at = _time(_("Closes at"), required=False)
    open_weekdays = forms.MultipleChoiceField(
        label=_("Open on"), choices=WEEKDAYS, required=False, widget=forms.CheckboxSelectMultiple
    )
    commitment = forms.TypedChoiceField(
        label=_("Usage counts toward"), coerce=int, choices=(), required=False, empty_value=None,
        help_text=_("A commitment of the unit's agreement (venue hours): the hours booked and used are counted."),
    )  # fmt: skip
    place = forms.TypedChoiceField(
        label=_("Room of the place"), coerce=int, choices=(), required=False, empty_value=None,
        help_text=_("A room of one of the community's places (阵地): the place's page lists it with its calendar."),
    )  # fmt: skip
    active = forms.BooleanField(label=_("Offered now"), required=False, initial=True)

    def __init__(
        self,
        *args: Any,
        communities: list[tuple[int, str]] | None,
        units: list[tuple[int, str]],
        commitments: list[tuple[int, str]],
        places: list[tuple[int, str]] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        if communities is None:
            del self.fields["community"]
        else:
            cast(forms.ChoiceField, self.fields["community"]).choices = [("", "—"), *communities]
        if units is None:
            del self.fields["unit"]
        else:
            cast(forms.ChoiceField, self.fields["unit"]).choices = [("", _("The community itself")), *units]
        cast(forms.ChoiceField, self.fields["commitment"]).choices = [("", "—"), *commitments]
        cast(forms.ChoiceField, self.fields["place"]).choices = [("", "—"), *(places or [])]


class BookingForm(forms.Form):
    day = forms.DateField(label=_("Date"), widget=date_input(), error_messages=DATE_ERRORS)
    starts = _time(pgettext_lazy("booking", "From"))
    ends = _time(pgettext_lazy("booking", "To"))
    user_group = _line(_("Used by (a branch, a volunteer team…)"), 100, required=True)
    purpose = _line(_("Purpose"), 200, required=True)
    people = _count(_("People expected"))


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(choices=[("approve", "approve"), ("refuse", "refuse")], error_messages=CHOOSE)
    decision_note = _line(_("Note (why, when refusing)"), 200)


class AttendedForm(forms.Form):
    attended = _count(_("People who came"), minimum=0)
