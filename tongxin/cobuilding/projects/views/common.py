"""Gates every needs and projects page goes through."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from tongxin.cobuilding.projects.queries import reads_cobuild


def require_reader(user: Any) -> None:
    if not reads_cobuild(user):
        raise PermissionDenied


def get_one(qs: QuerySet[Any], pk: Any) -> Any:
    try:
        key = int(pk)
    except (TypeError, ValueError) as exc:
        raise Http404 from exc
    if not 0 < key < 2**62:
        raise Http404
    obj = qs.filter(pk=key).first()
    if obj is None:
        raise Http404
    return obj
