"""Shared pieces of list pages: pagination and the query string without the page."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest


def paginate(
    request: HttpRequest,
    qs: QuerySet[Any] | Sequence[Any],
    per_page: int | None = None,
    *,
    count: int | None = None,
) -> dict[str, Any]:
    """The page of `qs` the request asks for. `count`: the number of rows, if already counted.

    A list pages too (the compliance matrix, development steps due): rows computed in Python."""
    paginator = Paginator(qs, per_page or settings.PAGE_SIZE)
    if count is not None:
        paginator.count = count  # a cached property: no COUNT query
    page_obj = paginator.get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    encoded = params.urlencode()
    return {
        "page_obj": page_obj,
        "rows": page_obj.object_list,
        "total": paginator.count,
        "querystring_without_page": f"{encoded}&" if encoded else "",
    }


def int_param(request: HttpRequest, name: str) -> int | None:
    value = request.GET.get(name, "").strip()
    return int(value) if value.isdigit() and len(value) < 18 else None


def clean_text(value: str, max_length: int = 100) -> str:
    """Search text as a database can take it: no control characters (PostgreSQL refuses NUL)."""
    return "".join(c for c in (value or "") if c >= " " and c != "\x7f").strip()[:max_length]


def text_param(request: HttpRequest, name: str, max_length: int = 100) -> str:
    return clean_text(request.GET.get(name, ""), max_length)
