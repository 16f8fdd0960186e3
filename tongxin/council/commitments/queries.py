"""Scoped reads of commitments: who may read and write what, the community's members, the
pledge rows of a year, and the member information board's figures.

Members of a community (the denominator of both board figures): current members (not
transferred out) whose organization is anchored in the community, or who live in one of its
households — the same rule volunteering and consultation use to offer a community's members.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.http import Http404

from tongxin.council.commitments.models import Fulfilment, MemberCard, Pledge, PledgeItem
from tongxin.platform.access.roles import Perm, Role
from tongxin.platform.access.scope import scope_for, visible_to
from tongxin.platform.core.exceptions import Forbidden
from tongxin.platform.core.trees import AREA, ORG
from tongxin.registry.areas.models import COMMUNITY_LEVELS, Area
from tongxin.registry.party.models import PartyMember
from tongxin.registry.party.participation import served_q


def in_community_q(community: Area) -> Q:
    path = community.path
    return Q(org__area__path__startswith=path) | Q(resident__household__area__path__startswith=path)


def community_members(community: Area) -> QuerySet[PartyMember]:
    return PartyMember.objects.current().filter(in_community_q(community))


# Access


def may_read(user: Any) -> bool:
    """Who may open the commitments pages at all (403 for everyone else)."""
    scope = scope_for(user)
    return scope.has_perm(Perm.RECOGNISE) or scope.has_perm(Perm.PARTY_WORK) or Role.SUBDISTRICT in scope.roles


def reads_whole_community(user: Any, community: Area) -> bool:
    """Staff of the place (Perm.RECOGNISE) and the subdistrict above it read every member."""
    scope = scope_for(user)
    if scope.allows_path(Perm.RECOGNISE, AREA, community.path):
        return True
    return any(
        role == Role.SUBDISTRICT and community.path.startswith(path)
        for role, tree, path in scope.grants
        if tree == AREA
    )


def community_for(user: Any, pk: int | str, *, members: bool = False) -> Area:
    """The community or village `pk` if the user reads it, else 404. With `members`, a branch
    secretary reads the communities where members of their branch are (their pledges only)."""
    try:
        pk = int(pk)
    except (TypeError, ValueError) as exc:
        raise Http404 from exc
    community = Area.objects.filter(pk=pk, level__in=COMMUNITY_LEVELS).first()
    if community is None:
        raise Http404
    if reads_whole_community(user, community):
        return community
    if members and member_scope(user, community).exists():
        return community
    raise Http404


def member_scope(user: Any, community: Area) -> QuerySet[PartyMember]:
    """The community's members whose pledges the user reads."""
    members = community_members(community)
    if reads_whole_community(user, community):
        return members
    return visible_to(members, user, Perm.PARTY_WORK)


def may_write_member(user: Any, member: PartyMember, community: Area) -> bool:
    """Staff of the place (Perm.RECOGNISE) or the member's branch (Perm.PARTY_WORK over its org)."""
    scope = scope_for(user)
    return scope.allows_path(Perm.RECOGNISE, AREA, community.path) or scope.allows_path(
        Perm.PARTY_WORK, ORG, member.org.path
    )


def require_member_write(user: Any, member: PartyMember, community: Area) -> None:
    from django.utils.translation import gettext as _

    if not may_write_member(user, member, community):
        raise Forbidden(_("Only the community's staff or the member's branch may record this."))


def require_staff(user: Any, community: Area) -> None:
    from django.utils.translation import gettext as _

    if not scope_for(user).allows_path(Perm.RECOGNISE, AREA, community.path):
        raise Forbidden(_("Only the community's staff may change this."))


def communities_readable(user: Any) -> QuerySet[Area]:
    """Communities and villages the user opens the commitments pages of."""
    qs = Area.objects.filter(level__in=COMMUNITY_LEVELS)
    scope = scope_for(user)
    if scope.is_admin:
        return qs.order_by("path")
    q = Q(pk__in=[])
    for role, tree, path in scope.grants:
        if tree == AREA and (role == Role.SUBDISTRICT or scope.allows_path(Perm.RECOGNISE, AREA, path)):
            q |= Q(path__startswith=path)
    for path in scope.prefixes(ORG, Perm.PARTY_WORK):
        in_branch = PartyMember.objects.current().filter(org__path__startswith=path)
        q |= Q(Exists(in_branch.filter(org__area__path__startswith=OuterRef("path"))))
    return qs.filter(q).order_by("path")


# Rows


def items_of(community: Area, *, active_only: bool = False) -> QuerySet[PledgeItem]:
    qs = PledgeItem.objects.filter(community=community)
    return qs.filter(is_active=True) if active_only else qs


def pledge_rows(members: QuerySet[PartyMember], year: int, org_id: int | None = None) -> list[PartyMember]:
    """Members with their pledge of the year (items prefetched) and counts of entries: 3 queries."""
    if org_id:
        members = members.filter(org_id=org_id)
    pledges = (
        Pledge.objects.filter(year=year)
        .prefetch_related("items")
        .annotate(
            entries=Count("fulfilments"),
            verified=Count("fulfilments", filter=Q(fulfilments__verified_at__isnull=False)),
        )
    )
    rows: list[Any] = list(
        members.select_related("org").prefetch_related(Prefetch("pledges", queryset=pledges, to_attr="year_pledges"))
    )
    for m in rows:
        m.pledge = m.year_pledges[0] if m.year_pledges else None
    return rows


def fulfilments_of(pledge: Pledge) -> QuerySet[Fulfilment]:
    return pledge.fulfilments.select_related("item").order_by("-done_on", "-id")


# Figures (seed 001): computed in the database, one statement for both.


@dataclass(frozen=True)
class BoardFigures:
    members: int
    shown: int
    served: int

    @property
    def coverage(self) -> float | None:
        return self.shown / self.members if self.members else None

    @property
    def participation(self) -> float | None:
        return self.served / self.members if self.members else None


def shown_q() -> Q:
    return Q(Exists(MemberCard.objects.filter(member_id=OuterRef("pk"), shown=True)))


def board_figures(community: Area, year: int) -> BoardFigures:
    """Coverage = members shown on the board / members of the community; participation = members
    who served in `year` (any registered participation source) / members."""
    counts = (
        community_members(community)
        .order_by()
        .aggregate(
            members=Count("pk", distinct=True),
            shown=Count("pk", distinct=True, filter=shown_q()),
            served=Count("pk", distinct=True, filter=served_q(year)),
        )
    )
    return BoardFigures(members=counts["members"], shown=counts["shown"], served=counts["served"])
