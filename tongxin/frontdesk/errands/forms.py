"""Forms of the errands pages; the rules come back from the services next to the field."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from tongxin.frontdesk.errands.models import Kind
from tongxin.platform.core.forms_util import DATE_ERRORS, date_input

CHOOSE = {"required": _("Choose from the list."), "invalid_choice": _("Choose from the list.")}
TEXT_ERRORS = {
    "required": _("This field is required."),
    "max_length": _("At most %(limit_value)d characters (this has %(show_value)d)."),
}


def _date(label: Any, *, required: bool = True, help_text: Any = "") -> forms.DateField:
    return forms.DateField(
        label=label, widget=date_input(), required=required, help_text=help_text, error_messages=DATE_ERRORS
    )


def _line(label: Any, limit: int, *, required: bool = True, **extra: Any) -> forms.CharField:
    return forms.CharField(label=label, max_length=limit, required=required, error_messages=TEXT_ERRORS, **extra)


class ErrandForm(forms.Form):
    visitor_name = _line(_("Name (someone not in the registry)"), 50, required=False)
    visitor_phone = _line(
        _("Phone"), 30, required=False, widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off"})
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=Kind.choices, error_messages=CHOOSE)
    description = _line(_("What is asked"), 1000, widget=forms.Textarea(attrs={"rows": 3}))
    office = _line(_("For which office"), 100, required=False)
    documents = _line(
        _("Documents received"),
        2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One per line, e.g. 户口本复印件."),
    )
    received_on = _date(_("Received on"))
    due_on = _date(_("Deadline"), required=False, help_text=_("Leave empty for the kind's usual time in working days."))

    def __init__(self, *args: Any, resident: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if resident:
            del self.fields["visitor_name"]
            del self.fields["visitor_phone"]


class StepForm(forms.Form):
    on = _date(_("Date"))
    handed_back_to = _line(_("Handed back to"), 50, required=False)
    note = _line(_("Note"), 300, required=False)


class CancelForm(forms.Form):
    reason = _line(_("Reason for cancelling"), 300)


class DocumentForm(forms.Form):
    name = _line(_("Document"), 100)
    received_on = _date(_("Received on"))
