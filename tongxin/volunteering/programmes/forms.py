"""Forms of the programme pages: what a person types, checked field by field; the rules of the
domain (age limits, seats, duplicates) are the services' and come back next to the field."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from tongxin.platform.core.forms_people import PhoneField
from tongxin.platform.core.forms_util import DATE_ERRORS, date_input
from tongxin.volunteering.programmes.models import MAX_AGE, MAX_CAPACITY, Audience, ProgrammeKind

TIME_ERRORS = {"invalid": _("Enter a time as hours:minutes, e.g. 16:30."), "required": _("Enter a time.")}
WEEKDAYS = [
    (0, _("Monday")),
    (1, _("Tuesday")),
    (2, _("Wednesday")),
    (3, _("Thursday")),
    (4, _("Friday")),
    (5, _("Saturday")),
    (6, _("Sunday")),
]


def _time_input() -> forms.TimeInput:
    return forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


class ProgrammeForm(forms.Form):
    area = forms.TypedChoiceField(
        label=_("Community"), coerce=int, error_messages={"required": _("Choose a community.")}
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=ProgrammeKind.choices)
    title = forms.CharField(label=pgettext_lazy("programme", "Title"), max_length=100)
    description = forms.CharField(
        label=_("Description"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    place = forms.CharField(label=_("Place"), max_length=100, help_text=_("e.g. community activity room, 2nd floor."))
    start_date = forms.DateField(label=_("First day"), widget=date_input(), error_messages=DATE_ERRORS)
    end_date = forms.DateField(label=_("Last day"), widget=date_input(), error_messages=DATE_ERRORS)
    capacity = forms.IntegerField(label=_("Seats"), min_value=1, max_value=MAX_CAPACITY)
    audience = forms.ChoiceField(label=_("Who may enrol"), choices=Audience.choices)
    min_age = forms.IntegerField(
        label=_("Youngest age"),
        min_value=0,
        max_value=MAX_AGE,
        required=False,
        help_text=_("Age on the first day. Leave empty for no limit."),
    )
    max_age = forms.IntegerField(label=_("Oldest age"), min_value=0, max_value=MAX_AGE, required=False)
    teachers = forms.TypedMultipleChoiceField(
        label=_("Teachers (volunteers)"), coerce=int, required=False, widget=forms.CheckboxSelectMultiple
    )
    team = forms.TypedChoiceField(label=_("Team"), coerce=int, required=False, empty_value=None)
    is_published = forms.BooleanField(label=_("Open for enrolment on the public page"), required=False)

    def __init__(
        self,
        *args: Any,
        areas: list[tuple[int, str]],
        teachers: list[tuple[int, str]],
        teams: list[tuple[int, str]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["area"].choices = [("", "—"), *areas]
        self.fields["teachers"].choices = teachers
        self.fields["team"].choices = [("", "—"), *teams]
        for name in ("area", "teachers", "team", "kind", "audience"):
            self.fields[name].error_messages["invalid_choice"] = _("Choose from the list.")


class SessionForm(forms.Form):
    date = forms.DateField(label=_("Date"), widget=date_input(), error_messages=DATE_ERRORS)
    starts_at = forms.TimeField(
        label=pgettext_lazy("time of day", "From"), widget=_time_input(), error_messages=TIME_ERRORS
    )
    ends_at = forms.TimeField(
        label=pgettext_lazy("time of day", "Until"), widget=_time_input(), error_messages=TIME_ERRORS
    )
    topic = forms.CharField(label=_("Topic"), max_length=100, required=False)
    teacher = forms.TypedChoiceField(
        label=_("Teacher"),
        coerce=int,
        required=False,
        empty_value=None,
        help_text=_("Leave empty when the programme's teachers teach it together."),
    )

    def __init__(self, *args: Any, teachers: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["teacher"].choices = [("", "—"), *teachers]
        self.fields["teacher"].error_messages["invalid_choice"] = _("Choose from the list.")


class RepeatForm(forms.Form):
    first = forms.DateField(label=_("From day"), widget=date_input(), error_messages=DATE_ERRORS)
    last = forms.DateField(label=_("To day"), widget=date_input(), error_messages=DATE_ERRORS)
    weekdays = forms.TypedMultipleChoiceField(
        label=_("Days of the week"),
        coerce=int,
        choices=WEEKDAYS,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": _("Choose at least one day of the week."),
            "invalid_choice": _("Choose from the list."),
        },
    )
    starts_at = forms.TimeField(
        label=pgettext_lazy("time of day", "From"), widget=_time_input(), error_messages=TIME_ERRORS
    )
    ends_at = forms.TimeField(
        label=pgettext_lazy("time of day", "Until"), widget=_time_input(), error_messages=TIME_ERRORS
    )
    topic = forms.CharField(label=_("Topic"), max_length=100, required=False)
    teacher = forms.TypedChoiceField(label=_("Teacher"), coerce=int, required=False, empty_value=None)

    def __init__(self, *args: Any, teachers: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["teacher"].choices = [("", "—"), *teachers]
        self.fields["teacher"].error_messages["invalid_choice"] = _("Choose from the list.")


class EnrolForm(forms.Form):
    """Enrolment of one participant: at the desk (phone optional) or online (phone and consent)."""

    name = forms.CharField(
        label=_("Participant's name"), max_length=50, error_messages={"required": _("Enter the participant's name.")}
    )
    birth_date = forms.DateField(
        label=_("Date of birth"), widget=date_input(), required=False, error_messages=DATE_ERRORS
    )
    guardian_name = forms.CharField(label=_("Guardian's name"), max_length=50, required=False)
    phone = PhoneField(label=_("Mobile phone"))
    consent = forms.BooleanField(
        label=_(
            "I agree that the community keeps these details to run the programme and contacts me about it "
            "(the phone number is stored encrypted and never shown in full)."
        ),
        error_messages={"required": _("Tick the box to agree, or enrol at the community office.")},
    )

    def __init__(self, *args: Any, public: bool, child: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if public:
            self.fields["phone"].required = True
            self.fields["phone"].help_text = _("With the lookup code it lets you see or cancel the enrolment.")
        else:
            del self.fields["consent"]
        if child:
            self.fields["name"].label = _("Child's name")
            self.fields["birth_date"].label = _("Child's date of birth")
            self.fields["birth_date"].required = True
            self.fields["birth_date"].error_messages["required"] = _("Enter the child's date of birth.")
            self.fields["guardian_name"].required = True
            self.fields["guardian_name"].error_messages["required"] = _("Enter the name of the child's guardian.")


class LookupForm(forms.Form):
    phone = PhoneField(label=_("The phone number you enrolled with"), required=True)
    code = forms.CharField(label=_("Lookup code"), max_length=16)

    def clean_code(self) -> str:
        return self.cleaned_data["code"].strip().upper()
