"""Reads of the big committee: scoped lists, the member branches' counts, the members as people,
the committees behind schedule, the terms ending (the workbench and the daily notice use the same
functions as the pages, so each figure has one definition)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    Func,
    IntegerField,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce

from tongxin.cobuilding.committee import rules
from tongxin.cobuilding.committee.models import JointCommittee, JointMeeting, MemberBranch, Seat
from tongxin.platform.access.actor import Actor
from tongxin.platform.access.roles import Perm
from tongxin.platform.access.scope import scope_for, visible_to
from tongxin.platform.core.trees import AREA
from tongxin.registry.party.models import PartyMember

# Who reads the committees: the community's staff and the subdistrict above it (unit lists'
# permission over the area tree). A unit contact holds it over the organization tree only.
READ_PERM = Perm.VIEW_UNITS


def reads_committees(user: Actor) -> bool:
    scope = scope_for(user)
    return scope.is_admin or bool(scope.roots(AREA, READ_PERM))


def runs_committees(user: Actor) -> bool:
    return scope_for(user).has_perm(Perm.COBUILD)


def committees_visible_to(user: Actor) -> QuerySet[JointCommittee]:
    return visible_to(JointCommittee.objects.all(), user, READ_PERM)


def meetings_visible_to(user: Actor) -> QuerySet[JointMeeting]:
    return visible_to(JointMeeting.objects.all(), user, READ_PERM)


def seats_visible_to(user: Actor) -> QuerySet[Seat]:
    return visible_to(Seat.objects.all(), user, READ_PERM)


def _held_since(since: datetime.date) -> Exists:
    return Exists(
        JointMeeting.objects.filter(
            committee=OuterRef("pk"), status=JointMeeting.Status.HELD, starts_at__date__gte=since
        )
    )


def behind_q(today: datetime.date) -> Q:
    """`rules.is_behind` as a filter: one per frequency, since the periods differ."""
    condition = Q(pk__in=[])
    for frequency in JointCommittee.Frequency.values:
        since = rules.behind_since(today, frequency)
        condition |= Q(meeting_frequency=frequency, term_starts_on__lte=since) & ~Q(_held_since(since))
    return Q(active=True) & condition


def with_last_held(qs: QuerySet[JointCommittee]) -> QuerySet[JointCommittee]:
    return qs.annotate(
        last_held=Max("meetings__starts_at", filter=Q(meetings__status=JointMeeting.Status.HELD)),
    )


def behind_committees(user: Actor, today: datetime.date) -> QuerySet[JointCommittee]:
    qs = committees_visible_to(user).filter(behind_q(today)).select_related("community")
    return with_last_held(qs).order_by("last_held", "community__path", "id")


def terms_ending_q(today: datetime.date) -> Q:
    return Q(active=True, term_ends_on__lte=rules.term_notice_until(today))


def seats_ending(qs: QuerySet[Seat], today: datetime.date) -> QuerySet[Seat]:
    return qs.filter(
        left_on__isnull=True, committee__active=True, ends_on__lte=rules.term_notice_until(today)
    ).select_related("committee", "unit")


@dataclass
class TermsEnding:
    committees: list[JointCommittee]
    seats: list[Seat]
    count: int
    overdue: int


def terms_ending(user: Actor, today: datetime.date, limit: int = 5) -> TermsEnding:
    """Committee terms and seats ending within TERM_NOTICE_DAYS (or already ended): 3 queries."""
    committees = committees_visible_to(user).filter(terms_ending_q(today))
    seats = seats_ending(seats_visible_to(user), today)
    counts = committees.aggregate(n=Count("pk"), late=Count("pk", filter=Q(term_ends_on__lt=today)))
    seat_counts = seats.aggregate(n=Count("pk"), late=Count("pk", filter=Q(ends_on__lt=today)))
    rows_c = list(committees.order_by("term_ends_on", "id")[:limit])
    rows_s = list(seats.order_by("ends_on", "id")[: max(0, limit - len(rows_c))])
    return TermsEnding(
        committees=rows_c,
        seats=rows_s,
        count=counts["n"] + seat_counts["n"],
        overdue=counts["late"] + seat_counts["late"],
    )


def post_rank() -> Case:
    """书记, 副书记, then 委员: the order a paper list of the committee reads in."""
    return Case(
        When(post=Seat.Post.SECRETARY, then=Value(0)),
        When(post=Seat.Post.DEPUTY, then=Value(1)),
        default=Value(2),
        output_field=IntegerField(),
    )


def seats_in_order(qs: QuerySet[Seat]) -> QuerySet[Seat]:
    return qs.annotate(rank=post_rank()).order_by("rank", "-full_time", "id")


# --- member branches and their members ---------------------------------------------------------


def live_members() -> QuerySet[PartyMember]:
    return PartyMember.objects.filter(left_on__isnull=True)


def branches_with_counts(committee: JointCommittee) -> list[MemberBranch]:
    """The committee's current member branches, each with `n`: the members in its organization's
    subtree (one query: a correlated count per branch)."""
    count = (
        live_members()
        .filter(org__path__startswith=OuterRef("org__path"))
        .order_by()
        .annotate(c=Func(F("pk"), function="COUNT"))
        .values("c")
    )
    return list(
        committee.branches.filter(left_on__isnull=True)
        .select_related("org", "unit")
        .annotate(n=Coalesce(Subquery(count, output_field=IntegerField()), 0))
        .order_by("org__path")
    )


def branch_members_q(branches: list[MemberBranch]) -> Q:
    condition = Q(pk__in=[])
    for branch in branches:
        condition |= Q(org__path__startswith=branch.org.path)
    return condition


def members_total(branches: list[MemberBranch]) -> int:
    """People in any of the branches, each once (a nested branch is not counted twice)."""
    if not branches:
        return 0
    return live_members().filter(branch_members_q(branches)).count()


def committee_members(branches: list[MemberBranch]) -> QuerySet[PartyMember]:
    if not branches:
        return PartyMember.objects.none()
    return live_members().filter(branch_members_q(branches)).select_related("org").order_by("name_pinyin", "id")


def branch_of(member: PartyMember, branches: list[MemberBranch]) -> MemberBranch | None:
    """The innermost member branch holding the member (no query: the branches are loaded)."""
    found = None
    for branch in branches:
        if member.org.path.startswith(branch.org.path) and (
            found is None or len(branch.org.path) > len(found.org.path)
        ):
            found = branch
    return found


def member_rows(members: Any, branches: list[MemberBranch]) -> list[dict[str, Any]]:
    rows = []
    for m in members:
        branch = branch_of(m, branches)
        rows.append(
            {
                "member": m,
                "branch": branch.org.name if branch else "",
                "unit": branch.unit.name if branch and branch.unit else "",
            }
        )
    return rows
