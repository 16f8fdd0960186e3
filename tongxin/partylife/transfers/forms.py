from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from tongxin.partylife.transfers.models import TRANSFER_KINDS, ContactLog, Direction, LetterScope, TransferState
from tongxin.platform.core.forms_util import date_input
from tongxin.registry.party.models import MemberKind, PartyMember

Choices = list[tuple[int, str]]


def _choice(label: Any, choices: Choices, *, required: bool = True, help_text: Any = "") -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label,
        choices=[("", "—"), *choices],
        coerce=int,
        empty_value=None,
        required=required,
        help_text=help_text,
    )


class TransferForm(forms.Form):
    """The fields a transfer needs depend on its direction; the service checks the rest."""

    letter_scope = forms.ChoiceField(
        label=_("The letter goes"),
        choices=LetterScope.choices,
        help_text=_("Valid 10 days within the city, 30 days elsewhere, from the day it is issued."),
    )
    letter_number = forms.CharField(label=_("Letter number (介绍信编号)"), max_length=40, required=False)
    initiated_on = forms.DateField(label=_("Initiated on"), widget=date_input())
    note = forms.CharField(label=_("Note"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(
        self,
        *args: Any,
        direction: str,
        members: Choices,
        receivers: Choices,
        branches: Choices,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.direction = direction
        fields: dict[str, forms.Field] = {}
        if direction in (Direction.OUT, Direction.INTERNAL):
            fields["member"] = _choice(_("Member"), members)
        if direction == Direction.OUT:
            fields["to_name"] = forms.CharField(
                label=_("Transfers to (organization outside the system)"), max_length=100
            )
        elif direction == Direction.INTERNAL:
            fields["to_org"] = _choice(_("Transfers to"), receivers)
        else:
            fields["name"] = forms.CharField(label=_("Name"), max_length=50)
            fields["id_number"] = forms.CharField(label=_("ID number"), max_length=30, required=False)
            fields["phone"] = forms.CharField(label=_("Phone"), max_length=30, required=False)
            fields["member_kind"] = forms.ChoiceField(
                label=_("Kind of member"),
                choices=[c for c in MemberKind.choices if c[0] in TRANSFER_KINDS],
            )
            fields["member_status"] = forms.ChoiceField(label=_("Status"), choices=PartyMember.Status.choices)
            fields["from_name"] = forms.CharField(label=_("Comes from (organization)"), max_length=100)
            fields["to_org"] = _choice(_("Received by"), receivers)
            fields["place_in"] = _choice(
                _("Placed in branch"),
                branches,
                required=False,
                help_text=_("Required for a retired member: the branch that will keep them."),
            )
        # The direction's own fields first, the letter after them.
        self.fields = {**fields, **self.fields}


class TransitionForm(forms.Form):
    to = forms.ChoiceField(choices=TransferState.choices)
    on = forms.DateField(label=_("Date"), required=False, widget=date_input())
    reason = forms.CharField(label=_("Reason"), max_length=200, required=False)
    letter_number = forms.CharField(label=_("Letter number (介绍信编号)"), max_length=40, required=False)


class TransferFilterForm(forms.Form):
    node = forms.TypedChoiceField(label=_("Organization"), required=False, coerce=int, empty_value=None)
    state = forms.ChoiceField(
        label=_("State"),
        required=False,
        choices=[("", _("All states")), ("pending", _("Pending (not completed)")), *TransferState.choices],
    )
    direction = forms.ChoiceField(
        label=_("Direction"), required=False, choices=[("", _("All directions")), *Direction.choices]
    )
    overdue = forms.BooleanField(label=_("Overdue letters only"), required=False)

    def __init__(self, *args: Any, nodes: Choices, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["node"].choices = [("", _("Everything I look after")), *nodes]


class FloatingFilterForm(forms.Form):
    node = forms.TypedChoiceField(label=_("Organization"), required=False, coerce=int, empty_value=None)
    flag = forms.ChoiceField(
        label=_("Show"),
        required=False,
        choices=[
            ("", _("Everyone")),
            ("away", _("Away now")),
            ("silent", _("No contact for 6 months")),
            ("needs_transfer", _("Over 6 months at a fixed place: transfer")),
        ],
    )

    def __init__(self, *args: Any, nodes: Choices, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["node"].choices = [("", _("Everything I look after")), *nodes]


class FloatingOutForm(forms.Form):
    member = forms.TypedChoiceField(label=_("Member"), coerce=int, empty_value=None)
    certificate_number = forms.CharField(label=_("Certificate no. (流动党员活动证)"), max_length=40)
    destination = forms.CharField(label=_("Gone to"), max_length=100)
    fixed_place = forms.BooleanField(label=_("At one fixed place (work, study)"), required=False)
    station = forms.TypedChoiceField(
        label=_("Liaison station that keeps in touch"), coerce=int, empty_value=None, required=False
    )
    phone = forms.CharField(label=_("Phone where they are"), max_length=30, required=False)
    left_on = forms.DateField(label=_("Away from"), widget=date_input())
    back_on = forms.DateField(label=_("Back on"), widget=date_input(), required=False)
    note = forms.CharField(label=_("Note"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, members: Choices, stations: Choices, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["member"].choices = [("", "—"), *members]
        self.fields["station"].choices = [("", "—"), *stations]


class FloatingInForm(forms.Form):
    station = forms.TypedChoiceField(label=_("Liaison station"), coerce=int, empty_value=None)
    name = forms.CharField(label=_("Name"), max_length=50)
    home_org = forms.CharField(label=_("Home organization"), max_length=100)
    certificate_number = forms.CharField(label=_("Certificate no. (流动党员活动证)"), max_length=40)
    phone = forms.CharField(label=_("Phone"), max_length=30, required=False)
    arrived_on = forms.DateField(label=_("Arrived on"), widget=date_input())
    note = forms.CharField(label=_("Note"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, stations: Choices, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["station"].choices = [("", "—"), *stations]


class ContactForm(forms.Form):
    on = forms.DateField(label=_("Date"), widget=date_input())
    how = forms.ChoiceField(label=_("How"), choices=ContactLog.How.choices)
    note = forms.CharField(label=_("Note"), max_length=500, required=False)


class EndForm(forms.Form):
    on = forms.DateField(label=_("Date"), widget=date_input())
