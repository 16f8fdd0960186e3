"""Forms of the needs and projects pages: what the user types, checked for shape; the rules are the
services'."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from tongxin.cobuilding.projects.models import NeedCategory
from tongxin.grid.cases.forms import PhotosField
from tongxin.platform.core.forms_util import DATE_ERRORS, MultipleFileInput, date_input, yuan_field

MAX_BUDGET = Decimal("99999999.99")
DOCUMENT_ACCEPT = ".pdf,.doc,.docx,.xls,.xlsx"


class NeedForm(forms.Form):
    title = forms.CharField(label=_("What is needed"), max_length=100)
    category = forms.ChoiceField(label=_("Category"), choices=NeedCategory.choices)
    place = forms.TypedChoiceField(label=_("Where"), coerce=int, required=False, empty_value=None)
    description = forms.CharField(
        label=_("Description"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    people_affected = forms.IntegerField(label=_("People affected"), min_value=0, max_value=1_000_000, initial=0)
    wanted_by = forms.DateField(label=_("Wanted by"), required=False, widget=date_input(), error_messages=DATE_ERRORS)
    open_to_claim = forms.BooleanField(label=_("List it for units and members to claim"), required=False, initial=True)
    source = forms.CharField(widget=forms.HiddenInput, required=False)
    source_id = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1, max_value=2**62)

    def __init__(self, *args: Any, places: list[tuple[int, str]], whole: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        place = self.fields["place"]
        place.choices = [("", _("The whole community")), *places] if whole else places  # type: ignore[attr-defined]
        place.required = not whole


class ClaimForm(forms.Form):
    """A unit's claim (认领): a plan, a budget and a date are optional — it can say them later."""

    description = forms.CharField(
        label=_("Plan"), max_length=4000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    budget = yuan_field(_("Budget (yuan)"), MAX_BUDGET, required=False)
    due_on = forms.DateField(label=_("To be done by"), required=False, widget=date_input(), error_messages=DATE_ERRORS)


class StaffMatchForm(ClaimForm):
    """Staff match a need to a unit and resources, on the unit's behalf (a joint meeting decided)."""

    unit = forms.TypedChoiceField(label=_("Unit"), coerce=int)
    resources = forms.TypedMultipleChoiceField(
        label=_("Resources used"), coerce=int, required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(
        self, *args: Any, units: list[tuple[int, str]], resources: list[tuple[int, str]], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].choices = units  # type: ignore[attr-defined]
        self.fields["resources"].choices = resources  # type: ignore[attr-defined]


class MilestoneForm(forms.Form):
    title = forms.CharField(label=_("Milestone"), max_length=100)
    due_on = forms.DateField(label=_("Due on"), required=False, widget=date_input(), error_messages=DATE_ERRORS)


class ReportForm(forms.Form):
    report = forms.CharField(label=_("What was done"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))
    done_on = forms.DateField(label=_("Done on"), widget=date_input(), error_messages=DATE_ERRORS)
    photos = PhotosField()
    documents = forms.FileField(
        label=_("Documents (PDF, Word, Excel)"),
        required=False,
        widget=MultipleFileInput(attrs={"accept": DOCUMENT_ACCEPT}),
    )

    def clean_documents(self) -> list[Any]:
        return [f for f in self.files.getlist(self.add_prefix("documents")) if f]


class CompleteForm(forms.Form):
    summary = forms.CharField(
        label=_("What the project did"), max_length=4000, widget=forms.Textarea(attrs={"rows": 4})
    )
    people_served = forms.IntegerField(label=_("People served"), min_value=0, max_value=1_000_000)
    spent = yuan_field(_("Money spent (yuan)"), MAX_BUDGET, required=False)
    volunteer_hours = forms.DecimalField(
        label=_("Volunteer hours given"), min_value=0, max_value=Decimal("99999999"), decimal_places=1, initial=0
    )
    completed_on = forms.DateField(label=_("Date completed"), widget=date_input(), error_messages=DATE_ERRORS)
    photos = PhotosField(label=_("Photos of the result"))


class CancelForm(forms.Form):
    reason = forms.CharField(label=_("Why it is cancelled"), max_length=200)


class RatingForm(forms.Form):
    score = forms.TypedChoiceField(
        label=_("Your rating"),
        coerce=int,
        choices=[(n, str(n)) for n in range(5, 0, -1)],
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose from one to five stars."),
            "invalid_choice": _("Choose from one to five stars."),
        },
    )
    comment = forms.CharField(
        label=_("Anything to add (optional, seen by the community's staff only)"),
        max_length=300,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class StaffRatingForm(RatingForm):
    household = forms.CharField(
        label=_("Household visited"),
        max_length=60,
        help_text=_("Building and room, e.g. 12号楼 301: one rating per household."),
    )
