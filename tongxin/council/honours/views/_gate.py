"""The scope gate of honours' staff pages: signed in, a reader of honours, the row in scope."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpRequest

from tongxin.council.honours.queries import can_read, may_manage
from tongxin.registry.areas.models import Area

NAV_AWARDS = "honours_awards"
NAV_DEEDS = "honours_deeds"


def require_reader(request: HttpRequest) -> None:
    """Honours' lists are the office's: 403 for a role that reads none (the menu hides them)."""
    if not can_read(request.user):
        raise PermissionDenied


def one(qs: QuerySet[Any], pk: Any) -> Any:
    obj = qs.filter(pk=pk).first() if str(pk).isdigit() and len(str(pk)) < 12 else None
    if obj is None:
        raise Http404
    return obj


def require_manager(request: HttpRequest, area: Area) -> None:
    if not may_manage(request.user, area.path):
        raise PermissionDenied


def managed_areas(user: Any, levels: tuple[str, ...]) -> list[tuple[int, str]]:
    """The places the user may give awards or wall entries for, in tree order."""
    from tongxin.council.honours.queries import _under, manager_prefixes

    qs = Area.objects.filter(level__in=levels).order_by("path")
    return list(_under(qs, "path", manager_prefixes(user)).values_list("pk", "name")[:300])
