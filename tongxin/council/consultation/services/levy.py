"""Who paid or worked for a per-matter levy (一事一议筹资筹劳), made public with the result."""

from __future__ import annotations

import datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tongxin.council.consultation.exceptions import StepRefused
from tongxin.council.consultation.models import Contribution, Levy, TopicState
from tongxin.council.consultation.services._common import check_runs, clean
from tongxin.council.consultation.services.topics import _money, community_of
from tongxin.platform.access.actor import Actor
from tongxin.platform.core.audit import audit_record
from tongxin.platform.core.exceptions import DomainError

MAX_DAYS = Decimal("366")


def _days(value: Any) -> Decimal:
    try:
        days = Decimal(str(value)).quantize(Decimal("0.1"))
    except (InvalidOperation, ValueError) as exc:
        raise DomainError({"labour_days": _("Enter a number of days such as 2 or 1.5.")}) from exc
    if not Decimal(0) <= days <= MAX_DAYS:
        raise DomainError({"labour_days": _("Enter a number of days such as 2 or 1.5.")})
    return days


@transaction.atomic
def contribution_add(
    *,
    levy: Levy,
    actor: Actor,
    name: str,
    household: Any = None,
    money: Any,
    labour_days: Any,
    on: datetime.date,
) -> Contribution:
    """Record what one person or household paid or worked, once the levy has been voted."""
    topic = levy.topic
    check_runs(actor, topic.area)
    topic.refresh_from_db()
    if topic.state not in (TopicState.DECIDED, TopicState.DONE):
        raise StepRefused(_("Money and labour are raised once the plan has been voted."), code="state")
    amount = _money(money, "money")
    days = _days(labour_days)
    if not amount and not days:
        raise DomainError({"money": _("Enter the money paid or the days worked.")})
    if on > timezone.localdate():
        raise DomainError({"on": _("A contribution cannot be dated in the future.")})
    if household is not None and not household.area.path.startswith(community_of(topic.area).path):
        raise DomainError({"household": _("Choose a household of the topic's village.")})
    row = Contribution(levy=levy, household=household, money=amount, labour_days=days, on=on)
    row.set_name(clean(name, 50, field="name", required=True))
    row.save()
    audit_record(
        actor=actor,
        action="create",
        obj=row,
        changes={"levy": levy.pk, "money": str(amount), "labour_days": str(days)},
    )
    return row
