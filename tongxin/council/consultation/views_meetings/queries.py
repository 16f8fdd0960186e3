"""Reads of council meetings: the scoped list, and everything one meeting's page shows in a fixed
number of queries (the items with their votes, the attendance, the named ballots)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, IntegerField, OuterRef, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce

from tongxin.council.consultation import rules
from tongxin.council.consultation.models import (
    AgendaItem,
    Attendance,
    Ballot,
    Council,
    CouncilMeeting,
    QuorumBasis,
    Topic,
)
from tongxin.council.consultation.services import head_count
from tongxin.council.consultation.services.topics import IN_PROCEDURE, community_of
from tongxin.platform.access.actor import Actor
from tongxin.platform.access.roles import Perm
from tongxin.platform.access.scope import visible_to

MAX_TOPICS = 200


def _count_of(qs: QuerySet[Any]) -> Coalesce:
    return Coalesce(
        Subquery(
            qs.order_by().values("meeting_id").annotate(n=Count("pk")).values("n")[:1], output_field=IntegerField()
        ),
        Value(0),
    )


def meeting_rows(user: Actor, *, council: Council | None = None, community: Any = None) -> QuerySet[CouncilMeeting]:
    """The meetings the user sees, newest first, with their agenda size and who came (one query)."""
    qs = visible_to(CouncilMeeting.objects.all(), user)
    if council is not None:
        qs = qs.filter(council=council)
    if community is not None:
        qs = qs.filter(council__area__path__startswith=community.path)
    return (
        qs.select_related("council", "council__kind", "council__area")
        .defer("council__area__outline")
        .annotate(
            item_count=_count_of(AgendaItem.objects.filter(meeting_id=OuterRef("pk"))),
            present_count=_count_of(Attendance.objects.filter(meeting_id=OuterRef("pk"), present=True)),
        )
        .order_by("-starts_at", "-id")
    )


def topics_for_agenda(user: Actor, council: Council, *, exclude: list[int] | None = None) -> list[Topic]:
    """Accepted topics of the council's community or village, which the user may put on an agenda."""
    community = community_of(council.area)
    qs = visible_to(Topic.objects.all(), user, Perm.CONSULT).filter(
        area__path__startswith=community.path, state__in=IN_PROCEDURE
    )
    if exclude:
        qs = qs.exclude(pk__in=exclude)
    return list(qs.select_related("area").order_by("-created_at", "-id")[:MAX_TOPICS])


@dataclass(frozen=True)
class Quorum:
    """The head count against the council kind's rule, as the meeting page and the minutes show it."""

    villagers: bool
    entitled: int
    present: int
    needed: int
    met: bool
    households: int = 0
    households_present: int = 0
    households_needed: int | None = None


def quorum_of(meeting: CouncilMeeting, count: rules.Count | None = None) -> Quorum | None:
    if meeting.attendance_taken_at is None:
        return None
    kind = meeting.council.kind
    count = count or head_count(meeting)
    households_needed = (
        rules.needed(count.households, kind.household_num, kind.household_den, strict=False)
        if kind.household_num and count.households
        else None
    )
    return Quorum(
        villagers=kind.quorum_basis == QuorumBasis.VILLAGERS,
        entitled=count.entitled,
        present=count.present,
        needed=rules.needed(count.entitled, kind.quorum_num, kind.quorum_den, strict=kind.quorum_strict),
        met=rules.quorum_met(kind, count),
        households=count.households,
        households_present=count.households_present,
        households_needed=households_needed,
    )


@dataclass
class MeetingPage:
    meeting: CouncilMeeting
    items: list[AgendaItem]
    attendance: list[Attendance]
    quorum: Quorum | None
    # vote id → choice → names, for the votes by name
    ballots: dict[int, dict[str, list[str]]] = field(default_factory=dict)

    @property
    def present(self) -> list[Attendance]:
        return [a for a in self.attendance if a.present]

    @property
    def absent(self) -> list[Attendance]:
        return [a for a in self.attendance if not a.present]


def meeting_page(meeting: CouncilMeeting) -> MeetingPage:
    """A meeting's agenda, votes, attendance, quorum and named ballots (four queries)."""
    items = list(meeting.items.select_related("topic", "vote").order_by("position"))
    attendance = list(meeting.attendance.order_by("name_pinyin", "id"))
    count = None
    if meeting.council.kind.quorum_basis != QuorumBasis.VILLAGERS and meeting.attendance_taken_at is not None:
        # The rows are read already: count them here rather than ask again (as head_count does).
        present = [a for a in attendance if a.present]
        count = rules.Count(
            entitled=meeting.entitled_count or 0,
            present=len(present),
            households=meeting.households_count or 0,
            households_present=len(
                {a.household_id_snapshot for a in present if a.represents_household and a.household_id_snapshot}
            ),
        )
    ballots: dict[int, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    named = Ballot.objects.filter(vote__item__meeting=meeting).order_by("attendance__name_pinyin", "attendance_id")
    for vote_id, choice, name in named.values_list("vote_id", "choice", "attendance__name"):
        ballots[vote_id][choice].append(name)
    return MeetingPage(
        meeting=meeting,
        items=items,
        attendance=attendance,
        quorum=quorum_of(meeting, count) if meeting.attendance_taken_at is not None else None,
        ballots={k: dict(v) for k, v in ballots.items()},
    )


def vote_of(item: AgendaItem) -> Any:
    """The item's vote, or None (a reverse one-to-one raises when there is none)."""
    try:
        return item.vote
    except AgendaItem.vote.RelatedObjectDoesNotExist:
        return None
