"""Scoped reads of reports-in, service and needy members' help; the yearly figures, in the database."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Count, DecimalField, Exists, OuterRef, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce

from tongxin.partylife.inservice.models import HelpKind, NeedyHelp, ReportIn, ServiceLog
from tongxin.platform.access.actor import Actor
from tongxin.platform.access.roles import Perm
from tongxin.platform.access.scope import get_for, scope_for, visible_to
from tongxin.platform.core.trees import AREA, ORG
from tongxin.registry.areas.models import Area
from tongxin.registry.party.models import MemberKind, Organization, PartyMember

ZERO_HOURS = Decimal("0.0")
ZERO_YUAN = Decimal("0.00")
HOURS = DecimalField(max_digits=9, decimal_places=1)
MONEY = DecimalField(max_digits=12, decimal_places=2)


def year_span(year: int) -> tuple[datetime.date, datetime.date]:
    return datetime.date(year, 1, 1), datetime.date(year, 12, 31)


# Who may write


def may_write(user: Actor, member: PartyMember, community: Area) -> bool:
    """The member's organization does its member work (PARTY_WORK), or the community's staff
    keep the record of who serves there (PARTY_WORK at the community or above)."""
    scope = scope_for(user)
    return scope.allows_path(Perm.PARTY_WORK, ORG, member.org.path) or scope.allows_path(
        Perm.PARTY_WORK, AREA, community.path
    )


def may_write_report(user: Actor, report: ReportIn) -> bool:
    return may_write(user, report.member, report.community)


def is_own(user: Actor, member: PartyMember) -> bool:
    return user.is_authenticated and member.user_id is not None and member.user_id == user.pk


# Reports-in


def reports_visible_to(user: Actor) -> QuerySet[ReportIn]:
    return visible_to(ReportIn.objects.all(), user)


def report_for(user: Actor, pk: Any, *, write: bool = False) -> ReportIn:
    """The report-in, or 404 outside the user's scope; with `write`, 403 unless they may write it."""
    report = get_for(user, ReportIn.objects.select_related("member", "member__org", "community"), pk)
    if write and not may_write_report(user, report):
        raise PermissionDenied
    return report


def active_in(qs: QuerySet[ReportIn], year: int) -> QuerySet[ReportIn]:
    """Reports-in that were active at some time in the year."""
    first, last = year_span(year)
    return qs.filter(reported_on__lte=last).filter(Q(ended_on__isnull=True) | Q(ended_on__gte=first))


def _hours_of_report(year: int, *, confirmed: bool) -> Coalesce:
    """The report-in's hours of the year, confirmed or waiting (a correlated subquery: the list
    page then neither groups by every column it shows nor counts through a join)."""
    first, last = year_span(year)
    logs = (
        ServiceLog.objects.filter(
            report_in=OuterRef("pk"),
            served_on__gte=first,
            served_on__lte=last,
            confirmed_at__isnull=not confirmed,
        )
        .order_by()
        .values("report_in")
        .annotate(total=Sum("hours"))
        .values("total")
    )
    return Coalesce(Subquery(logs, output_field=HOURS), Value(ZERO_HOURS), output_field=HOURS)


def waiting_reports(user: Actor) -> QuerySet[ReportIn]:
    """Members' own reports-in waiting for the staff who may confirm them."""
    return reports_visible_to(user).filter(active=True, confirmed_at__isnull=True)


def report_rows(user: Actor, *, year: int, community: Area | None = None, waiting: bool = False) -> QuerySet[ReportIn]:
    """Reports-in of the year with each one's confirmed and pending hours (one query): the
    confirmed ones, or with `waiting` the members' own waiting for confirmation."""
    if waiting:
        qs = waiting_reports(user)
    else:
        qs = active_in(reports_visible_to(user), year).filter(confirmed_at__isnull=False)
    if community is not None:
        qs = qs.filter(community__path__startswith=community.path)
    return (
        qs.select_related("member", "member__org", "community")
        .annotate(hours=_hours_of_report(year, confirmed=True), pending=_hours_of_report(year, confirmed=False))
        .order_by("community__path", "hours", "member__name_pinyin", "id")
    )


@dataclass
class CommunityFigures:
    """One community's year: who reported in, who served, the confirmed hours."""

    community_id: int
    name: str
    reported: int = 0
    served: int = 0
    hours: Decimal = ZERO_HOURS

    @property
    def idle(self) -> int:
        return self.reported - self.served


@dataclass
class Summary:
    communities: list[CommunityFigures] = field(default_factory=list)

    @property
    def reported(self) -> int:
        return sum(c.reported for c in self.communities)

    @property
    def served(self) -> int:
        return sum(c.served for c in self.communities)

    @property
    def idle(self) -> int:
        return sum(c.idle for c in self.communities)

    @property
    def hours(self) -> Decimal:
        return sum((c.hours for c in self.communities), ZERO_HOURS)


def community_summary(user: Actor, *, year: int, community: Area | None = None) -> Summary:
    """Per community reported to: confirmed reports-in of the year, how many served, confirmed
    hours (two grouped queries)."""
    reports = active_in(reports_visible_to(user), year).filter(confirmed_at__isnull=False)
    if community is not None:
        reports = reports.filter(community__path__startswith=community.path)
    figures: dict[int, CommunityFigures] = {}
    for row in (
        reports.values("community_id", "community__name", "community__path")
        .annotate(n=Count("id"))
        .order_by("community__path")
    ):
        figures[row["community_id"]] = CommunityFigures(row["community_id"], row["community__name"], row["n"])
    first, last = year_span(year)
    served = (
        ServiceLog.objects.filter(
            report_in__in=reports.values("pk"), served_on__gte=first, served_on__lte=last, confirmed_at__isnull=False
        )
        .values("report_in__community_id")
        .annotate(n=Count("report_in_id", distinct=True), hours=Sum("hours"))
        .order_by()
    )
    for row in served:
        target = figures.get(row["report_in__community_id"])
        if target is not None:
            target.served, target.hours = row["n"], row["hours"] or ZERO_HOURS
    return Summary(list(figures.values()))


def not_reported_in(user: Actor, *, community: Area | None = None) -> QuerySet[PartyMember]:
    """In-service members of the organizations in scope who have not reported in anywhere."""
    qs = members_in_scope(user).filter(kind=MemberKind.IN_SERVICE)
    if community is not None:
        paths = list(Organization.objects.filter(area__path__startswith=community.path).values_list("path", flat=True))
        anchored = Q(pk__in=[])
        for path in paths:
            anchored |= Q(org__path__startswith=path)
        qs = qs.filter(anchored)
    # A report-in waiting for confirmation does not count yet.
    return qs.exclude(Exists(ReportIn.objects.filter(member=OuterRef("pk"), active=True, confirmed_at__isnull=False)))


def members_in_scope(user: Actor) -> QuerySet[PartyMember]:
    """Members of the organizations the user may view (not their own record: lists are about others)."""
    scope = scope_for(user)
    if scope.is_admin:
        return PartyMember.objects.all()
    q = Q(pk__in=[])
    for prefix in scope.prefixes(ORG, Perm.VIEW):
        q |= Q(org__path__startswith=prefix)
    return PartyMember.objects.filter(q)


def logs_of(report: ReportIn, year: int) -> QuerySet[ServiceLog]:
    first, last = year_span(year)
    return (
        report.service_logs.filter(served_on__gte=first, served_on__lte=last)
        .select_related("recorded_by", "confirmed_by")
        .order_by("-served_on", "-id")
    )


def log_for(user: Actor, pk: Any) -> ServiceLog:
    return get_for(user, ServiceLog.objects.select_related("report_in", "member", "member__org"), pk)


# Needy members


def needy_member_for(user: Actor, pk: Any, *, write: bool = False) -> PartyMember:
    """A member whose help record is asked for: 404 outside scope; 403 for a member's own record
    (the register of help is the organization's) or, with `write`, without PARTY_WORK."""
    member = get_for(user, PartyMember.objects.select_related("org"), pk)
    scope = scope_for(user)
    if not scope.allows_path(Perm.VIEW, ORG, member.org.path):
        raise PermissionDenied
    if write and not scope.allows_path(Perm.PARTY_WORK, ORG, member.org.path):
        raise PermissionDenied
    return member


def needy_rows(user: Actor, *, year: int, node: Organization | None = None) -> QuerySet[PartyMember]:
    """Needy members in scope with the year's help: count, visits, amount (one grouped query)."""
    qs = members_in_scope(user).filter(is_needy=True)
    if node is not None:
        qs = qs.filter(org__path__startswith=node.path)
    first, last = year_span(year)
    in_year = Q(needy_help__given_on__gte=first, needy_help__given_on__lte=last)
    return (
        qs.select_related("org")
        .annotate(
            help_count=Count("needy_help", filter=in_year),
            visits=Count("needy_help", filter=in_year & Q(needy_help__kind=HelpKind.VISIT)),
            amount=Coalesce(Sum("needy_help__amount", filter=in_year), Value(ZERO_YUAN), output_field=MONEY),
        )
        .order_by("visits", "org__path", "name_pinyin", "id")
    )


@dataclass
class HelpYear:
    """One year of a needy member's record: the help given and its totals."""

    year: int
    rows: list[NeedyHelp] = field(default_factory=list)
    visits: int = 0
    posts: int = 0
    amount: Decimal = ZERO_YUAN


# A member's record is short (a few visits a year); the cap keeps a page bounded all the same.
MAX_HELP_ROWS = 1000


def help_by_year(member: PartyMember) -> list[HelpYear]:
    """The member's help, year by year, newest first (one query)."""
    years: dict[int, HelpYear] = {}
    rows = NeedyHelp.objects.filter(member=member).order_by("-given_on", "-id")[:MAX_HELP_ROWS]
    for row in rows:
        y = years.setdefault(row.given_on.year, HelpYear(row.given_on.year))
        y.rows.append(row)
        if row.kind == HelpKind.VISIT:
            y.visits += 1
        elif row.kind == HelpKind.POST:
            y.posts += 1
        if row.amount is not None:
            y.amount += row.amount
    return list(years.values())
