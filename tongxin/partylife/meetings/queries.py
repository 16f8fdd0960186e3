"""Scoped reads of meetings: lists, the roster of an organization, the quorum of a meeting."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet

from tongxin.partylife.meetings.compliance import year_bounds
from tongxin.partylife.meetings.models import Attendance, Meeting
from tongxin.platform.access.roles import Perm
from tongxin.platform.access.scope import scope_for, visible_to
from tongxin.platform.calendar import SHANGHAI
from tongxin.platform.core.trees import ORG
from tongxin.registry.party.models import MemberKind, Organization, OrgKind, PartyMember

# Organizations whose members are theirs: a member below one of them is on its roster, not on
# the roster of the organization above (a 党委's branches hold their own general meetings).
# Groups and member households are not among them: a group's members are the branch's too.
MEMBERSHIP_UNITS = (
    OrgKind.COMMITTEE,
    OrgKind.GENERAL_BRANCH,
    OrgKind.BRANCH,
    OrgKind.JOINT_COMMITTEE,
    OrgKind.LIAISON_STATION,
)
# Kinds whose organizational relationship is in this organization, so they vote here.
# In-service members (双报到) and floating members who came in (流入) belong to another
# organization and attend without a vote; members who floated out keep their vote at home.
VOTING_KINDS = (MemberKind.DIRECT, MemberKind.RETIRED, MemberKind.FLOATING_OUT)


def meetings_visible_to(user: Any, perm: str | None = None) -> QuerySet[Meeting]:
    return visible_to(Meeting.objects.all(), user, perm)


def meeting_list(
    user: Any, *, node: Organization | None = None, kind: str = "", year: int | None = None
) -> QuerySet[Meeting]:
    qs = meetings_visible_to(user).select_related("org")
    if node is not None:
        qs = qs.filter(org__path__startswith=node.path)
    if kind:
        qs = qs.filter(kind=kind)
    if year is not None:
        start, end = year_bounds(year)
        qs = qs.filter(starts_at__gte=start, starts_at__lt=end)
    return qs.annotate(
        n_present=Count("attendances", filter=Q(attendances__status=Attendance.Status.PRESENT)),
        n_roster=Count("attendances"),
    ).order_by("-starts_at", "-id")


def roster(org: Organization) -> QuerySet[PartyMember]:
    """Members of the organization and of its groups, short of a nested branch or committee.

    Membership history is not recorded, so this is today's roster: a meeting recorded late
    lists the members as they are now (whoever left since cannot be added; whoever joined
    since can be marked "not counted").
    """
    nested = Organization.objects.filter(path__startswith=org.path, kind__in=MEMBERSHIP_UNITS).exclude(pk=org.pk)
    below = Q()
    for path in nested.values_list("path", flat=True):
        below |= Q(org__path__startswith=path)
    qs = PartyMember.objects.current().filter(org__path__startswith=org.path)
    if below:
        qs = qs.exclude(below)
    return qs.order_by("name_pinyin", "id")


def is_voting(member: PartyMember) -> bool:
    return member.status == PartyMember.Status.FULL and member.kind in VOTING_KINDS


@dataclass(frozen=True)
class Quorum:
    """A vote at a general meeting needs more than half of the members with a vote present."""

    voting: int
    present: int

    @property
    def needed(self) -> int:
        return self.voting // 2 + 1

    @property
    def met(self) -> bool:
        return self.voting > 0 and self.present * 2 > self.voting


def quorum(meeting: Meeting) -> Quorum:
    figures = meeting.attendances.aggregate(
        n_voting=Count("id", filter=Q(voting=True)),
        n_present=Count("id", filter=Q(voting=True, status=Attendance.Status.PRESENT)),
    )
    return Quorum(voting=figures["n_voting"], present=figures["n_present"])


def own_attendance(user: Any) -> QuerySet[Attendance]:
    """The signed-in member's rows, newest meeting first (the "my meetings" page)."""
    return (
        Attendance.objects.filter(member__user_id=user.pk)
        .select_related("meeting", "meeting__org")
        .order_by("-meeting__starts_at", "-id")
    )


def unread_minutes(user: Any, today: Any) -> QuerySet[Attendance]:
    """Minutes not read yet: this year's meetings held up to today whose minutes the member has
    not marked read (the /me/ card, the workbench, `/meetings/mine/?unread=1`)."""
    return own_attendance(user).filter(
        meeting__starts_at__year=today.year, meeting__starts_at__date__lte=today, read_at__isnull=True
    )


def compliance_root(user: Any) -> Organization | None:
    """Where the compliance page starts for a user: their first organization (None: everything,
    for an admin; also None for a user with no organization, who gets no matrix)."""
    from tongxin.platform.access.scope import scope_for
    from tongxin.platform.core.trees import ORG

    scope = scope_for(user)
    if scope.is_admin:
        return None
    return Organization.objects.filter(path__in=scope.roots(ORG)).order_by("path").first()


def can_record(user: Any, org: Organization) -> bool:

    return scope_for(user).allows_path(Perm.MEETINGS, ORG, org.path)


def local_date(meeting: Meeting) -> Any:
    return meeting.starts_at.astimezone(SHANGHAI).date()
