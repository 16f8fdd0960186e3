"""Forms of the places pages: what a secretary types, checked field by field; the rules come
back from the services next to the field."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from tongxin.platform.core.forms_util import MultipleFileInput
from tongxin.registry.places.hours import WEEKDAYS, HoursError, day_parse, day_text
from tongxin.registry.places.models import PlaceKind

CHOOSE = {"required": _("Choose from the list."), "invalid_choice": _("Choose from the list.")}
TEXT_ERRORS = {
    "required": _("This field is required."),
    "max_length": _("At most %(limit_value)d characters (this has %(show_value)d)."),
}
COUNT_ERRORS = {
    "invalid": _("Enter a whole number."),
    "min_value": _("Enter a number of people from 1 to %(limit_value)s."),
    "max_value": _("Enter a number of people from 1 to %(limit_value)s."),
}
COORD_ERRORS = {
    "invalid": _("Enter the location as numbers, e.g. 39.9087 and 116.3975."),
    "max_digits": _("Enter the location as numbers, e.g. 39.9087 and 116.3975."),
    "max_whole_digits": _("Enter the location as numbers, e.g. 39.9087 and 116.3975."),
    "max_decimal_places": _("At most six decimal places."),
}


def _line(label: Any, limit: int, *, required: bool = False, help_text: Any = "", **attrs: Any) -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=limit,
        required=required,
        help_text=help_text,
        error_messages=TEXT_ERRORS,
        widget=forms.TextInput(attrs=attrs) if attrs else None,
    )


def _lines(label: Any, help_text: Any) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=False,
        max_length=3000,
        help_text=help_text,
        error_messages=TEXT_ERRORS,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


def _coordinate(label: Any) -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        required=False,
        max_digits=12,
        decimal_places=6,
        error_messages=COORD_ERRORS,
        widget=forms.NumberInput(attrs={"step": "any", "inputmode": "decimal"}),
    )


class PlaceForm(forms.Form):
    area = forms.TypedChoiceField(label=_("Belongs to"), coerce=int, choices=(), error_messages=CHOOSE)
    kind = forms.ChoiceField(label=_("Kind"), choices=PlaceKind.choices, error_messages=CHOOSE)
    name = _line(pgettext_lazy("place", "Name"), 100, required=True)
    address = _line(_("Address"), 200, required=True)
    phone = _line(
        _("Public phone"), 30, help_text=_("The office's number, shown to residents: never a person's own."),
        inputmode="tel",
    )  # fmt: skip
    unit = forms.TypedChoiceField(
        label=_("Run by"), coerce=int, choices=(), required=False, empty_value=None,
        help_text=_("A resident unit that runs it (a convenience station in a shop), or the community itself."),
    )  # fmt: skip
    capacity = forms.IntegerField(
        label=_("Capacity (people)"), required=False, min_value=1, max_value=100000, error_messages=COUNT_ERRORS,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )  # fmt: skip
    services = _lines(_("Services offered"), _("One per line, e.g. 代缴水电费."))
    facilities = _lines(_("Facilities"), _("One per line, e.g. 阅览室, 无障碍通道."))
    hours_note = _line(_("About the hours"), 100, help_text=_("What the hours cannot say, e.g. 节假日休息."))
    closed_on_holidays = forms.BooleanField(label=_("Closed on official holidays"), required=False)
    latitude = _coordinate(_("Latitude"))
    longitude = _coordinate(_("Longitude"))
    description = forms.CharField(
        label=_("Description"), max_length=1000, required=False, widget=forms.Textarea(attrs={"rows": 3}),
        error_messages=TEXT_ERRORS,
    )  # fmt: skip
    active = forms.BooleanField(label=_("Open to residents"), required=False, initial=True)

    def __init__(self, *args: Any, areas: list[tuple[int, str]], units: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["area"]).choices = [("", "—"), *areas]
        cast(forms.ChoiceField, self.fields["unit"]).choices = [("", _("The community itself")), *units]
        for day, name in WEEKDAYS:
            self.fields[f"hours_{day}"] = forms.CharField(
                label=name,
                required=False,
                max_length=100,
                error_messages=TEXT_ERRORS,
                widget=forms.TextInput(attrs={"placeholder": "08:30-12:00 14:00-17:30", "autocomplete": "off"}),
            )

    def hour_fields(self) -> list[Any]:
        return [self[f"hours_{d}"] for d, _n in WEEKDAYS]

    def other_fields(self) -> list[Any]:
        return [self[name] for name in self.fields if not name.startswith("hours_") or name == "hours_note"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        hours: dict[str, str] = {}
        for day, _n in WEEKDAYS:
            text = data.get(f"hours_{day}") or ""
            try:
                hours[day] = day_text(day_parse(text))
            except HoursError as exc:
                self.add_error(f"hours_{day}", str(exc))
        data["hours"] = hours
        return data

    @staticmethod
    def initial_hours(hours: dict[str, list[list[str]]]) -> dict[str, str]:
        return {f"hours_{d}": day_text(hours.get(d, [])) for d, _n in WEEKDAYS}


class PhotosField(forms.FileField):
    """Several photos under one name; what they are is checked by `images.photos_process`."""

    widget = MultipleFileInput(attrs={"accept": "image/*,.heic,.heif"})

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        files = [f for f in (data if isinstance(data, list | tuple) else [data]) if f]
        if not files:
            raise forms.ValidationError(_("Choose a photo."), code="required")
        return files


class PhotoForm(forms.Form):
    photos = PhotosField(label=_("Photos"))
    caption = _line(_("Caption"), 100)
    public = forms.BooleanField(
        label=_("Show on the public page"), required=False, initial=True,
        help_text=_("Untick for a photo only staff should see."),
    )  # fmt: skip
