"""Forms of the rota pages; the rules come back from the services next to the field."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from tongxin.frontdesk.rosters.models import MAX_NEEDED, Rota
from tongxin.platform.core.forms_util import DATE_ERRORS, date_input

CHOOSE = {"required": _("Choose from the list."), "invalid_choice": _("Choose from the list.")}
TEXT_ERRORS = {
    "required": _("This field is required."),
    "max_length": _("At most %(limit_value)d characters (this has %(show_value)d)."),
}
TIME_ERRORS = {"required": _("Enter a time, e.g. 08:30."), "invalid": _("Enter a time, e.g. 08:30.")}
NEEDED_ERRORS = {
    "required": _("This field is required."),
    "invalid": _("Enter a whole number."),
    "min_value": _("Enter a number of people from 1 to 20."),
    "max_value": _("Enter a number of people from 1 to 20."),
}
WEEKDAYS = [
    (0, _("Monday")),
    (1, _("Tuesday")),
    (2, _("Wednesday")),
    (3, _("Thursday")),
    (4, _("Friday")),
    (5, _("Saturday")),
    (6, _("Sunday")),
]


def _time(label: Any) -> forms.TimeField:
    return forms.TimeField(
        label=label, widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"), error_messages=TIME_ERRORS
    )


def _needed() -> forms.IntegerField:
    return forms.IntegerField(
        label=_("People needed"), min_value=1, max_value=MAX_NEEDED, initial=1, error_messages=NEEDED_ERRORS
    )


class RotaForm(forms.Form):
    community = forms.TypedChoiceField(label=_("Community"), coerce=int, choices=(), error_messages=CHOOSE)
    kind = forms.ChoiceField(label=_("Kind"), choices=Rota.Kind.choices, error_messages=CHOOSE)
    name = forms.CharField(label=pgettext_lazy("rota", "Name"), max_length=100, error_messages=TEXT_ERRORS)
    location = forms.CharField(label=_("Location"), max_length=200, required=False, error_messages=TEXT_ERRORS)
    active = forms.BooleanField(label=_("In use (shown on the public page)"), required=False, initial=True)

    def __init__(self, *args: Any, communities: list[tuple[int, str]] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if communities is None:
            del self.fields["community"]
        else:
            del self.fields["active"]
            cast(forms.ChoiceField, self.fields["community"]).choices = [("", "—"), *communities]


class ShiftForm(forms.Form):
    date = forms.DateField(label=_("Date"), widget=date_input(), error_messages=DATE_ERRORS)
    start_time = _time(_("Starts at"))
    end_time = _time(_("Ends at"))
    needed = _needed()
    note = forms.CharField(label=_("Note"), max_length=200, required=False, error_messages=TEXT_ERRORS)


class GenerateForm(forms.Form):
    starts_on = forms.DateField(label=_("From"), widget=date_input(), error_messages=DATE_ERRORS)
    ends_on = forms.DateField(label=_("Until"), widget=date_input(), error_messages=DATE_ERRORS)
    weekdays = forms.TypedMultipleChoiceField(
        label=_("Days of the week"),
        coerce=int,
        choices=WEEKDAYS,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages=CHOOSE,
    )
    working_days_only = forms.BooleanField(
        label=_("Official working days only (holidays off, make-up days on)"), required=False
    )
    start_time = _time(_("Starts at"))
    end_time = _time(_("Ends at"))
    needed = _needed()
    people = forms.TypedMultipleChoiceField(
        label=_("People, in turn"),
        coerce=int,
        choices=(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages=CHOOSE,
    )

    def __init__(self, *args: Any, people: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["people"]).choices = people


class PersonForm(forms.Form):
    user = forms.TypedChoiceField(label=_("Person"), coerce=int, choices=(), error_messages=CHOOSE)
    note = forms.CharField(label=_("Note"), max_length=200, required=False, error_messages=TEXT_ERRORS)

    def __init__(
        self, *args: Any, people: list[tuple[int, str]], blank: Any = "—", note: bool = False, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["user"]).choices = [("", blank), *people]
        if not note:
            del self.fields["note"]
