"""Reads of consultation for the staff pages and the workbench, scoped with `visible_to`.

The workbench counts topics with the same filters the topics list applies (`WAITING`), so a
figure on the workbench is the number of rows its link shows.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

from django.db.models import Count, Exists, IntegerField, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import get_language

from tongxin.council.consultation.models import (
    OPEN_STATES,
    Council,
    CouncilMember,
    Objection,
    ObjectionStatus,
    ProcedureStep,
    Task,
    Topic,
    TopicState,
    TopicStep,
)
from tongxin.platform.access.actor import Actor
from tongxin.platform.access.roles import Perm
from tongxin.platform.access.scope import visible_to
from tongxin.registry.areas.models import Household
from tongxin.registry.cobuild.models import ResidentUnit
from tongxin.registry.people.models import Resident

# Publicity that ends within this many days shows on the workbench (so the next step is ready).
PUBLICITY_SOON_DAYS = 2
CLOSED_STATES = (TopicState.REJECTED, TopicState.DECLINED, TopicState.MERGED)
# The list's state filter: one state, or the open / closed groups.
# Topics by whom they are with, besides one council: no council yet, or a council above the place.
COUNCIL_GROUPS = ("none", "above")
STATE_GROUPS: dict[str, tuple[str, ...]] = {
    "open": tuple(OPEN_STATES),
    "closed": CLOSED_STATES,
    **{value: (value,) for value in TopicState.values},
}


def _name_field() -> str:
    return "name_en" if (get_language() or "").startswith("en") else "name_zh"


def current_members_q(today: datetime.date, prefix: str = "") -> Q:
    """Members whose term covers `today`."""
    return Q(**{f"{prefix}term_start__lte": today}) & (
        Q(**{f"{prefix}term_end__isnull": True}) | Q(**{f"{prefix}term_end__gte": today})
    )


def _count(qs: QuerySet[Any], key: str) -> Coalesce:
    return Coalesce(
        Subquery(qs.order_by().values(key).annotate(n=Count("pk")).values("n")[:1], output_field=IntegerField()),
        Value(0),
    )


# --- councils -----------------------------------------------------------------------------------


def council_rows(user: Actor, *, today: datetime.date | None = None) -> QuerySet[Council]:
    """Councils the user sees, with their current members and open topics counted in the same query."""
    today = today or timezone.localdate()
    members = CouncilMember.objects.filter(current_members_q(today), council_id=OuterRef("pk"))
    topics = Topic.objects.filter(council_id=OuterRef("pk"), state__in=OPEN_STATES)
    return (
        visible_to(Council.objects.all(), user)
        .select_related("area", "kind")
        .defer("area__outline")
        .annotate(members_count=_count(members, "council_id"), open_topics=_count(topics, "council_id"))
        .order_by("area__path", "kind__sort_order", "name", "id")
    )


def council_choices(user: Actor, perm: str | None = None, *, limit: int = 400) -> list[tuple[int, str]]:
    rows = (
        visible_to(Council.objects.all(), user, perm)
        .order_by("area__path", "kind__sort_order", "name")
        .values_list("pk", "name", "area__name")[:limit]
    )
    return [(pk, f"{name} · {area}") for pk, name, area in rows]


def members_of(council: Council) -> list[CouncilMember]:
    return list(council.members.order_by("term_end", "role", "name_pinyin", "id"))


# --- topics -------------------------------------------------------------------------------------


def _has_open_objection() -> Exists:
    return Exists(Objection.objects.filter(topic_id=OuterRef("pk"), status=ObjectionStatus.OPEN))


def _has_overdue_task(today: datetime.date) -> Exists:
    return Exists(Task.objects.filter(topic_id=OuterRef("pk"), done_on__isnull=True, due_on__lt=today))


def _publicity_due(now: datetime.datetime) -> Q:
    # Publicity ends soon or has ended, and carrying out has not started (no task yet).
    return (
        Q(state__in=OPEN_STATES, publicity_ends__isnull=False, publicity_ends__lte=now + _days(PUBLICITY_SOON_DAYS))
        & ~Q(w_tasks=True)
        & ~Q(w_objection=True)
    )


def _days(n: int) -> datetime.timedelta:
    return datetime.timedelta(days=n)


# What waits for those who run the councils: name → condition on a topic queryset annotated by `_waiting_annotations`.
WAITING: dict[str, Callable[[datetime.datetime], Q]] = {
    "review": lambda now: Q(state=TopicState.RAISED),
    "objection": lambda now: Q(w_objection=True),
    "overdue_tasks": lambda now: Q(state__in=OPEN_STATES, w_overdue=True),
    "publicity": _publicity_due,
}


def _waiting_annotations(qs: QuerySet[Topic], now: datetime.datetime) -> QuerySet[Topic]:
    today = timezone.localdate(now)
    return qs.alias(
        w_objection=_has_open_objection(),
        w_overdue=_has_overdue_task(today),
        w_tasks=Exists(Task.objects.filter(topic_id=OuterRef("pk"))),
    )


def topics_visible(user: Actor) -> QuerySet[Topic]:
    return visible_to(Topic.objects.all(), user)


def topic_rows(user: Actor, *, state: str = "", **filters: Any) -> QuerySet[Topic]:
    """The topics list: filtered (`filtered_topics`), with the name of each topic's next step, newest first."""
    qs = filtered_topics(user, **filters)
    if state in STATE_GROUPS:
        qs = qs.filter(state__in=STATE_GROUPS[state])
    step = ProcedureStep.objects.filter(procedure_id=OuterRef("procedure_id"), position=OuterRef("next_position"))
    return (
        qs.select_related("area", "council")
        .defer("area__outline")
        .annotate(next_step_name=Subquery(step.values(_name_field())[:1]))
        .order_by("-created_at", "-id")
    )


def filtered_topics(
    user: Actor,
    *,
    council: Council | None = None,
    council_group: str = "",
    node: Any = None,
    at: Any = None,
    where: Q | None = None,
    q: str = "",
    waiting: str = "",
    now: datetime.datetime | None = None,
) -> QuerySet[Topic]:
    """Every filter but the state (the state tabs count what the other filters leave).

    `node`: the topics under a place; `at`: those placed at the place itself; `council_group`:
    those with no council yet ("none") or with a council above `node` ("above"); `where`: a
    figure's condition (figures.figure_q), so the list shows the rows a figure counts.
    """
    now = now or timezone.now()
    qs = _waiting_annotations(topics_visible(user), now)
    if council is not None:
        qs = qs.filter(council=council)
    if council_group == "none":
        qs = qs.filter(council__isnull=True)
    elif council_group == "above" and node is not None:
        qs = qs.filter(council__isnull=False).exclude(council__area__path__startswith=node.path)
    if node is not None:
        qs = qs.filter(area__path__startswith=node.path)
    if at is not None:
        qs = qs.filter(area=at)
    if where is not None:
        qs = qs.filter(where)
    if q:
        qs = qs.filter(Q(title__icontains=q) | Q(tracking_code=q.upper()) | Q(raiser_name__icontains=q))
    if waiting in WAITING:
        qs = qs.filter(WAITING[waiting](now))
    return qs


def state_counts(qs: QuerySet[Topic]) -> dict[str, int]:
    """How many topics in each state group, in one query."""
    counts = qs.order_by().aggregate(
        all=Count("pk"),
        **{key: Count("pk", filter=Q(state__in=states)) for key, states in STATE_GROUPS.items()},
    )
    return {key: int(value or 0) for key, value in counts.items()}


def waiting_counts(user: Actor, now: datetime.datetime) -> dict[str, int]:
    """The workbench's figures, in one query: the same filters as the list's `?waiting=`."""
    qs = _waiting_annotations(topics_visible(user), now)
    counts = qs.order_by().aggregate(**{key: Count("pk", filter=cond(now)) for key, cond in WAITING.items()})
    return {key: int(value or 0) for key, value in counts.items()}


def waiting_rows(user: Actor, key: str, now: datetime.datetime, limit: int) -> list[Topic]:
    qs = _waiting_annotations(topics_visible(user), now).filter(WAITING[key](now)).select_related("area")
    order = {"publicity": ["publicity_ends", "id"], "review": ["created_at", "id"]}.get(key, ["updated_at", "id"])
    return list(qs.order_by(*order)[:limit])


def open_topics_of_community(topic: Topic, community_path: str, *, limit: int = 200) -> list[tuple[int, str]]:
    """Other open topics of the same community or village: what a topic can be merged into."""
    rows = (
        Topic.objects.filter(area__path__startswith=community_path, state__in=OPEN_STATES)
        .exclude(pk=topic.pk)
        .order_by("-created_at")
        .values_list("pk", "title", "tracking_code")[:limit]
    )
    return [(pk, f"{title} ({code})") for pk, title, code in rows]


def village_households(user: Actor, community_path: str, *, limit: int = 400) -> list[tuple[int, str]]:
    """The households of a village or community the user may act for, each with its head's name
    ("3组 12 · 张大山"): what a levy contribution may name."""
    head = Resident.objects.filter(household_id=OuterRef("pk"), relation=Resident.Relation.HEAD).order_by("id")
    rows = (
        visible_to(Household.objects.filter(area__path__startswith=community_path), user, Perm.CONSULT)
        .annotate(head_name=Subquery(head.values("name")[:1]))
        .order_by("area__path", "number", "id")
        .values_list("pk", "area__name", "number", "head_name")[:limit]
    )
    return [(pk, f"{area} {number}" + (f" · {name}" if name else "")) for pk, area, number, name in rows]


def steps_of(topic: Topic) -> list[TopicStep]:
    """Every step taken, voided ones too, in order."""
    return list(
        topic.steps.select_related("step", "meeting", "vote", "recorded_by").order_by("position", "recorded_at", "id")
    )


def tasks_of(topic: Topic) -> list[Task]:
    return list(topic.tasks.prefetch_related("milestones").order_by("due_on", "id"))


def units_of_community(user: Actor, community: Any) -> QuerySet[ResidentUnit]:
    """The co-building units of a community (or village) the user sees, by name."""
    return visible_to(ResidentUnit.objects.filter(area__path__startswith=community.path), user).order_by("name", "pk")
