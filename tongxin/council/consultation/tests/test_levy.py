"""The per-matter levy: the plan within the caps, then who paid or worked, once it is voted."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest

from tongxin.council.consultation import services
from tongxin.council.consultation.exceptions import StepRefused
from tongxin.council.consultation.models import Procedure, TopicState
from tongxin.council.consultation.tests.support import council, meeting_with_vote, staff, topic
from tongxin.platform.core.exceptions import DomainError, Forbidden

pytestmark = pytest.mark.django_db
DAY = datetime.date(2026, 3, 2)


def test_contributions_are_recorded_once_the_levy_is_voted(world: Any, grid_worker: Any) -> None:
    reps = council(world.community, "village_reps", members=6)
    t = topic(world.community, title="村道硬化")
    services.topic_accept(topic=t, actor=staff(), council=reps, procedure=Procedure.objects.get(code="one_matter"))
    services.topic_step_record(topic=t, actor=staff(), step_code="propose", decision="硬化村道 1.2 公里")
    levy = services.levy_plan(
        topic=t, actor=staff(), total_cost="280000", money_per_person="15", labour_days_per_person="2",
        people=1100, labourers=300, subsidy="200000", held_on=DAY,
    )  # fmt: skip
    with pytest.raises(StepRefused) as refused:
        services.contribution_add(levy=levy, actor=staff(), name="张三", money="45", labour_days=0, on=DAY)
    assert refused.value.code == "state"
    meeting_with_vote(reps, t, DAY + datetime.timedelta(days=5), present=5, yes=5)
    t.refresh_from_db()
    assert t.state == TopicState.DECIDED
    day = DAY + datetime.timedelta(days=20)
    row = services.contribution_add(
        levy=levy, actor=staff(), name=" 张三 ", household=world.household1, money=45, labour_days="2", on=day
    )
    assert (row.name, row.money, row.labour_days, row.on) == ("张三", Decimal("45.00"), Decimal("2.0"), day)
    for bad in (
        {"money": "-1", "labour_days": 0},
        {"money": "abc", "labour_days": 0},
        {"money": 0, "labour_days": "-2"},
        {"money": 0, "labour_days": 0},
    ):
        with pytest.raises(DomainError):
            services.contribution_add(levy=levy, actor=staff(), name="李四", on=day, **bad)
    with pytest.raises(DomainError):
        services.contribution_add(
            levy=levy, actor=staff(), name="李四", money=15, labour_days=0, on=datetime.date(2999, 1, 1)
        )
    with pytest.raises(DomainError):
        services.contribution_add(
            levy=levy, actor=staff(), name="王五", household=world.other_household, money=15, labour_days=0, on=day
        )
    with pytest.raises(Forbidden):
        services.contribution_add(levy=levy, actor=grid_worker, name="李四", money=15, labour_days=0, on=day)
    assert levy.contributions.count() == 1
