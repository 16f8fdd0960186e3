from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from tongxin.grid.cases.forms import PhotosField
from tongxin.platform.core.forms_util import DATE_ERRORS, YUAN_TO_THE_FEN_ERRORS, date_input, yuan_field
from tongxin.volunteering.pairing.models import BeneficiaryKind, HelpKind, Outcome
from tongxin.volunteering.pairing.queries import DEFAULT_STALE_DAYS, STATES
from tongxin.volunteering.pairing.services import MAX_AMOUNT

CHOICE_ERRORS = {"invalid_choice": _("Choose from the list."), "invalid_pk_value": _("Choose from the list.")}


def _choices(field: Any, rows: list[tuple[int, str]], *, empty: bool = True) -> None:
    field.choices = [("", "—"), *rows] if empty else rows
    field.error_messages.update(CHOICE_ERRORS)


class FilterForm(forms.Form):
    """The beneficiary list's filters; anything unknown falls back to the default."""

    node = forms.TypedChoiceField(label=_("Community"), coerce=int, required=False, empty_value=None)
    kind = forms.ChoiceField(label=_("Kind"), required=False)
    state = forms.ChoiceField(label=_("Pairing"), required=False)
    stale = forms.BooleanField(label=_("Only those not visited lately"), required=False)
    days = forms.IntegerField(label=_("Not visited in (days)"), required=False, min_value=1, max_value=3650)

    def __init__(self, *args: Any, nodes: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["node"].choices = [("", _("All in my scope")), *nodes]
        self.fields["kind"].choices = [("", _("All kinds")), *BeneficiaryKind.choices]
        labels = {"open": _("Paired now"), "closed": _("Pairing closed"), "never": _("Never paired")}
        self.fields["state"].choices = [("", _("All")), *[(s, labels[s]) for s in STATES]]
        self.fields["days"].widget.attrs.update({"inputmode": "numeric", "placeholder": str(DEFAULT_STALE_DAYS)})


class BeneficiaryForm(forms.Form):
    community = forms.TypedChoiceField(
        label=_("Community"), coerce=int, error_messages={"required": _("Choose a community.")}
    )
    kind = forms.ChoiceField(
        label=_("Kind of beneficiary"),
        choices=BeneficiaryKind.choices,
        error_messages={"invalid_choice": _("Choose the kind of beneficiary from the list.")},
    )
    resident = forms.TypedChoiceField(
        label=_("Resident"),
        coerce=int,
        required=False,
        empty_value=None,
        help_text=_(
            "Residents of the community marked with a care category (低保, 空巢, 独居, 残疾, 留守儿童) come first."
        ),
    )
    whole_household = forms.BooleanField(label=_("The whole household is looked after (困难户)"), required=False)
    member = forms.TypedChoiceField(
        label=_("Needy party member (困难党员)"), coerce=int, required=False, empty_value=None
    )
    needs = forms.CharField(
        label=_("Needs"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("e.g. lives alone on the 6th floor, needs help with shopping and hospital visits."),
    )
    since = forms.DateField(label=_("Looked after since"), widget=date_input(), error_messages=DATE_ERRORS)

    def __init__(
        self,
        *args: Any,
        communities: list[tuple[int, str]],
        residents: list[tuple[int, str]],
        members: list[tuple[int, str]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        _choices(self.fields["community"], communities)
        _choices(self.fields["resident"], residents)
        _choices(self.fields["member"], members)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if not self.errors and not data.get("resident") and not data.get("member"):
            self.add_error("resident", _("Choose the resident, the needy member or the household to look after."))
        return data


class StartForm(forms.Form):
    goal = forms.CharField(
        label=_("Goal of the pairing"),
        max_length=300,
        help_text=_("e.g. a visit every month, help with shopping and medicine, a call every week."),
        error_messages={"required": _("Say what the pairing is for, e.g. weekly visits and help with shopping.")},
    )
    started_on = forms.DateField(label=_("Paired on"), widget=date_input(), error_messages=DATE_ERRORS)
    visit_interval_days = forms.IntegerField(
        label=_("Visit every (days)"),
        min_value=1,
        max_value=366,
        initial=30,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        error_messages={
            "required": _("Visit every 1 to 366 days."),
            "invalid": _("Visit every 1 to 366 days."),
            "min_value": _("Visit every 1 to 366 days."),
            "max_value": _("Visit every 1 to 366 days."),
        },
    )
    members = forms.TypedMultipleChoiceField(
        label=_("Party members"), coerce=int, required=False, widget=forms.SelectMultiple(attrs={"size": 6})
    )
    volunteers = forms.TypedMultipleChoiceField(
        label=_("Volunteers"), coerce=int, required=False, widget=forms.SelectMultiple(attrs={"size": 6})
    )
    teams = forms.TypedMultipleChoiceField(label=_("Volunteer teams"), coerce=int, required=False)
    units = forms.TypedMultipleChoiceField(label=_("Resident units"), coerce=int, required=False)

    def __init__(
        self,
        *args: Any,
        members: list[tuple[int, str]],
        volunteers: list[tuple[int, str]],
        teams: list[tuple[int, str]],
        units: list[tuple[int, str]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        for name, rows in (("members", members), ("volunteers", volunteers), ("teams", teams), ("units", units)):
            _choices(self.fields[name], rows, empty=False)
            self.fields[name].error_messages["invalid_choice"] = _("Choose helpers from the lists.")
        self.fields["teams"].widget = forms.CheckboxSelectMultiple(choices=teams)
        self.fields["units"].widget = forms.CheckboxSelectMultiple(choices=units)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if not self.errors and not any(data.get(k) for k in ("members", "volunteers", "teams", "units")):
            self.add_error(
                None, _("Choose at least one helper: a party member, a volunteer, a team or a resident unit.")
            )
        return data


class VisitForm(forms.Form):
    help_kind = forms.ChoiceField(
        label=_("Help given"),
        choices=HelpKind.choices,
        initial=HelpKind.VISIT,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose the help given."), "invalid_choice": _("Choose the help given.")},
    )
    visited_on = forms.DateField(label=_("Visited on"), widget=date_input(), error_messages=DATE_ERRORS)
    helper = forms.TypedChoiceField(label=_("Helper who went"), coerce=int, required=False, empty_value=None)
    amount = yuan_field(
        _("Amount (yuan)"),
        MAX_AMOUNT,
        minimum=Decimal("0.01"),
        required=False,
        help_text=_("For money or goods: the money, or the value of the goods."),
        error_messages=YUAN_TO_THE_FEN_ERRORS,
    )
    hours = forms.DecimalField(
        label=_("Hours of service"),
        required=False,
        max_digits=3,
        decimal_places=1,
        help_text=_("A volunteer's hours are credited to their record of service hours."),
        widget=forms.NumberInput(attrs={"step": "0.5", "min": "0.5", "max": "24", "inputmode": "decimal"}),
        error_messages={
            "invalid": _("Enter the hours as a number, e.g. 2 or 1.5."),
            "max_digits": _("Hours of service in one day are from 0.5 to 24."),
            "max_whole_digits": _("Hours of service in one day are from 0.5 to 24."),
            "max_decimal_places": _("Give the hours to one decimal place at most, e.g. 1.5."),
        },
    )
    note = forms.CharField(
        label=_("What was done, how they are"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    photos = PhotosField()
    problem = forms.CharField(
        label=_("A problem to report (becomes a case)"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("e.g. the stairwell light is broken, a leaking pipe. Leave empty if there is none."),
    )
    category = forms.TypedChoiceField(label=_("What kind of problem"), coerce=int, required=False, empty_value=None)

    def __init__(
        self,
        *args: Any,
        helpers: list[tuple[int, str]],
        categories: list[tuple[int, str]] | None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        _choices(self.fields["helper"], helpers)
        if categories is None:
            # The visitor may not report cases there (or there is no household): no problem fields.
            del self.fields["problem"]
            del self.fields["category"]
        else:
            _choices(self.fields["category"], categories)


class CloseForm(forms.Form):
    closed_on = forms.DateField(label=_("Closed on"), widget=date_input(), error_messages=DATE_ERRORS)
    outcome = forms.ChoiceField(
        label=_("Outcome"),
        choices=Outcome.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose the outcome of the pairing."),
            "invalid_choice": _("Choose the outcome of the pairing."),
        },
    )
    note = forms.CharField(
        label=_("Closing note"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("e.g. found a job and no longer needs help; moved to a care home."),
    )


class FiguresForm(forms.Form):
    node = forms.TypedChoiceField(label=_("Place"), coerce=int, required=False, empty_value=None)
    start = forms.DateField(label=_("From"), widget=date_input(), required=False)
    end = forms.DateField(label=_("To"), widget=date_input(), required=False)

    def __init__(self, *args: Any, nodes: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["node"].choices = [("", _("All in my scope")), *nodes]
