"""The daily term reminder (换届提醒): an inbox notice to the community's co-building staff when a
committee's or a member's term comes within TERM_NOTICE_DAYS of its end — once per term end (the
committee and the seat remember the end date they were told about; a renewed term is told again)."""

from __future__ import annotations

import datetime

from django.db.models import F, Q
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from tongxin.cobuilding.committee import rules
from tongxin.cobuilding.committee.models import JointCommittee, Seat
from tongxin.platform.access.models import RoleAssignment
from tongxin.platform.access.roles import Role
from tongxin.platform.inbox.models import Notification
from tongxin.platform.inbox.services import notify


def _staff(community_ids: set[int]) -> dict[int, list[object]]:
    found: dict[int, list[object]] = {}
    rows = RoleAssignment.objects.filter(role=Role.COMMUNITY, node_id__in=community_ids).select_related("user")
    for row in rows:
        if row.node_id is None:
            continue
        found.setdefault(row.node_id, []).append(row.user)
    return found


def term_notices_send(*, today: datetime.date) -> int:
    """Send the reminders due today; returns how many committees and seats were told about."""
    until = rules.term_notice_until(today)
    not_told = Q(term_notice_for__isnull=True) | ~Q(term_notice_for=F("term_ends_on"))
    committees = list(
        JointCommittee.objects.filter(not_told, active=True, term_ends_on__lte=until).select_related("community")
    )
    seat_not_told = Q(term_notice_for__isnull=True) | ~Q(term_notice_for=F("ends_on"))
    seats = list(
        Seat.objects.filter(
            seat_not_told, left_on__isnull=True, committee__active=True, ends_on__lte=until
        ).select_related("committee__community")
    )
    staff = _staff({c.community_id for c in committees} | {s.committee.community_id for s in seats})
    told = 0
    for c in committees:
        # The conditional update makes "once" hold even when two runs overlap.
        if not JointCommittee.objects.filter(pk=c.pk).filter(not_told).update(term_notice_for=c.term_ends_on):
            continue
        notify(
            recipients=staff.get(c.community_id, []),  # type: ignore[arg-type]
            kind=Notification.Kind.WARNING,
            title=_("The term of %(name)s ends on %(date)s: prepare the election (换届)")
            % {"name": c.name, "date": date_format(c.term_ends_on, "DATE_FORMAT")},
            topic=_("A committee's term ends soon"),
            url=reverse("committee:committee", args=[c.pk]),
        )
        told += 1
    for s in seats:
        if not Seat.objects.filter(pk=s.pk).filter(seat_not_told).update(term_notice_for=s.ends_on):
            continue
        notify(
            recipients=staff.get(s.committee.community_id, []),  # type: ignore[arg-type]
            kind=Notification.Kind.WARNING,
            title=_("The term of %(name)s on %(committee)s ends on %(date)s")
            % {"name": s.name, "committee": s.committee.name, "date": date_format(s.ends_on, "DATE_FORMAT")},
            topic=_("A committee member's term ends soon"),
            url=reverse("committee:committee", args=[s.committee_id]) + f"#seat-{s.pk}",
        )
        told += 1
    return told
