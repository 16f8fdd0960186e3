"""Which organization held a member's relationship on a given day, answered in the database.

A member with no MembershipHistory rows has never moved: PartyMember.org holds for every
date. A member with rows is where the row covering the day says, and nowhere (not present in
the system) on a day no row covers: before a transfer in, after a transfer out.
"""

from __future__ import annotations

import calendar
import datetime

from django.db.models import BigIntegerField, Case, Exists, F, OuterRef, Q, QuerySet, Subquery, When

from tongxin.partylife.transfers.models import MembershipHistory
from tongxin.registry.party.models import Organization, PartyMember


def covering(day: datetime.date, prefix: str = "") -> Q:
    """Rows whose [started_on, ended_on) holds the day (an empty bound is open)."""
    return (Q(**{f"{prefix}started_on__isnull": True}) | Q(**{f"{prefix}started_on__lte": day})) & (
        Q(**{f"{prefix}ended_on__isnull": True}) | Q(**{f"{prefix}ended_on__gt": day})
    )


def members_with_org_on(day: datetime.date, qs: QuerySet[PartyMember] | None = None) -> QuerySet[PartyMember]:
    """Members annotated with `org_on`: the id of their organization on the day, or None."""
    qs = PartyMember.objects.all() if qs is None else qs
    rows = MembershipHistory.objects.filter(member=OuterRef("pk"))
    on_day = rows.filter(covering(day)).order_by("-id").values("org_id")[:1]
    return qs.annotate(
        org_on=Case(When(Exists(rows), then=Subquery(on_day)), default=F("org_id"), output_field=BigIntegerField()),
    )


def members_present_on(day: datetime.date, qs: QuerySet[PartyMember] | None = None) -> QuerySet[PartyMember]:
    """Members whose relationship was in the system on the day (not before a transfer in, not after one out)."""
    return members_with_org_on(day, qs).filter(org_on__isnull=False)


def members_in_org_on(org: Organization, day: datetime.date, *, subtree: bool = True) -> QuerySet[PartyMember]:
    orgs = Organization.objects.filter(path__startswith=org.path) if subtree else Organization.objects.filter(pk=org.pk)
    return members_with_org_on(day).filter(org_on__in=orgs.values("pk"))


def member_org_on(member: PartyMember, day: datetime.date) -> Organization | None:
    org_id = members_with_org_on(day).filter(pk=member.pk).values_list("org_on", flat=True).first()
    return Organization.objects.filter(pk=org_id).first() if org_id else None


def month_end(year: int, month: int) -> datetime.date:
    return datetime.date(year, month, calendar.monthrange(year, month)[1])


# A month is counted in the organization that holds the relationship on its last day: a member
# moved on 15 June counts in the new branch for June (as dues and rosters are kept where the
# relationship is at the month's end).
def members_with_org_in_month(year: int, month: int, qs: QuerySet[PartyMember] | None = None) -> QuerySet[PartyMember]:
    return members_with_org_on(month_end(year, month), qs)


def members_in_org_in_month(org: Organization, year: int, month: int, *, subtree: bool = True) -> QuerySet[PartyMember]:
    return members_in_org_on(org, month_end(year, month), subtree=subtree)


def member_org_in_month(member: PartyMember, year: int, month: int) -> Organization | None:
    return member_org_on(member, month_end(year, month))


def months_before(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` months earlier (the month's last day when it is shorter)."""
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return datetime.date(year, month + 1, min(day.day, last))


# The names other apps use ----------------------------------------------------------------------


def branch_on(member: PartyMember, day: datetime.date) -> Organization | None:
    """The organization holding the member's relationship on the day; None when not in the system."""
    return member_org_on(member, day)


def members_of(org: Organization, month: datetime.date, *, subtree: bool = True) -> QuerySet[PartyMember]:
    """Members counted in the organization (and, by default, below it) for the month holding `month`.

    A month counts where the relationship is on its last day: a member moved on 15 June counts
    in the old branch for May and in the new one for June and July; a member transferred out
    on 15 June is no longer counted for June.
    """
    return members_in_org_in_month(org, month.year, month.month, subtree=subtree)
