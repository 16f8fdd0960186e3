"""QuickSelect writes the same <select> as Django's Select, without a template per option."""

from __future__ import annotations

import re

import pytest
from django import forms

from tongxin.platform.core.forms_util import QuickSelect

CHOICES = [
    ("", "All"),
    ("a", "Alpha & <b>"),
    ('Group "g"', [("b", "Beta"), ("c", "Gamma")]),
    (3, "Three's"),
]


def squeezed(html: str) -> str:
    return re.sub(r">\s+<", "><", html).strip()


@pytest.mark.parametrize("value", [None, "", "a", "c", 3, ["a", "c"]])
@pytest.mark.parametrize("attrs", [{}, {"id": "id_x", "required": True, "hx-get": "/x?a=1&b=2", "disabled": False}])
def test_same_html_as_djangos_select(value, attrs):
    for multiple in (False, True):
        if isinstance(value, list) and not multiple:
            continue
        quick = (type("Q", (QuickSelect, forms.SelectMultiple), {}) if multiple else QuickSelect)(choices=CHOICES)
        django = (forms.SelectMultiple if multiple else forms.Select)(choices=CHOICES)
        assert squeezed(quick.render("x", value, attrs=attrs)) == squeezed(django.render("x", value, attrs=attrs))
