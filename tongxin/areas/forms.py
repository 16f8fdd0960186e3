from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from tongxin.areas.models import Area, Estate, Household, Level


class AreaForm(forms.ModelForm):
    class Meta:
        model = Area
        fields = ["name", "code", "estate", "sort_order", "note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, level: str, estates: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if level != Level.BUILDING:
            del self.fields["estate"]
        else:
            self.fields["estate"].queryset = estates if estates is not None else Estate.objects.none()
        if level not in (Level.GRID, Level.COMMUNITY, Level.VILLAGE, Level.SUBDISTRICT, Level.DISTRICT):
            del self.fields["code"]


class AreaCreateForm(AreaForm):
    level = forms.ChoiceField(label=_("Level"), choices=Level.choices)

    class Meta(AreaForm.Meta):
        fields = ["level", *AreaForm.Meta.fields]

    def __init__(self, *args: Any, allowed_levels: tuple[str, ...], **kwargs: Any) -> None:
        level = (kwargs.get("data") or {}).get("level") or (allowed_levels[0] if allowed_levels else "")
        super().__init__(*args, level=level, **kwargs)
        self.fields["level"].choices = [(lv, Level(lv).label) for lv in allowed_levels]


class MoveForm(forms.Form):
    new_parent = forms.TypedChoiceField(label=_("Move under"), coerce=int, choices=())

    def __init__(self, *args: Any, choices: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["new_parent"].choices = choices


class HouseholdForm(forms.ModelForm):
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
        categories: list[tuple[str, str]] | None,
        category_label: Any = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        if nodes:
            self.fields["node"].choices = [("", _("Everywhere I look after"))] + nodes
        else:
            del self.fields["node"]  # nothing to choose between: one unit, one place
        if categories is None:
            del self.fields["category"]
        else:
            self.fields["category"].choices = [("", _("All"))] + categories
            if category_label:
                self.fields["category"].label = category_label


class EstateForm(forms.ModelForm):
    class Meta:
        model = Estate
        fields = ["name", "has_property_company", "note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 2})}
