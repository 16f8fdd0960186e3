"""Form fields for personal numbers: validated with the same rules as the services."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from tongxin.platform.core.personal import normalize_id_number, normalize_phone


class IdNumberField(forms.CharField):
    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("label", _("ID number"))
        kwargs.setdefault("max_length", 30)
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)
        self.widget.attrs.update({"autocomplete": "off", "inputmode": "text", "spellcheck": "false"})

    def clean(self, value: Any) -> str:
        value = super().clean(value)
        return normalize_id_number(value) if value else ""


class PhoneField(forms.CharField):
    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("label", _("Phone"))
        kwargs.setdefault("max_length", 20)
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)
        self.widget.input_type = "tel"
        self.widget.attrs.update({"autocomplete": "off", "inputmode": "tel"})

    def clean(self, value: Any) -> str:
        value = super().clean(value)
        return normalize_phone(value) if value else ""


def keep_hint(masked: str) -> str:
    return str(_("Now %(masked)s. Leave empty to keep it; type a new number to replace it.") % {"masked": masked})
