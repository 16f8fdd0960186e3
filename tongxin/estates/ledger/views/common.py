"""What the ledger's pages share: fetching in scope, the month parameter."""

from __future__ import annotations

import datetime
import re
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from tongxin.estates.ledger.models import Entry
from tongxin.estates.ledger.queries import entries_visible_to
from tongxin.estates.owners.queries import estates_visible_to, may_keep, reads_estates
from tongxin.estates.owners.views import one
from tongxin.registry.areas.models import Estate

_MONTH = re.compile(r"^(\d{4})-(\d{2})$")


def month_param(request: HttpRequest, name: str = "month") -> datetime.date | None:
    """`?month=2026-05` as the month's first day; None for anything else."""
    match = _MONTH.match(str(request.GET.get(name) or request.POST.get(name) or "")[:7])
    if match is None:
        return None
    year, month = int(match.group(1)), int(match.group(2))
    if not (2000 <= year <= 2100 and 1 <= month <= 12):
        return None
    return datetime.date(year, month, 1)


def estate_for(request: HttpRequest, pk: Any, *, write: bool = False) -> Estate:
    if not reads_estates(request.user):
        raise PermissionDenied
    estate: Estate = one(estates_visible_to(request.user).select_related("community"), pk)
    if write and not may_keep(request.user, estate):
        raise PermissionDenied
    return estate


def entry_for(request: HttpRequest, pk: Any, *, write: bool = False) -> Entry:
    if not reads_estates(request.user):
        raise PermissionDenied
    entry: Entry = one(
        entries_visible_to(request.user).select_related(
            "estate__community", "category", "approved_by", "corrects", "recorded_by", "approval_recorded_by"
        ),
        pk,
    )
    if write and not may_keep(request.user, entry.estate):
        raise PermissionDenied
    return entry
