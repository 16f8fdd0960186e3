from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from tongxin.grid.cases.forms import PhotosField, keep_location_field
from tongxin.grid.cases.models import CaseCategory, Rating
from tongxin.platform.core.forms_people import PhoneField
from tongxin.registry.areas.models import Area, Level


class PublicReportForm(forms.Form):
    category = forms.ModelChoiceField(
        label=_("What kind of problem"),
        queryset=CaseCategory.objects.filter(is_active=True, children__isnull=True),
        empty_label=_("Choose…"),
    )
    community = forms.ModelChoiceField(
        label=_("Your community or village"),
        queryset=Area.objects.filter(level__in=[Level.COMMUNITY, Level.VILLAGE]).order_by("path"),
        empty_label=_("Choose…"),
    )
    building = forms.TypedChoiceField(
        label=_("Building"), coerce=int, choices=(), help_text=_("Choose your community first.")
    )
    description = forms.CharField(label=_("What is wrong"), max_length=2000, widget=forms.Textarea(attrs={"rows": 4}))
    photos = PhotosField(label=_("Photos (optional)"))
    keep_location = keep_location_field()
    name = forms.CharField(label=_("Your name (optional)"), max_length=50, required=False)
    phone = PhoneField(
        label=_("Your mobile phone"),
        required=True,
        help_text=_("With the tracking code it lets you follow the case and rate the result. It is never shown."),
    )

    def __init__(self, *args: Any, buildings: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["building"].choices = [("", "—"), *buildings]


class TrackForm(forms.Form):
    code = forms.CharField(label=_("Tracking code"), max_length=16)
    phone = PhoneField(label=_("The phone number you gave"), required=True)

    def clean_code(self) -> str:
        return self.cleaned_data["code"].strip().upper()


class RateForm(forms.Form):
    rating = forms.ChoiceField(label=_("How was it handled?"), choices=Rating.choices, widget=forms.RadioSelect)
    comment = forms.CharField(
        label=_("Anything to add"), max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
