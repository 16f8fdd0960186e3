"""Scoped reads of notices: the audience of a notice, reached / total per notice and per grid, the
not-yet-reached list with why, and the grid worker's to-deliver list.

Every count is one annotated query (never a loop over deliveries); the lists cost the same
queries whatever their length.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Count, Q, QuerySet

from tongxin.fieldwork.notices.models import OVER_AGE, Notice, NoticeDelivery
from tongxin.platform.access.actor import Actor
from tongxin.platform.access.roles import Perm, Role
from tongxin.platform.access.scope import scope_for, visible_to
from tongxin.registry.areas.models import Household
from tongxin.registry.people.models import Resident

REACHED = Q(reached_at__isnull=False)


def reads_notices(user: Actor) -> bool:
    """The notice pages: those who run notices (Perm.CAMPAIGN) and the subdistrict (reads only)."""
    scope = scope_for(user)
    return scope.has_perm(Perm.CAMPAIGN) or Role.SUBDISTRICT in scope.roles


def delivers(user: Actor) -> bool:
    """Door to door: grid workers and building leaders (and the community) with Perm.VISIT."""
    return scope_for(user).has_perm(Perm.VISIT)


def notices_visible_to(user: Actor) -> QuerySet[Notice]:
    if not reads_notices(user):
        return Notice.objects.none()
    return visible_to(Notice.objects.all(), user)


def born_on_or_before(on: datetime.date) -> datetime.date:
    """Residents born on or before this day are over 60 on `on` (29 February → 28 February)."""
    try:
        return on.replace(year=on.year - OVER_AGE)
    except ValueError:
        return on.replace(year=on.year - OVER_AGE, day=28)


def audience_residents(notice: Notice, on: datetime.date) -> QuerySet[Resident]:
    """The residents the notice is addressed to: of the place, of the category, over 60."""
    qs = Resident.objects.filter(household__area__path__startswith=notice.area.path).exclude(
        household__kind=Household.Kind.VACANT
    )
    if notice.care_category_id:
        qs = qs.filter(care_categories=notice.care_category_id)
    if notice.over_60:
        qs = qs.filter(birth_date__isnull=False, birth_date__lte=born_on_or_before(on))
    return qs


def audience_households(notice: Notice, on: datetime.date) -> QuerySet[Household]:
    """Every (not vacant) household of the place; narrowed to those with an audience resident
    when the notice is for a category or for residents over 60."""
    if notice.care_category_id or notice.over_60:
        return Household.objects.filter(pk__in=audience_residents(notice, on).values("household_id"))
    return Household.objects.filter(area__path__startswith=notice.area.path).exclude(kind=Household.Kind.VACANT)


def with_progress(qs: QuerySet[Notice]) -> QuerySet[Notice]:
    """Each notice with `total` (households addressed) and `delivered` (households reached)."""
    return qs.annotate(
        total=Count("deliveries", distinct=True),
        delivered=Count("deliveries", filter=Q(deliveries__reached_at__isnull=False), distinct=True),
    )


def notice_list(user: Actor, *, status: str = "", path: str = "") -> QuerySet[Notice]:
    qs = notices_visible_to(user).select_related("community", "area", "care_category")
    if status:
        qs = qs.filter(status=status)
    if path:
        qs = qs.filter(area__path__startswith=path)
    return with_progress(qs).order_by("-created_at", "-id")


def status_counts(qs: QuerySet[Notice]) -> dict[str, int]:
    counts = qs.order_by().aggregate(
        total=Count("pk"), **{s: Count("pk", filter=Q(status=s)) for s in Notice.Status.values}
    )
    return {k: v or 0 for k, v in counts.items()}


def percent(part: int, whole: int) -> int:
    return int(part * 100 / whole) if whole else 0


def grid_progress(notice: Notice) -> list[dict[str, Any]]:
    """Reached / total per grid (one query), the grids with most left first."""
    rows = list(
        NoticeDelivery.objects.filter(notice=notice)
        .values("grid_id", "grid__name")
        .annotate(total=Count("pk"), reached=Count("pk", filter=REACHED))
        .order_by("grid__path", "grid_id")
    )
    for r in rows:
        r["left"] = r["total"] - r["reached"]
        r["percent"] = percent(r["reached"], r["total"])
    return rows


def totals(notice: Notice) -> dict[str, int]:
    got = NoticeDelivery.objects.filter(notice=notice).aggregate(
        total=Count("pk"),
        reached=Count("pk", filter=REACHED),
        by_text=Count("pk", filter=Q(reached_by=NoticeDelivery.Channel.TEXT)),
        by_door=Count("pk", filter=Q(reached_by=NoticeDelivery.Channel.DOOR)),
    )
    got = {k: v or 0 for k, v in got.items()}
    got["left"] = got["total"] - got["reached"]
    got["percent"] = percent(got["reached"], got["total"])
    return got


def not_reached(notice: Notice) -> QuerySet[NoticeDelivery]:
    """The households not reached yet, by grid, building and door number."""
    return (
        NoticeDelivery.objects.filter(notice=notice, reached_at__isnull=True)
        .select_related("household__area", "grid")
        .order_by("grid__path", "household__area__path", "household__number", "id")
    )


def why_not(d: NoticeDelivery) -> str:
    """Why a household is not reached yet: a code the templates and the API say in words."""
    if d.nobody_home_at:
        return "nobody_home"
    if d.phones == 0:
        return "no_phone"
    if d.text_failed:
        return "text_failed"
    return "not_visited"


def to_deliver(user: Actor, *, notice_id: int | None = None) -> QuerySet[NoticeDelivery]:
    """The households a grid worker or building leader still has to take a notice to: of the
    sent notices that go door to door, not reached yet, in their place (Perm.VISIT)."""
    qs = visible_to(NoticeDelivery.objects.all(), user, Perm.VISIT).filter(
        notice__status=Notice.Status.SENT, notice__by_door=True, reached_at__isnull=True
    )
    if notice_id is not None:
        qs = qs.filter(notice_id=notice_id)
    return qs


def to_deliver_rows(user: Actor, *, notice_id: int | None = None) -> QuerySet[NoticeDelivery]:
    return (
        to_deliver(user, notice_id=notice_id)
        .select_related("household__area", "notice")
        .order_by("-notice__sent_at", "notice_id", "household__area__path", "household__number", "id")
    )


def delivering_notices(user: Actor) -> QuerySet[Notice]:
    """The sent notices with households left for this person, each with `left` (one query)."""
    left = to_deliver(user).values("notice_id")
    return (
        Notice.objects.filter(pk__in=left)
        .annotate(
            left=Count(
                "deliveries",
                filter=Q(deliveries__in=to_deliver(user)),
            )
        )
        .order_by("-sent_at", "-id")
    )
