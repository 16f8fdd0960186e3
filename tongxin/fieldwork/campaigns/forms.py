"""Forms of the campaign pages: what a person types, checked field by field; the rules come back
from the services next to the field."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from tongxin.fieldwork.campaigns.models import CampaignKind, PointKind, TargetKind
from tongxin.grid.cases.forms import PhotosField
from tongxin.platform.core.forms_util import DATE_ERRORS, date_input

CHOOSE = {"required": _("Choose from the list."), "invalid_choice": _("Choose from the list.")}
TEXT_ERRORS = {
    "required": _("This field is required."),
    "max_length": _("At most %(limit_value)d characters (this has %(show_value)d)."),
}
DEGREE_ERRORS: dict[str, Any] = {
    "required": _("This field is required."),
    "invalid": _("Enter a number of degrees, e.g. 30.123456."),
    "max_digits": _("Enter a number of degrees, e.g. 30.123456."),
    "max_whole_digits": _("Enter a number of degrees, e.g. 30.123456."),
    "max_decimal_places": _("At most six decimal places."),
    "min_value": _("Enter a number of degrees between -%(limit)d and %(limit)d.") % {"limit": 180},
    "max_value": _("Enter a number of degrees between -%(limit)d and %(limit)d.") % {"limit": 180},
}


def _date(label: Any) -> forms.DateField:
    return forms.DateField(label=label, widget=date_input(), error_messages=DATE_ERRORS)


def _choices(field: Any, choices: list[tuple[Any, str]], *, blank: bool = True) -> None:
    cast(forms.ChoiceField, field).choices = [("", "—"), *choices] if blank else choices


class CampaignForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Template"), choices=CampaignKind.choices, widget=forms.RadioSelect, error_messages=CHOOSE
    )
    place = forms.TypedChoiceField(
        label=_("Place"),
        coerce=int,
        choices=(),
        error_messages=CHOOSE,
        help_text=_("The community, or one grid or building of it."),
    )
    target_kind = forms.ChoiceField(
        label=_("What to check"),
        choices=[("", _("As the template says")), *TargetKind.choices],
        required=False,
        error_messages=CHOOSE,
    )
    name = forms.CharField(
        label=_("Name"),
        max_length=100,
        required=False,
        error_messages=TEXT_ERRORS,
        help_text=_("Leave empty for the template's name."),
    )
    starts_on = _date(_("Starts on"))
    ends_on = _date(_("Ends on"))

    def __init__(self, *args: Any, places: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choices(self.fields["place"], places)


class CloseForm(forms.Form):
    summary = forms.CharField(
        label=_("Closing summary"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages=TEXT_ERRORS,
        help_text=_("What was found, what was done about it, what is left."),
    )


class ProblemForm(forms.Form):
    note = forms.CharField(
        label=_("What is wrong"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages=TEXT_ERRORS,
    )
    photos = PhotosField(label=_("Photos"), required=False)


class PointForm(forms.Form):
    community = forms.TypedChoiceField(label=_("Community"), coerce=int, choices=(), error_messages=CHOOSE)
    kind = forms.ChoiceField(label=_("Kind"), choices=PointKind.choices, error_messages=CHOOSE)
    name = forms.CharField(label=_("Name or code"), max_length=60, error_messages=TEXT_ERRORS)
    latitude = forms.DecimalField(
        label=_("Latitude"),
        max_digits=9,
        decimal_places=6,
        min_value=-90,
        max_value=90,
        error_messages=DEGREE_ERRORS,
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
    )
    longitude = forms.DecimalField(
        label=_("Longitude"),
        max_digits=9,
        decimal_places=6,
        min_value=-180,
        max_value=180,
        error_messages=DEGREE_ERRORS,
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
    )
    grid = forms.TypedChoiceField(
        label=_("Grid"),
        coerce=int,
        choices=(),
        required=False,
        empty_value=None,
        error_messages=CHOOSE,
        help_text=_("Leave empty to find it from the location."),
    )
    building = forms.TypedChoiceField(
        label=_("Near building"), coerce=int, choices=(), required=False, empty_value=None, error_messages=CHOOSE
    )
    is_active = forms.BooleanField(label=_("In use"), required=False, initial=True)

    def __init__(
        self,
        *args: Any,
        communities: list[tuple[int, str]] | None,
        grids: list[tuple[int, str]],
        buildings: list[tuple[int, str]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        if communities is None:
            del self.fields["community"]
        else:
            _choices(self.fields["community"], communities)
        _choices(self.fields["grid"], grids)
        _choices(self.fields["building"], buildings)
