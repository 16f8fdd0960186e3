"""The renewal reminder: RENEWAL_NOTICE_DAYS before a signed agreement ends, the community's
co-building staff get one inbox notice (sent once: `renewal_notified_at` is set by a
conditional UPDATE, so two runs of the daily job never send it twice)."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from tongxin.cobuilding.agreements.models import RENEWAL_NOTICE_DAYS, Agreement
from tongxin.platform.access.models import RoleAssignment
from tongxin.platform.access.roles import Role
from tongxin.platform.inbox.services import notify


def renewal_reminders_send(*, today: datetime.date) -> int:
    """Send the notices due today; returns how many agreements were notified."""
    until = today + datetime.timedelta(days=RENEWAL_NOTICE_DAYS)
    due = Agreement.objects.filter(
        status=Agreement.Status.SIGNED, ends_on__gte=today, ends_on__lte=until, renewal_notified_at__isnull=True
    ).select_related("unit")
    sent = 0
    for agreement in due:
        with transaction.atomic():
            claimed = Agreement.objects.filter(pk=agreement.pk, renewal_notified_at__isnull=True).update(
                renewal_notified_at=timezone.now()
            )
            if not claimed:
                continue
            staff = RoleAssignment.objects.filter(role=Role.COMMUNITY, node_id=agreement.community_id).select_related(
                "user"
            )
            notify(
                recipients=[r.user for r in staff],
                kind="warning",
                title=_("Co-building agreement with %(unit)s ends on %(date)s: renew it")
                % {"unit": agreement.unit.name, "date": date_format(agreement.ends_on, "DATE_FORMAT")},
                topic=_("co-building agreements to renew"),
                url=reverse("agreements:agreement", args=[agreement.pk]),
            )
            sent += 1
    return sent
