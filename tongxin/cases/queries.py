"""Scoped reads of cases."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from tongxin.access.scope import visible_to
from tongxin.cases.models import Case


def cases_visible_to(user: Any) -> QuerySet[Case]:
    return visible_to(Case.objects.all(), user)
