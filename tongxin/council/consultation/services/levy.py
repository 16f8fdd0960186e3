"""The per-matter levy (一事一议筹资筹劳): its plan within the yearly caps, as a step of the topic, and
who paid or worked for it, made public with the result."""

from __future__ import annotations

import datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tongxin.council.consultation.exceptions import StepRefused
from tongxin.council.consultation.models import Contribution, Levy, StepKind, Topic, TopicState
from tongxin.council.consultation.services._common import check_runs, clean
from tongxin.council.consultation.services.topics import community_of, next_step, topic_step_record
from tongxin.platform.access.actor import Actor
from tongxin.platform.core.audit import audit_record
from tongxin.platform.core.exceptions import DomainError

MAX_DAYS = Decimal("366")


def _money(value: Any, field: str) -> Decimal:
    try:
        amount = Decimal(str(value)).quantize(Decimal("0.01"))
    except Exception as exc:
        raise DomainError({field: _("Enter an amount such as 12.50.")}) from exc
    if amount < 0 or amount > Decimal("100000000"):
        raise DomainError({field: _("Enter an amount between 0 and 100,000,000.")})
    return amount


@transaction.atomic
def levy_plan(
    *,
    topic: Topic,
    actor: Actor,
    total_cost: Any,
    money_per_person: Any,
    labour_days_per_person: Any,
    people: int,
    labourers: int,
    subsidy: Any = 0,
    held_on: datetime.date | None = None,
    decision: str = "",
    at: datetime.datetime | None = None,
) -> Levy:
    """The levy step of 一事一议: per person within the yearly caps, counting the village's other
    levies of the same year (those not voted down or declined)."""
    check_runs(actor, topic.area)
    topic.refresh_from_db()
    step = next_step(topic)
    if step is None or step.kind != StepKind.LEVY:
        raise StepRefused(_("The levy plan is not the next step of this topic."), code="order")
    day = held_on or timezone.localdate(at or timezone.now())
    money = _money(money_per_person, "money_per_person")
    total = _money(total_cost, "total_cost")
    grant = _money(subsidy, "subsidy")
    try:
        labour = Decimal(str(labour_days_per_person)).quantize(Decimal("0.1"))
    except Exception as exc:
        raise DomainError({"labour_days_per_person": _("Enter a number of days such as 2 or 1.5.")}) from exc
    if labour < 0:
        raise DomainError({"labour_days_per_person": _("Enter a number of days such as 2 or 1.5.")})
    if not 0 < people <= 1_000_000 or not 0 <= labourers <= 1_000_000:
        raise DomainError({"people": _("Enter how many people pay (at least one).")})
    community = community_of(topic.area)
    others = (
        Levy.objects.filter(topic__area__path__startswith=community.path, year=day.year)
        .exclude(topic__state__in=(TopicState.REJECTED, TopicState.DECLINED, TopicState.MERGED))
        .exclude(topic=topic)
    )
    used_money = sum((lv.money_per_person for lv in others), Decimal(0))
    used_labour = sum((lv.labour_days_per_person for lv in others), Decimal(0))
    money_cap, labour_cap = (
        Decimal(settings.CONSULTATION_LEVY_MONEY_CAP),
        Decimal(settings.CONSULTATION_LEVY_LABOUR_CAP),
    )
    if used_money + money > money_cap:
        raise DomainError(
            {
                "money_per_person": _(
                    "Above the yearly cap: at most ¥%(cap)s a person a year, ¥%(used)s already raised this year."
                )
                % {"cap": f"{money_cap:,.2f}", "used": f"{used_money:,.2f}"}
            }
        )
    if used_labour + labour > labour_cap:
        raise DomainError(
            {
                "labour_days_per_person": _(
                    "Above the yearly cap: at most %(cap)s days a labourer a year, %(used)s already this year."
                )
                % {"cap": labour_cap, "used": used_labour}
            }
        )
    levy, _created = Levy.objects.update_or_create(
        topic=topic,
        defaults={
            "year": day.year,
            "total_cost": total,
            "money_per_person": money,
            "labour_days_per_person": labour,
            "people": people,
            "labourers": labourers,
            "subsidy": grant,
        },
    )
    text = decision or _(
        "¥%(money)s per person and %(days)s days per labourer, %(people)d people, total ¥%(total)s."
    ) % {
        "money": f"{money:,.2f}",
        "days": labour,
        "people": people,
        "total": f"{total:,.2f}",
    }
    topic_step_record(topic=topic, actor=actor, step_code=step.code, held_on=day, decision=text, at=at)
    return levy


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
