"""Forms of the mediation pages: what a person types, checked field by field. The rules (terms,
states, dates, scope) are the services' and come back next to the field."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from tongxin.council.mediation.models import DisputeKind, MediatorKind, Outcome, Party, Performance, SettledAt
from tongxin.platform.core.forms_util import DATE_ERRORS, date_input

CHOOSE = {"required": _("Choose from the list."), "invalid_choice": _("Choose from the list.")}
TEXT_ERRORS = {
    "required": _("This field is required."),
    "max_length": _("At most %(limit_value)d characters (this has %(show_value)d)."),
}


def _text(label: Any, limit: int, *, rows: int = 3, required: bool = True, help_text: Any = "") -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=limit,
        required=required,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": rows}),
        error_messages=TEXT_ERRORS,
    )


def _line(label: Any, limit: int, *, required: bool = True, help_text: Any = "") -> forms.CharField:
    return forms.CharField(
        label=label, max_length=limit, required=required, help_text=help_text, error_messages=TEXT_ERRORS
    )


def _date(label: Any, *, required: bool = True, help_text: Any = "") -> forms.DateField:
    return forms.DateField(
        label=label, required=required, widget=date_input(), error_messages=DATE_ERRORS, help_text=help_text
    )


def _choice(label: Any, choices: Any, *, required: bool = True) -> forms.ChoiceField:
    return forms.ChoiceField(label=label, choices=choices, required=required, error_messages=CHOOSE)


def _ids(label: Any, choices: list[tuple[int, str]], *, required: bool = False) -> forms.TypedMultipleChoiceField:
    return forms.TypedMultipleChoiceField(
        label=label,
        choices=choices,
        coerce=int,
        required=required,
        widget=forms.CheckboxSelectMultiple,
        error_messages={**CHOOSE, "invalid_list": _("Choose from the list.")},
    )


class CommitteeForm(forms.Form):
    area = forms.TypedChoiceField(label=_("Community or village"), coerce=int, choices=(), error_messages=CHOOSE)
    name = _line(_("Name"), 100, required=False, help_text=_("Empty: “<place> People's Mediation Committee”."))
    founded_on = _date(_("Founded on"), required=False)

    def __init__(self, *args: Any, areas: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["area"].choices = areas  # type: ignore[attr-defined]


class MediatorForm(forms.Form):
    name = _line(_("Name"), 50)
    kind = _choice(_("Kind"), MediatorKind.choices)
    speciality = _choice(_("Speciality"), [("", "—"), *DisputeKind.choices], required=False)
    term_start = _date(_("Term starts"))
    term_end = _date(_("Term ends"), required=False)
    username = _line(
        _("Platform account (optional)"),
        150,
        required=False,
        help_text=_("A mediator with an account sees the cases they mediate."),
    )


class MediatorEndForm(forms.Form):
    term_end = _date(_("Term ends"))


class SweepForm(forms.Form):
    area = forms.TypedChoiceField(label=_("Grid"), coerce=int, choices=(), error_messages=CHOOSE)
    swept_on = _date(_("Swept on"))
    swept_by = _line(_("Swept by"), 200, help_text=_("Who went round: names, separated by 、"))
    found = forms.IntegerField(
        label=_("Disputes found"),
        min_value=0,
        max_value=999,
        error_messages={
            "required": _("Enter a number (0 if nothing was found)."),
            "invalid": _("Enter a whole number."),
            "min_value": _("Enter a number from 0 to 999."),
            "max_value": _("Enter a number from 0 to 999."),
        },
    )
    notes = _text(_("What was found"), 4000, rows=4, required=False, help_text=_("One line per dispute found."))

    def __init__(self, *args: Any, grids: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["area"].choices = grids  # type: ignore[attr-defined]


class CaseForm(forms.Form):
    committee = forms.TypedChoiceField(label=_("Committee"), coerce=int, choices=(), error_messages=CHOOSE)
    area = forms.TypedChoiceField(label=_("Place of the dispute"), coerce=int, choices=(), error_messages=CHOOSE)
    kind = _choice(_("Kind of dispute"), DisputeKind.choices)
    title = _line(_("Title"), 120, help_text=_("e.g. 楼上漏水赔偿纠纷"))
    facts = _text(_("Facts and points in dispute"), 4000, rows=5)
    accepted_on = _date(_("Accepted on"))
    mediators = _ids(_("Mediators"), [])

    def __init__(
        self,
        *args: Any,
        committees: list[tuple[int, str]],
        places: list[tuple[int, str]],
        mediators: list[tuple[int, str]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["committee"].choices = committees  # type: ignore[attr-defined]
        self.fields["area"].choices = places  # type: ignore[attr-defined]
        self.fields["mediators"].choices = mediators  # type: ignore[attr-defined]


class HandoverAcceptForm(forms.Form):
    kind = _choice(_("Kind of dispute"), DisputeKind.choices)
    mediators = _ids(_("Mediators"), [])

    def __init__(self, *args: Any, mediators: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["mediators"].choices = mediators  # type: ignore[attr-defined]


class PartyForm(forms.Form):
    name = _line(_("Name"), 50)
    role = _choice(_("Role"), Party.Role.choices)
    phone = _line(_("Phone"), 20, required=False)
    id_number = _line(_("ID number"), 20, required=False)
    address = _line(_("Address"), 200, required=False)


class SessionForm(forms.Form):
    held_on = _date(_("Held on"))
    place = _line(_("Place"), 100, required=False, help_text=_("e.g. 社区调解室"))
    mediators = _ids(_("Mediators present"), [], required=True)
    parties = _ids(_("Parties present"), [])
    notes = _text(_("What was said"), 4000, rows=5)

    def __init__(
        self, *args: Any, mediators: list[tuple[int, str]], parties: list[tuple[int, str]], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["mediators"].choices = mediators  # type: ignore[attr-defined]
        self.fields["parties"].choices = parties  # type: ignore[attr-defined]


class SettleForm(forms.Form):
    outcome = _choice(_("Outcome"), Outcome.choices)
    settled_at = _choice(_("Settled where"), SettledAt.choices)
    settled_on = _date(_("Settled on"))
    note = _text(
        _("Outcome in words"), 2000, rows=3, required=False, help_text=_("Required unless an agreement was reached.")
    )


class AgreementForm(forms.Form):
    made_on = _date(_("Signed on"), help_text=_("The agreement takes effect when the parties sign it."))
    facts = _text(_("Main facts and points in dispute"), 4000, rows=5)
    obligations = _text(_("Obligations agreed"), 4000, rows=5, help_text=_("What each party will do."))
    performance = _text(_("How they are performed"), 2000, rows=3)
    perform_by = _date(_("Performed by"))


class ScanForm(forms.Form):
    scan = forms.FileField(
        label=_("Scan of the signed agreement"),
        help_text=_("PDF or a photo (JPEG, PNG, HEIC)."),
        error_messages={"required": _("Choose the file."), "empty": _("The file is empty.")},
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,image/*"}),
    )


class FollowupForm(forms.Form):
    followup_on = _date(_("Visited on"))
    performance = _choice(_("Was the agreement performed?"), Performance.choices)
    note = _text(_("Notes"), 2000, rows=3, required=False, help_text=_("Required unless fully performed."))
