"""Forms of the agreements pages: what a person types, checked field by field; the rules come
back from the services next to the field."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from tongxin.cobuilding.agreements.models import CommitmentKind
from tongxin.platform.core.forms_util import DATE_ERRORS, date_input

CHOOSE = {"required": _("Choose from the list."), "invalid_choice": _("Choose from the list.")}
TEXT_ERRORS = {
    "required": _("This field is required."),
    "max_length": _("At most %(limit_value)d characters (this has %(show_value)d)."),
}
NUMBER_ERRORS = {
    "required": _("This field is required."),
    "invalid": _("Enter a number, e.g. 20 or 1.5."),
    "max_digits": _("This quantity is too large."),
    "max_whole_digits": _("This quantity is too large."),
    "max_decimal_places": _("At most two decimal places."),
    "min_value": _("Enter a quantity above zero."),
}


def _date(label: Any) -> forms.DateField:
    return forms.DateField(label=label, widget=date_input(), error_messages=DATE_ERRORS)


def _line(label: Any, limit: int, *, required: bool = True, help_text: Any = "") -> forms.CharField:
    return forms.CharField(
        label=label, max_length=limit, required=required, help_text=help_text, error_messages=TEXT_ERRORS
    )


def quantity_field(label: Any) -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        max_digits=12,
        decimal_places=2,
        min_value=0.01,
        error_messages=NUMBER_ERRORS,
        widget=forms.NumberInput(attrs={"step": "any", "inputmode": "decimal"}),
    )


class AgreementForm(forms.Form):
    unit = forms.TypedChoiceField(label=_("Unit"), coerce=int, choices=(), error_messages=CHOOSE)
    year = forms.IntegerField(
        label=_("Year"), min_value=2000, max_value=2100, error_messages={"invalid": _("Enter a year, e.g. 2026.")}
    )
    title = _line(pgettext_lazy("agreement", "Title"), 200)
    starts_on = _date(_("In force from"))
    ends_on = _date(_("In force until"))
    note = forms.CharField(
        label=_("Note"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages=TEXT_ERRORS,
    )

    def __init__(self, *args: Any, units: list[tuple[int, str]] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if units is None:
            del self.fields["unit"]
        else:
            cast(forms.ChoiceField, self.fields["unit"]).choices = [("", "—"), *units]


class CommitmentForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=CommitmentKind.choices, error_messages=CHOOSE)
    description = _line(_("What is committed"), 200)
    quantity = quantity_field(_("Quantity"))
    measure = _line(
        _("Unit of measure"), 20, required=False, help_text=_("Leave empty for the kind's own (hours, yuan…).")
    )


class SignForm(forms.Form):
    signed_on = _date(_("Signed on"))
    community_signatory = _line(_("Signed for the community by"), 50)
    unit_signatory = _line(_("Signed for the unit by"), 50)


class ScanForm(forms.Form):
    scan = forms.FileField(
        label=_("Scan of the signed agreement (PDF or photo)"),
        error_messages={"required": _("Choose a file."), "empty": _("The file is empty.")},
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,image/*"}),
    )


class DeliveryForm(forms.Form):
    quantity = quantity_field(_("Quantity delivered"))
    delivered_on = _date(_("Delivered on"))
    description = _line(_("What was delivered"), 300, required=False)
