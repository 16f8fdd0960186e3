from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from tongxin.grid.cases.models import CaseCategory
from tongxin.grid.cases.workflow import State
from tongxin.platform.core.forms_people import PhoneField
from tongxin.platform.core.forms_util import IdempotencyKeyField, MultipleFileInput, QuickSelect

# Browsers on desktops may not map .heic to image/*: name it too.
PHOTO_ACCEPT = "image/*,.heic,.heif"


class PhotosField(forms.FileField):
    """Any number of files under one name; what they are is checked by `photos.photos_process`."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("label", _("Photos"))
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": PHOTO_ACCEPT}))
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        files = data if isinstance(data, list | tuple) else [data]
        return [f for f in files if f]

    @property
    def max_count(self) -> int:
        return settings.CASE_PHOTO_MAX_COUNT

    @property
    def max_mb(self) -> int:
        return settings.CASE_PHOTO_MAX_MB


def keep_location_field() -> forms.BooleanField:
    """Off unless ticked: a photo's location can tell where the reporter lives."""
    return forms.BooleanField(
        label=_("Keep the photos' location"),
        required=False,
        help_text=_("Only if it helps to find the place. Otherwise the location stored in the photos is removed."),
    )


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
    photos = PhotosField()
    keep_location = keep_location_field()
    # Chosen with the building search (or left empty when the current location places the
    # case); the choices only validate what the picker sent.
    area = forms.TypedChoiceField(
        label=_("Building or grid"),
        coerce=int,
        required=False,
        empty_value=None,
        choices=(),
        widget=forms.HiddenInput,
    )
    household = forms.TypedChoiceField(
        label=_("Household (optional)"), coerce=int, required=False, empty_value=None, choices=()
    )
    # Filled by 使用当前位置 (the browser's geolocation), never typed.
    latitude = forms.FloatField(
        label=_("Latitude"), required=False, min_value=-90, max_value=90, widget=forms.HiddenInput
    )
    longitude = forms.FloatField(
        label=_("Longitude"), required=False, min_value=-180, max_value=180, widget=forms.HiddenInput
    )
    people_involved = forms.CharField(
        label=_("People involved (optional)"),
        max_length=200,
        required=False,
        help_text=_("Names or a description, e.g. the tenant of 502."),
    )
    reporter_name = forms.CharField(label=_("Reported by (if not you)"), max_length=50, required=False)
    reporter_phone = PhoneField(label=_("Their phone, to tell them the result"))
    idempotency_key = IdempotencyKeyField()

    def __init__(
        self,
        *args: Any,
        places: list[tuple[str, list[tuple[int, str]]]],
        households: list[tuple[int, str]] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        # Only leaves of the category tree: "neighbour dispute", not the group "disputes".
        self.fields["category"].queryset = CaseCategory.objects.filter(is_active=True, children__isnull=True)
        self.fields["area"].choices = [("", _("Choose…")), *places]
        self.fields["household"].choices = [("", "—"), *(households or [])]


class TransitionForm(forms.Form):
    to = forms.ChoiceField(choices=State.choices, widget=forms.HiddenInput)
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=2**31)
    comment = forms.CharField(
        label=_("Comment"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    assignee = forms.TypedChoiceField(label=_("Handled by"), coerce=int, required=False, empty_value=None, choices=())
    photos = PhotosField()

    def __init__(self, *args: Any, assignees: list[tuple[int, str]] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["assignee"].choices = [("", "—"), *(assignees or [])]


class QueueFilterForm(forms.Form):
    q = forms.CharField(label=_("Tracking code or words"), max_length=50, required=False)
    state = forms.ChoiceField(
        label=_("State"), required=False, choices=[("", _("All")), *State.choices], widget=QuickSelect
    )
    category = forms.ModelChoiceField(
        label=_("Category"),
        required=False,
        queryset=CaseCategory.objects.all(),
        empty_label=_("All"),
        widget=QuickSelect,
    )
    unplaced = forms.BooleanField(label=_("Location to be confirmed only (位置待核实)"), required=False)
    carded = forms.BooleanField(label=_("Carded only (yellow or red)"), required=False)


class PlaceForm(forms.Form):
    """定位: the grid or building an unplaced case belongs in."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=2**31)
    # Checked by the scope gate and the service (under the case's office), not against the
    # options: a POST need not read the office's whole tree again.
    area = forms.IntegerField(label=_("Grid or building"), min_value=1, max_value=2**63 - 1, widget=forms.Select)
    comment = forms.CharField(
        label=_("How it was found (optional)"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(
        self, *args: Any, places: list[tuple[str, list[tuple[int, str]]]] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["area"].widget.choices = [("", _("Choose…")), *(places or [])]
