from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from tongxin.registry.areas.geo import parse_geojson
from tongxin.registry.areas.models import Area, Estate, Household, Level

# A grid's outline has at most geo.MAX_VERTICES points: a few hundred kilobytes of GeoJSON.
OUTLINE_MAX_CHARS = 500_000
OUTLINE_MAX_BYTES = 1_000_000


class OutlineField(forms.CharField):
    """GeoJSON text in a textarea; the geometry itself is checked by the service."""

    widget = forms.Textarea(attrs={"rows": 6, "spellcheck": "false", "class": "code"})

    def __init__(self, **kwargs: Any) -> None:
        kwargs.pop("encoder", None)
        kwargs.pop("decoder", None)
        super().__init__(max_length=OUTLINE_MAX_CHARS, required=False, **kwargs)

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, dict | list):
            return json.dumps(value, ensure_ascii=False)
        return value

    def to_python(self, value: Any) -> Any:
        text = super().to_python(value)
        if text and self.max_length is not None and len(text) > self.max_length:
            raise ValidationError(
                _("The outline is too long: at most %(n)s characters. Simplify it in the drawing tool."),
                params={"n": f"{self.max_length:,}"},
                code="max_length",
            )
        return parse_geojson(text) if text else None

    def run_validators(self, value: Any) -> None:
        # The length was checked on the text; the parsed value is not text.
        return None

    def has_changed(self, initial: Any, data: Any) -> bool:
        return bool(self.to_python(self.prepare_value(initial) or "") != self.to_python(data or ""))


class AreaForm(forms.ModelForm[Area]):
    outline = OutlineField(
        label=_("Outline (GeoJSON)"),
        help_text=_(
            "The grid's boundary as a GeoJSON Polygon or MultiPolygon in longitude/latitude (WGS 84), "
            "e.g. drawn on an intranet map and exported. A case reported at a map point lands in the "
            "grid whose outline holds it. Leave empty for no outline."
        ),
    )
    outline_file = forms.FileField(
        label=_("…or upload a .geojson file"),
        required=False,
        widget=forms.FileInput(attrs={"accept": ".geojson,.json,application/geo+json,application/json"}),
        help_text=_("A file replaces the text above."),
    )

    class Meta:
        model = Area
        fields = ["name", "code", "estate", "sort_order", "note", "outline"]
        widgets = {"note": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, level: str, estates: QuerySet[Estate] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if level != Level.BUILDING:
            del self.fields["estate"]
        else:
            cast(forms.ModelChoiceField[Estate], self.fields["estate"]).queryset = (
                estates if estates is not None else Estate.objects.none()
            )
        if level not in (Level.GRID, Level.COMMUNITY, Level.VILLAGE, Level.SUBDISTRICT, Level.DISTRICT):
            del self.fields["code"]
        if level != Level.GRID:
            del self.fields["outline"]
            del self.fields["outline_file"]

    def clean_outline_file(self) -> Any:
        upload = self.cleaned_data.get("outline_file")
        if not upload:
            return None
        if upload.size > OUTLINE_MAX_BYTES:
            raise ValidationError(_("The file is too large for one grid's outline (at most 1 MB)."), code="size")
        try:
            text = upload.read().decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise ValidationError(_("The file is not GeoJSON text (UTF-8)."), code="encoding") from exc
        return parse_geojson(text)

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        if "outline_file" in self.fields:
            uploaded = cleaned.pop("outline_file", None)
            if uploaded is not None:
                cleaned["outline"] = uploaded
        return cleaned


class AreaCreateForm(AreaForm):
    level = forms.ChoiceField(label=_("Level"), choices=Level.choices)

    class Meta(AreaForm.Meta):
        fields = ["level", *AreaForm.Meta.fields]

    def __init__(self, *args: Any, allowed_levels: tuple[str, ...], **kwargs: Any) -> None:
        level = (kwargs.get("data") or {}).get("level") or (allowed_levels[0] if allowed_levels else "")
        super().__init__(*args, level=level, **kwargs)
        cast(forms.ChoiceField, self.fields["level"]).choices = [(lv, Level(lv).label) for lv in allowed_levels]
        # A new grid gets its outline on its edit page, once it exists.
        self.fields.pop("outline", None)
        self.fields.pop("outline_file", None)


class MoveForm(forms.Form):
    new_parent = forms.TypedChoiceField(label=_("Move under"), coerce=int, choices=())

    def __init__(self, *args: Any, choices: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["new_parent"]).choices = choices


class HouseholdForm(forms.ModelForm[Household]):
    class Meta:
        model = Household
        fields = ["number", "kind", "is_member_household", "note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 3})}


class ListFilterForm(forms.Form):
    """Filters above a registry list: node, category or kind, search."""

    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=100,
        help_text=_("Name, pinyin or its initials (zs finds 张三), or an exact ID or phone number"),
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
    node = forms.TypedChoiceField(label=_("Where"), required=False, coerce=int, empty_value=None, choices=())
    category = forms.ChoiceField(label=_("Category"), required=False, choices=())

    def __init__(
        self,
        *args: Any,
        nodes: list[tuple[int, str]],
        categories: Sequence[tuple[str, StrOrPromise]] | None,
        category_label: Any = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        if nodes:
            cast(forms.ChoiceField, self.fields["node"]).choices = [("", _("Everywhere I look after")), *nodes]
        else:
            del self.fields["node"]  # nothing to choose between: one unit, one place
        if categories is None:
            del self.fields["category"]
        else:
            cast(forms.ChoiceField, self.fields["category"]).choices = [("", _("All")), *categories]
            if category_label:
                self.fields["category"].label = category_label


class EstateForm(forms.ModelForm[Estate]):
    class Meta:
        model = Estate
        fields = ["name", "has_property_company", "note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 2})}
