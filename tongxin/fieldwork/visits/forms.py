from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from tongxin.fieldwork.visits.models import Visit
from tongxin.platform.core.forms_util import DATE_ERRORS, IdempotencyKeyField, date_input

CASE_CATEGORY = _("Case category")


class VisitForm(forms.Form):
    visited_on = forms.DateField(label=_("Visited on"), widget=date_input(), error_messages=DATE_ERRORS)
    way = forms.ChoiceField(label=_("How"), choices=Visit.Way.choices, widget=forms.RadioSelect)
    residents_met = forms.TypedMultipleChoiceField(
        label=_("Residents met"), coerce=int, required=False, widget=forms.CheckboxSelectMultiple
    )
    others_met = forms.CharField(
        label=_("Others met"), max_length=200, required=False, help_text=_("e.g. a relative, a carer, a tenant.")
    )
    findings = forms.CharField(
        label=_("Findings"), max_length=4000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    needs = forms.CharField(
        label=_("Needs"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What the household asks for or needs help with."),
    )
    facts_checked = forms.BooleanField(
        label=_("I checked who lives here and their circumstances (六清楚)"),
        required=False,
        help_text=_("Tick it when the registry's people and categories of this household are all still right."),
    )
    confirmed_categories = forms.TypedMultipleChoiceField(
        label=_("Facts confirmed as current"), coerce=int, required=False, widget=forms.CheckboxSelectMultiple
    )
    to_case = forms.BooleanField(label=_("Turn the need into a case"), required=False)
    case_category = forms.TypedChoiceField(label=CASE_CATEGORY, coerce=int, required=False, empty_value=None)
    idempotency_key = IdempotencyKeyField()

    def __init__(
        self,
        *args: Any,
        residents: list[tuple[int, str]],
        facts: list[tuple[int, str]],
        categories: list[tuple[int, str]] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["residents_met"].choices = residents
        self.fields["confirmed_categories"].choices = facts
        if categories is None:  # editing a visit: no case to make, nothing sent from a draft
            del self.fields["to_case"]
            del self.fields["case_category"]
            del self.fields["idempotency_key"]
        else:
            self.fields["case_category"].choices = [("", "—"), *categories]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("to_case"):
            if not (data.get("needs") or "").strip():
                self.add_error("needs", _("Write the need down to turn it into a case."))
            if not data.get("case_category"):
                self.add_error("case_category", _("Choose the kind of case."))
        return data


class CaseForm(forms.Form):
    category = forms.TypedChoiceField(
        label=CASE_CATEGORY, coerce=int, error_messages={"required": _("Choose the kind of case.")}
    )
    description = forms.CharField(
        label=_("Description"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Describe the need.")},
    )

    def __init__(self, *args: Any, categories: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = [("", "—"), *categories]


class CadenceForm(forms.Form):
    category_code = forms.ChoiceField(label=_("Kind of household"))
    months = forms.IntegerField(
        label=_("Visit every (months)"),
        min_value=1,
        max_value=24,
        error_messages={
            "required": _("Enter a number of months."),
            "invalid": _("Enter a whole number of months."),
            "min_value": _("The interval is between 1 and 24 months."),
            "max_value": _("The interval is between 1 and 24 months."),
        },
    )

    def __init__(self, *args: Any, kinds: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["category_code"].choices = kinds
