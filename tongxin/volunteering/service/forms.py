from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from tongxin.platform.core.forms_util import DATE_ERRORS, date_input
from tongxin.volunteering.service.models import MAX_HOURS_A_DAY, Speciality

CHOICE = _("Choose from the list.")


def _choices(field: forms.Field, options: list[tuple[Any, str]], empty: bool = True) -> None:
    field.choices = [("", "—"), *options] if empty else options  # type: ignore[attr-defined]
    field.error_messages["invalid_choice"] = CHOICE


class TeamForm(forms.Form):
    area = forms.TypedChoiceField(
        label=_("Community or grid"), coerce=int, error_messages={"required": _("Choose where the team belongs.")}
    )
    name = forms.CharField(
        label=_("Team name"), max_length=100, error_messages={"required": _("Enter the team's name.")}
    )
    speciality = forms.ChoiceField(
        label=_("Speciality"), choices=Speciality.choices, error_messages={"invalid_choice": CHOICE}
    )
    unit = forms.TypedChoiceField(
        label=_("Resident unit (驻区单位)"),
        coerce=int,
        required=False,
        empty_value=None,
        help_text=_("When a unit brings the team (the hospital's medical team)."),
    )
    description = forms.CharField(label=_("What the team does"), max_length=2000, required=False, widget=forms.Textarea)
    founded_on = forms.DateField(label=_("Founded on"), required=False, widget=date_input(), error_messages=DATE_ERRORS)
    is_active = forms.BooleanField(label=_("Active"), required=False, initial=True)

    def __init__(self, *args: Any, areas: list[tuple[int, str]], units: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choices(self.fields["area"], areas)
        _choices(self.fields["unit"], units)


class MemberAddForm(forms.Form):
    """A volunteer already registered, or a resident / member to register and add at once."""

    volunteer = forms.TypedChoiceField(label=_("Registered volunteer"), coerce=int, required=False, empty_value=None)
    resident = forms.TypedChoiceField(
        label=_("Or a resident of the community"), coerce=int, required=False, empty_value=None
    )
    member = forms.TypedChoiceField(label=_("Or a party member"), coerce=int, required=False, empty_value=None)

    def __init__(
        self,
        *args: Any,
        volunteers: list[tuple[int, str]],
        residents: list[tuple[int, str]],
        members: list[tuple[int, str]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        _choices(self.fields["volunteer"], volunteers)
        _choices(self.fields["resident"], residents)
        _choices(self.fields["member"], members)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        chosen = [k for k in ("volunteer", "resident", "member") if data.get(k)]
        if len(chosen) != 1 and not self.errors:
            raise forms.ValidationError(_("Choose one person: a volunteer, a resident or a party member."))
        return data


class LeaderForm(forms.Form):
    leader = forms.TypedChoiceField(label=_("Leader (队长)"), coerce=int, required=False, empty_value=None)

    def __init__(self, *args: Any, members: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choices(self.fields["leader"], members)


class VolunteerForm(forms.Form):
    area = forms.TypedChoiceField(
        label=_("Community"), coerce=int, error_messages={"required": _("Choose a community.")}
    )
    resident = forms.TypedChoiceField(
        label=_("A resident"),
        coerce=int,
        required=False,
        empty_value=None,
        help_text=_("Choose a resident or a party member, or enter a name and phone below."),
    )
    member = forms.TypedChoiceField(label=_("A party member"), coerce=int, required=False, empty_value=None)
    name = forms.CharField(label=_("Name"), max_length=50, required=False)
    phone = forms.CharField(
        label=_("Phone"),
        max_length=20,
        required=False,
        help_text=_("Kept encrypted and shown masked; used to find the person again."),
    )
    skills = forms.CharField(label=_("Skills (特长)"), max_length=200, required=False)

    def __init__(
        self,
        *args: Any,
        areas: list[tuple[int, str]],
        residents: list[tuple[int, str]],
        members: list[tuple[int, str]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        _choices(self.fields["area"], areas)
        _choices(self.fields["resident"], residents)
        _choices(self.fields["member"], members)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if not self.errors and not (data.get("resident") or data.get("member") or (data.get("name") or "").strip()):
            raise forms.ValidationError(_("Choose a resident or a party member, or enter a name."))
        return data


class HoursForm(forms.Form):
    volunteer = forms.TypedChoiceField(
        label=_("Volunteer"), coerce=int, error_messages={"required": _("Choose a volunteer.")}
    )
    served_on = forms.DateField(label=_("Served on"), widget=date_input(), error_messages=DATE_ERRORS)
    hours = forms.DecimalField(
        label=_("Hours"),
        min_value=Decimal("0.25"),
        max_value=MAX_HOURS_A_DAY,
        max_digits=5,
        decimal_places=2,
        error_messages={
            "required": _("Enter the hours: more than 0 and at most 24."),
            "invalid": _("Enter the hours: more than 0 and at most 24."),
            "min_value": _("Enter the hours: more than 0 and at most 24."),
            "max_value": _("Enter the hours: more than 0 and at most 24."),
            "max_digits": _("Enter the hours: more than 0 and at most 24."),
            "max_decimal_places": _("Enter the hours with at most two decimal places."),
        },
    )
    people_served = forms.IntegerField(
        label=_("People served"),
        min_value=0,
        max_value=100000,
        required=False,
        error_messages={"invalid": _("Enter the number of people served (0 or more).")},
    )
    description = forms.CharField(
        label=_("Service given"),
        max_length=200,
        error_messages={"required": _("Say what service was given.")},
        help_text=_("e.g. repaired the stairwell lights of building 3."),
    )

    def __init__(self, *args: Any, volunteers: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choices(self.fields["volunteer"], volunteers)


class CaseHoursForm(forms.Form):
    """Hours for the members who worked on a service request the team returned resolved."""

    case = forms.TypedChoiceField(label=_("Service request"), coerce=int, error_messages={"required": CHOICE})
    volunteers = forms.TypedMultipleChoiceField(
        label=_("Who worked on it"),
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose who worked on it."), "invalid_choice": CHOICE},
    )
    served_on = forms.DateField(label=_("Served on"), widget=date_input(), error_messages=DATE_ERRORS)
    hours = HoursForm.base_fields["hours"]

    def __init__(
        self, *args: Any, cases: list[tuple[int, str]], volunteers: list[tuple[int, str]], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        _choices(self.fields["case"], cases)
        _choices(self.fields["volunteers"], volunteers, empty=False)


class RejectForm(forms.Form):
    reason = forms.CharField(
        label=_("Why these hours are rejected"), max_length=200, error_messages={"required": _("Say why.")}
    )


class PeriodForm(forms.Form):
    start = forms.DateField(label=_("From"), widget=date_input(), error_messages=DATE_ERRORS)
    end = forms.DateField(label=_("To"), widget=date_input(), error_messages=DATE_ERRORS)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if isinstance(start, datetime.date) and isinstance(end, datetime.date):
            if end < start:
                raise forms.ValidationError(_("The end comes before the start."))
            if (end - start).days > 3660:
                raise forms.ValidationError(_("Choose a period of at most ten years."))
        return data


class OfferingForm(forms.Form):
    name = forms.CharField(
        label=_("Service"), max_length=100, error_messages={"required": _("Enter the name of the service.")}
    )
    description = forms.CharField(label=_("Description"), max_length=2000, required=False, widget=forms.Textarea)
    case_category = forms.TypedChoiceField(
        label=_("Case category"),
        coerce=int,
        required=False,
        empty_value=None,
        help_text=_("A resident's request for this service becomes a case of this category."),
    )
    is_active = forms.BooleanField(label=_("Offered now"), required=False, initial=True)

    def __init__(self, *args: Any, categories: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choices(self.fields["case_category"], categories)


class PublicRequestForm(forms.Form):
    name = forms.CharField(label=_("Your name"), max_length=50, error_messages={"required": _("Enter your name.")})
    phone = forms.CharField(
        label=_("Phone"),
        max_length=20,
        error_messages={"required": _("Enter a phone number.")},
        help_text=_("So the team can reach you; you follow the request with it."),
    )
    building = forms.TypedChoiceField(
        label=_("Building"), coerce=int, error_messages={"required": _("Choose your building.")}
    )
    address = forms.CharField(label=_("Room or address details"), max_length=100, required=False)
    description = forms.CharField(
        label=_("What do you need?"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Say what you need.")},
    )

    def __init__(self, *args: Any, buildings: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choices(self.fields["building"], buildings)

    def clean_phone(self) -> str:
        from tongxin.platform.core.personal import normalize_phone

        return normalize_phone(self.cleaned_data["phone"])
