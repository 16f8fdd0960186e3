from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from tongxin.cases.models import CaseCategory
from tongxin.cases.workflow import State
from tongxin.core.forms_people import PhoneField


class ReportForm(forms.Form):
    category = forms.ModelChoiceField(
        label=_("What kind of problem"), queryset=CaseCategory.objects.none(), empty_label=_("Choose…")
    )
    description = forms.CharField(
        label=_("What is wrong"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Where exactly, since when, who is affected."),
    )
    area = forms.TypedChoiceField(label=_("Where"), coerce=int, choices=())
    reporter_name = forms.CharField(label=_("Reported by (if not you)"), max_length=50, required=False)
    reporter_phone = PhoneField(label=_("Their phone, to tell them the result"))

    def __init__(self, *args: Any, places: list[tuple[str, list[tuple[int, str]]]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Only leaves of the category tree: "neighbour dispute", not the group "disputes".
        self.fields["category"].queryset = CaseCategory.objects.filter(is_active=True, children__isnull=True)
        self.fields["area"].choices = places


class TransitionForm(forms.Form):
    to = forms.ChoiceField(choices=State.choices, widget=forms.HiddenInput)
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=2**31)
    comment = forms.CharField(
        label=_("Comment"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    assignee = forms.TypedChoiceField(label=_("Handled by"), coerce=int, required=False, empty_value=None, choices=())

    def __init__(self, *args: Any, assignees: list[tuple[int, str]] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["assignee"].choices = [("", "—"), *(assignees or [])]


class QueueFilterForm(forms.Form):
    q = forms.CharField(label=_("Tracking code or words"), max_length=50, required=False)
    state = forms.ChoiceField(label=_("State"), required=False, choices=[("", _("All")), *State.choices])
    category = forms.ModelChoiceField(
        label=_("Category"), required=False, queryset=CaseCategory.objects.all(), empty_label=_("All")
    )
