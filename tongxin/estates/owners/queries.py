"""Scoped reads of estates, their owners' committees and cross-appointments.

Reading takes Perm.ESTATE (the community's office, admin) or the subdistrict's role above it;
every read goes through the scoping gate on the estate's community (Estate.SCOPE).
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Exists, OuterRef, Prefetch, QuerySet, Subquery

from tongxin.estates.owners.models import POST_ORDER, TERM_NOTICE_DAYS, Committee, CrossAppointment, Member
from tongxin.platform.access.actor import Actor
from tongxin.platform.access.roles import Perm, Role
from tongxin.platform.access.scope import scope_for, visible_to
from tongxin.platform.core.trees import AREA
from tongxin.registry.areas.models import Estate


def reads_estates(user: Actor) -> bool:
    """The estates' staff pages: Perm.ESTATE, and the subdistrict that supervises (reads only)."""
    scope = scope_for(user)
    return scope.has_perm(Perm.ESTATE) or Role.SUBDISTRICT in scope.roles


def may_keep(user: Actor, estate: Estate) -> bool:
    """Perm.ESTATE over the estate's community: the community's office, admin."""
    return scope_for(user).allows_path(Perm.ESTATE, AREA, estate.community.path)


def estates_visible_to(user: Actor) -> QuerySet[Estate]:
    if not reads_estates(user):
        return Estate.objects.none()
    return visible_to(Estate.objects.all(), user)


def committees_visible_to(user: Actor) -> QuerySet[Committee]:
    if not reads_estates(user):
        return Committee.objects.none()
    return visible_to(Committee.objects.all(), user)


def members_visible_to(user: Actor) -> QuerySet[Member]:
    if not reads_estates(user):
        return Member.objects.none()
    return visible_to(Member.objects.all(), user)


def appointments_visible_to(user: Actor) -> QuerySet[CrossAppointment]:
    if not reads_estates(user):
        return CrossAppointment.objects.none()
    return visible_to(CrossAppointment.objects.all(), user)


def _later_term() -> Exists:
    return Exists(Committee.objects.filter(estate=OuterRef("estate"), term_starts__gt=OuterRef("term_starts")))


def terms_ending(user: Actor, today: datetime.date) -> QuerySet[Committee]:
    """Current terms (no later term elected yet) ending within TERM_NOTICE_DAYS, or already
    ended without a successor: the soonest first."""
    until = today + datetime.timedelta(days=TERM_NOTICE_DAYS)
    return (
        committees_visible_to(user)
        .filter(term_ends__lte=until)
        .exclude(_later_term())
        .select_related("estate__community")
        .order_by("term_ends", "id")
    )


def current_committee(estate: Estate) -> Committee | None:
    """The latest term started, with its members (post order)."""
    return (
        Committee.objects.filter(estate=estate)
        .prefetch_related(Prefetch("members", queryset=Member.objects.select_related("resident")))
        .order_by("-term_starts", "-id")
        .first()
    )


def estate_list(user: Actor, *, ending_from: datetime.date | None = None, without_company: bool = False) -> Any:
    """Estates in scope with their community; `ending_from`: only those whose committee's term
    ends within TERM_NOTICE_DAYS (the workbench's count opens exactly these)."""
    qs = estates_visible_to(user).select_related("community")
    if ending_from is not None:
        qs = qs.filter(pk__in=terms_ending(user, ending_from).values("estate_id"))
    if without_company:
        qs = qs.filter(has_property_company=False)
    latest = Committee.objects.filter(estate=OuterRef("pk")).order_by("-term_starts", "-id")
    return qs.annotate(
        term_ends=Subquery(latest.values("term_ends")[:1]),
        appointments=Exists(CrossAppointment.objects.filter(estate=OuterRef("pk"))),
    ).order_by("community__path", "name", "id")


def sorted_members(committee: Committee) -> list[Member]:
    return sorted(committee.members.all(), key=lambda m: (POST_ORDER.get(m.post, 9), m.sort_order, m.pk))
