from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from tongxin.partylife.inservice.models import MAX_HOURS, MIN_HOURS, HelpKind, PostType
from tongxin.partylife.inservice.services import MAX_HELP_AMOUNT
from tongxin.platform.core.forms_util import DATE_ERRORS, YUAN_TO_THE_FEN_ERRORS, date_input, yuan_field


class ReportInForm(forms.Form):
    member = forms.TypedChoiceField(label=_("Member"), coerce=int, error_messages={"required": _("Choose a member.")})
    community = forms.TypedChoiceField(
        label=_("Community reported to"), coerce=int, error_messages={"required": _("Choose a community.")}
    )
    reported_on = forms.DateField(label=_("Reported in on"), widget=date_input(), error_messages=DATE_ERRORS)
    employer = forms.CharField(label=_("Employer"), max_length=100, required=False)
    employer_org = forms.CharField(label=_("Employer's party organization"), max_length=100, required=False)
    post_type = forms.ChoiceField(label=_("Type of post"), choices=[("", "—"), *PostType.choices], required=False)
    claimed_post = forms.TypedChoiceField(
        label=_("Claimed post (认领岗位)"),
        coerce=int,
        required=False,
        empty_value=None,
        help_text=_("A post the community has set up; or leave it empty and describe the post below."),
    )
    post = forms.CharField(
        label=_("Post claimed, in words"),
        max_length=100,
        required=False,
        help_text=_("e.g. policy outreach in building 3, weekend patrol at the east gate."),
    )
    skills = forms.CharField(label=_("Skills (特长)"), max_length=200, required=False)
    needs = forms.CharField(label=_("Wishes and needs"), max_length=200, required=False)

    def __init__(
        self,
        *args: Any,
        members: list[tuple[int, str]],
        communities: list[tuple[int, str]],
        posts: list[tuple[int, str]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["member"].choices = [("", "—"), *members]
        self.fields["community"].choices = [("", "—"), *communities]
        self.fields["claimed_post"].choices = [("", "—"), *posts]
        for name in ("member", "community", "claimed_post"):
            self.fields[name].error_messages["invalid_choice"] = _("Choose from the list.")


class ServiceLogForm(forms.Form):
    served_on = forms.DateField(label=_("Served on"), widget=date_input(), error_messages=DATE_ERRORS)
    hours = forms.DecimalField(
        label=_("Hours"),
        min_value=MIN_HOURS,
        max_value=MAX_HOURS,
        max_digits=3,
        decimal_places=1,
        widget=forms.NumberInput(attrs={"step": "0.5", "min": "0.5", "max": "24", "inputmode": "decimal"}),
        error_messages={
            "required": _("Enter the hours."),
            "invalid": _("Enter the hours as a number, e.g. 2 or 1.5."),
            "min_value": _("Hours of service in one day are from 0.5 to 24."),
            "max_value": _("Hours of service in one day are from 0.5 to 24."),
            "max_digits": _("Hours of service in one day are from 0.5 to 24."),
            "max_whole_digits": _("Hours of service in one day are from 0.5 to 24."),
            "max_decimal_places": _("Give the hours to one decimal place at most, e.g. 1.5."),
        },
    )
    description = forms.CharField(
        label=_("What was done"), max_length=300, error_messages={"required": _("Say what was done.")}
    )


class EndForm(forms.Form):
    ended_on = forms.DateField(label=_("Ended on"), widget=date_input(), error_messages=DATE_ERRORS)
    reason = forms.CharField(
        label=_("Why it ended"), max_length=200, required=False, help_text=_("e.g. moved house, changed employer.")
    )


class HelpForm(forms.Form):
    given_on = forms.DateField(label=_("Date"), widget=date_input(), error_messages=DATE_ERRORS)
    kind = forms.ChoiceField(
        label=_("Kind of help"),
        choices=HelpKind.choices,
        error_messages={"invalid_choice": _("Choose the kind of help.")},
    )
    amount = yuan_field(
        _("Amount (yuan)"),
        MAX_HELP_AMOUNT,
        minimum=Decimal("0.01"),
        required=False,
        help_text=_("For material help: the money, or the value of the goods."),
        error_messages=YUAN_TO_THE_FEN_ERRORS,
    )
    description = forms.CharField(label=_("Description"), max_length=300, required=False)
    given_by = forms.CharField(
        label=_("Given by"), max_length=100, required=False, help_text=_("e.g. community Party committee, 王书记.")
    )


class OwnReportInForm(forms.Form):
    """A member reports in themself (from /me/), to the community chosen on the step before."""

    employer = forms.CharField(label=_("Employer"), max_length=100, required=False)
    employer_org = forms.CharField(label=_("Employer's party organization"), max_length=100, required=False)
    claimed_post = forms.TypedChoiceField(
        label=_("Claimed post (认领岗位)"),
        coerce=int,
        required=False,
        empty_value=None,
        help_text=_("A post the community has set up; or leave it empty and describe the post below."),
    )
    post = forms.CharField(
        label=_("Post claimed, in words"),
        max_length=100,
        required=False,
        help_text=_("e.g. policy outreach in building 3, weekend patrol at the east gate."),
    )
    skills = forms.CharField(label=_("Skills (特长)"), max_length=200, required=False)
    needs = forms.CharField(label=_("Wishes and needs"), max_length=200, required=False)

    def __init__(self, *args: Any, posts: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["claimed_post"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", "—"), *posts]
        field.error_messages["invalid_choice"] = _("Choose from the list.")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not self.errors and not data.get("claimed_post") and not (data.get("post") or "").strip():
            raise forms.ValidationError(_("Choose a post of the community, or describe the post you claim."))
        return data


class DeclineForm(forms.Form):
    reason = forms.CharField(
        label=_("Why not (the member reads it)"),
        max_length=200,
        error_messages={"required": _("Say why: the member reads it.")},
    )
