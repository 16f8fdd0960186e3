"""`|minute` writes what `|date:"Y-m-d H:i"` writes, in the current time zone."""

from __future__ import annotations

import datetime

import pytest
from django.template import Context, Template
from django.utils import timezone


@pytest.mark.parametrize(
    "value",
    [
        datetime.datetime(2026, 12, 31, 16, 5, tzinfo=datetime.UTC),  # already 1 January in Shanghai
        datetime.datetime(2026, 3, 8, 9, 0, 59, tzinfo=datetime.UTC),
        None,
        "",
    ],
)
def test_minute_is_the_date_filters_year_to_minute(value):
    with timezone.override("Asia/Shanghai"):
        context = Context({"v": value})
        quick = Template("{% load when %}{{ v|minute }}").render(context)
        assert quick == Template('{{ v|date:"Y-m-d H:i" }}').render(context)
    if value:
        assert quick == timezone.localtime(value, timezone.get_fixed_timezone(480)).strftime("%Y-%m-%d %H:%M")
