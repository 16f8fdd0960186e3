"""Reminding branch secretaries of a required meeting not yet held before its period ends."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from tongxin.partylife.meetings.compliance import State, compliance_matrix
from tongxin.partylife.meetings.models import MeetingKind, MeetingReminder
from tongxin.platform.access.models import RoleAssignment, User
from tongxin.platform.access.roles import Role
from tongxin.platform.calendar import SHANGHAI
from tongxin.platform.inbox.models import Notification
from tongxin.platform.inbox.services import notify


def reminder_days() -> int:
    """How many days before a period ends its secretaries are reminded (MEETING_REMINDER_DAYS)."""
    return settings.MEETING_REMINDER_DAYS


@dataclass
class ReminderReport:
    sent: int = 0
    already_sent: int = 0
    without_secretary: int = 0

    def __str__(self) -> str:
        return (
            f"reminders sent: {self.sent}, already sent earlier: {self.already_sent}, "
            f"not sent, no secretary account: {self.without_secretary}"
        )


def meeting_reminders(*, at: datetime.datetime) -> ReminderReport:
    """Notify once per organization, meeting kind and period; running it again sends nothing new.

    A period whose secretary has no account is not marked as reminded, so the reminder goes
    out on a later run once someone holds the role.
    """
    report = ReminderReport()
    today = at.astimezone(SHANGHAI).date()
    matrix = compliance_matrix(root=None, year=today.year, at=at)
    horizon = today + datetime.timedelta(days=reminder_days())
    pending = [
        (entry.org, row.kind, cell)
        for entry in matrix.orgs
        for row in entry.rows
        for cell in row.cells
        if cell.state == State.DUE and cell.end <= horizon
    ]
    if not pending:
        return report
    org_ids = {org.pk for org, _kind, _cell in pending}
    done = set(
        MeetingReminder.objects.filter(
            org_id__in=org_ids, period_start__in={c.start for _o, _k, c in pending}
        ).values_list("org_id", "meeting_kind", "period_start")
    )
    secretaries: dict[int | None, list[User]] = {}
    for assignment in RoleAssignment.objects.filter(role=Role.ORG_SECRETARY, node_id__in=org_ids).select_related(
        "user"
    ):
        secretaries.setdefault(assignment.node_id, []).append(assignment.user)
    for org, kind, cell in pending:
        if (org.pk, kind, cell.start) in done:
            report.already_sent += 1
            continue
        recipients = secretaries.get(org.pk, [])
        if not recipients:
            report.without_secretary += 1
            continue
        try:
            with transaction.atomic():
                MeetingReminder.objects.create(
                    org=org, meeting_kind=kind, period_start=cell.start, sent_at=at, recipients=len(recipients)
                )
                notify(
                    recipients=recipients,
                    kind=Notification.Kind.WARNING,
                    title=_("%(org)s: %(kind)s not held yet this period")
                    % {"org": org.name, "kind": MeetingKind(kind).label},
                    body=_("The period ends on %(end)s. Record the meeting once it is held.")
                    % {"end": cell.end.isoformat()},
                    url=f"{reverse('meetings:create')}?org={org.pk}&kind={kind}",
                )
        except IntegrityError:
            # Another run got there first.
            report.already_sent += 1
            continue
        report.sent += 1
    return report
