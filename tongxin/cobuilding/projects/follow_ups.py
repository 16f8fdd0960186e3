"""登记需求 on a visit's, a case's and a council topic's page: it opens the need form prefilled
from the record (sources.prefill reads it through the scope gate)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from tongxin.platform.access.roles import Perm
from tongxin.platform.access.scope import Scope
from tongxin.platform.web.follow_ups import FollowUp, register_follow_up


def _applies(scope: Scope) -> bool:
    return scope.has_perm(Perm.COBUILD) or scope.has_perm(Perm.VISIT)


def _url(kind: str) -> Any:
    return lambda obj: reverse("projects:need_new") + f"?source={kind}&source_id={obj.pk}"


def register_follow_ups() -> None:
    for kind in ("visit", "case", "topic"):
        register_follow_up(
            FollowUp(
                kind=kind, key="cobuilding.need", label=_("Raise a need"), url=_url(kind), applies=_applies, order=40
            )
        )
