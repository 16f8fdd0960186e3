from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from tongxin.platform.core.forms_util import date_input
from tongxin.platform.core.models import AuditEvent


class AuditFilterForm(forms.Form):
    user = forms.CharField(label=_("User"), required=False, max_length=150)
    action = forms.ChoiceField(label=_("Action"), required=False, choices=[("", _("All"))] + AuditEvent.Action.choices)
    object_type = forms.ChoiceField(
        label=_("Record"),
        required=False,
        choices=[
            ("", _("All")),
            ("people.resident", _("Resident")),
            ("areas.household", _("Household")),
            ("areas.area", _("Area")),
            ("party.partymember", _("Party member")),
            ("party.organization", _("Party organization")),
            ("cobuild.residentunit", _("Resident unit")),
            ("cobuild.unitcontact", _("Unit contact")),
            ("access.user", _("User")),
        ],
    )
    object_id = forms.CharField(label=_("Record id"), required=False, max_length=40)
    date_from = forms.DateField(label=_("From"), required=False, widget=date_input())
    date_to = forms.DateField(label=_("To"), required=False, widget=date_input())
