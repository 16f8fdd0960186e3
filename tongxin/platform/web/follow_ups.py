"""Follow-up actions on another capability's record: "raise a need from this visit" (登记需求) on a
visit's page, on a case's page, on a council topic's page.

The page that shows a visit, a case or a topic cannot know what may follow from it in the
capabilities beside or above it (a need for the co-building lists, later a campaign target): an
app registers a follow-up for a kind of record from its AppConfig.ready(), and the page renders
`{% follow_ups "visit" visit %}` (templatetags/follow_ups.py). A follow-up says, from the user's
roles alone (no query), whether it applies, and gives the URL that starts it for that record.

Kinds in use: "case" (grid/cases Case), "visit" (fieldwork/visits Visit), "topic"
(council/consultation Topic).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise

from tongxin.platform.access.actor import Actor
from tongxin.platform.access.scope import Scope, scope_for


@dataclass(frozen=True)
class FollowUp:
    kind: str  # the kind of record it follows ("visit")
    key: str  # stable and unique for the kind ("cobuilding.need"): tests and the button's data attribute
    label: str | Promise  # a verb (登记需求)
    url: Callable[[Any], str]  # the page that starts it, for this record
    applies: Callable[[Scope], bool]  # from the user's roles alone, no query
    order: int = 50


_FOLLOW_UPS: dict[tuple[str, str], FollowUp] = {}


def register_follow_up(follow_up: FollowUp) -> None:
    _FOLLOW_UPS[(follow_up.kind, follow_up.key)] = follow_up


def follow_ups_for(kind: str, user: Actor) -> list[FollowUp]:
    scope = scope_for(user)
    if scope.user_id is None:
        return []
    found = [f for (k, _key), f in _FOLLOW_UPS.items() if k == kind and f.applies(scope)]
    return sorted(found, key=lambda f: (f.order, f.key))
