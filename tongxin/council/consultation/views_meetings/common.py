"""What the meeting pages share: fetching a meeting, an agenda item or a vote the user may see
(404 otherwise), and turning a service's refusal into a message."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _

from tongxin.council.consultation.exceptions import TopicChanged
from tongxin.council.consultation.models import AgendaItem, CouncilMeeting, Vote
from tongxin.platform.access.roles import Perm
from tongxin.platform.access.scope import get_for, scope_for, visible_to
from tongxin.platform.core.exceptions import DomainError, Forbidden

NAV = "council_meetings"


def meeting_for(user: Any, pk: int, perm: str | None = None) -> CouncilMeeting:
    qs = CouncilMeeting.objects.select_related("council", "council__kind", "council__area").defer(
        "council__area__outline"
    )
    return get_for(user, qs, pk, perm=perm)


def _visible_meetings(user: Any) -> Any:
    return visible_to(CouncilMeeting.objects.all(), user).values("pk")


def item_for(user: Any, pk: int) -> AgendaItem:
    """An agenda item of a meeting the user sees, or 404."""
    qs = AgendaItem.objects.select_related(
        "topic", "meeting", "meeting__council", "meeting__council__kind", "meeting__council__area"
    )
    item = qs.filter(pk=pk, meeting__in=_visible_meetings(user)).first()
    if item is None:
        raise Http404
    return item


def vote_for(user: Any, pk: int) -> Vote:
    """A vote of a meeting the user sees, or 404."""
    qs = Vote.objects.select_related(
        "item",
        "item__topic",
        "item__meeting",
        "item__meeting__council",
        "item__meeting__council__kind",
        "item__meeting__council__area",
    )
    vote = qs.filter(pk=pk, item__meeting__in=_visible_meetings(user)).first()
    if vote is None:
        raise Http404
    return vote


def runs(user: Any, meeting: CouncilMeeting) -> bool:
    """Whether the user runs this council's meetings (Perm.CONSULT over its place)."""
    return scope_for(user).allows_path(Perm.CONSULT, "area", meeting.council.area.path)


def check_runs(user: Any, meeting: CouncilMeeting) -> None:
    """403 before a form is even read when the user sees the meeting but does not run it."""
    if not runs(user, meeting):
        raise PermissionDenied


def refused(request: HttpRequest, exc: DomainError) -> None:
    """A service's refusal as a message above the page; a refusal of the role stays a 403."""
    if isinstance(exc, Forbidden):
        raise exc
    text = " ".join(str(m) for m in exc.messages)
    if isinstance(exc, TopicChanged):
        messages.warning(request, text)
    else:
        messages.error(request, text)


def ids_from(values: list[str]) -> list[int] | None:
    """Row ids from a form's list; None if any is not a plausible id (hostile or broken input)."""
    found = []
    for value in values:
        if not value.isdigit() or len(value) > 18:
            return None
        found.append(int(value))
    return found


def not_found_message() -> str:
    return _("Tick people on this meeting's list only.")
