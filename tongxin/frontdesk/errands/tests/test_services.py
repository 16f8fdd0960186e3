"""The errands' rules: a resident of the community or a visitor (phone encrypted and masked), the
deadline by kind in working days, each step in order and logged, cancelling with a reason."""

from __future__ import annotations

import datetime
from typing import Any

import pytest

from tongxin.frontdesk.errands import services
from tongxin.frontdesk.errands.models import Errand, Step
from tongxin.frontdesk.errands.tests.support import errand, hand_back, staff
from tongxin.platform.core.exceptions import DomainError, Forbidden

pytestmark = pytest.mark.django_db


def test_a_resident_of_the_community_with_documents_and_the_first_step(world: Any) -> None:
    e = errand(world.community, resident=world.zhangsan, received_on=datetime.date(2026, 3, 2))
    assert e.person_name == "张三"
    assert [d.name for d in e.documents.all()] == ["身份证复印件", "照片"]
    assert [(s.status, s.on) for s in e.steps.all()] == [("received", datetime.date(2026, 3, 2))]
    with pytest.raises(DomainError):
        errand(world.community, resident=world.wangwu)  # lives in 乙社区


def test_the_deadline_counts_official_working_days(world: Any) -> None:
    # Received on Friday 2026-09-25: 10 working days skip the National Day week (1–7 October
    # off, Saturday 10 October a make-up working day, per the State Council's notice).
    e = errand(world.community, resident=world.zhangsan, received_on=datetime.date(2026, 9, 25))
    from tongxin.platform.calendar import is_working_day

    day, counted = datetime.date(2026, 9, 25), 0
    while counted < 10:
        day += datetime.timedelta(days=1)
        counted += is_working_day(day)
    assert e.due_on == day
    assert e.due_on > datetime.date(2026, 10, 9)


def test_a_visitors_phone_is_encrypted_and_masked(world: Any) -> None:
    e = errand(world.community, visitor_name="赵来访", visitor_phone="13912345678")
    row = Errand.objects.get(pk=e.pk)
    assert row.phone_masked == "139****5678"
    assert "13912345678" not in row.phone_enc
    assert row.phone_plain() == "13912345678"
    with pytest.raises(DomainError):
        errand(world.community, visitor_name="赵来访", visitor_phone="12345")
    with pytest.raises(DomainError):
        errand(world.community, visitor_name=" ")


def test_steps_in_order_each_logged_with_who_and_when(world: Any) -> None:
    e = errand(world.community, resident=world.zhangsan, received_on=datetime.date(2026, 3, 2))
    with pytest.raises(DomainError):
        services.errand_advance(
            actor=staff(), errand=e, to="handed_back", on=datetime.date(2026, 3, 3), handed_back_to="本人"
        )
    with pytest.raises(DomainError):
        services.errand_advance(
            actor=staff(), errand=e, to="submitted", on=datetime.date(2026, 3, 1)
        )  # before received
    e = hand_back(
        e, submitted=datetime.date(2026, 3, 3), ready=datetime.date(2026, 3, 9), back=datetime.date(2026, 3, 10)
    )
    assert e.status == "handed_back" and e.handed_back_to == "本人" and e.handed_back_by == staff()
    assert list(Step.objects.filter(errand=e).values_list("status", flat=True)) == [
        "received", "submitted", "ready", "handed_back",
    ]  # fmt: skip
    with pytest.raises(DomainError):
        services.errand_cancel(actor=staff(), errand=e, reason="重复")


def test_cancelled_with_a_reason(world: Any) -> None:
    e = errand(world.community, resident=world.zhangsan)
    with pytest.raises(DomainError):
        services.errand_cancel(actor=staff(), errand=e, reason="  ")
    e = services.errand_cancel(actor=staff(), errand=e, reason="群众自行办理")
    assert e.status == "cancelled" and e.cancel_reason == "群众自行办理"


def test_only_the_office_writes(world: Any, street_officer: Any, grid_worker: Any, secretary: Any) -> None:
    for who in (street_officer, grid_worker):
        with pytest.raises(Forbidden):
            services.errand_register(
                actor=who, community=world.community, resident=world.zhangsan, kind="other", description="x"
            )
    e = services.errand_register(
        actor=secretary, community=world.community, resident=world.zhangsan, kind="purchase", description="代缴水费"
    )
    assert e.created_by == secretary


def test_hostile_values_are_refused(world: Any) -> None:
    args: dict[str, Any] = {"actor": staff(), "community": world.community, "resident": world.zhangsan}
    with pytest.raises(DomainError):
        services.errand_register(kind="nope", description="x", **args)
    with pytest.raises(DomainError):
        services.errand_register(kind="other", description="x" * 1001, **args)
    with pytest.raises(DomainError):
        services.errand_register(kind="other", description="x", documents=["证"] * 31, **args)
    with pytest.raises(DomainError):
        services.errand_register(kind="other", description="x", received_on=datetime.date(2999, 1, 1), **args)
    with pytest.raises(DomainError):
        services.errand_register(
            kind="other",
            description="x",
            received_on=datetime.date(2026, 3, 2),
            due_on=datetime.date(2026, 3, 1),
            **args,
        )
    assert not Errand.objects.exists()
