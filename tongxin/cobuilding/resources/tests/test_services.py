"""The booking rules, the unit's decision, and the used hours counted toward the agreement."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

from tongxin.cobuilding.agreements.queries import commitment_progress
from tongxin.cobuilding.agreements.tests.support import signed_agreement, staff
from tongxin.cobuilding.resources import services
from tongxin.cobuilding.resources.models import Booking, BookingSlot
from tongxin.cobuilding.resources.tests.support import hall
from tongxin.platform.core.exceptions import DomainError, Forbidden

pytestmark = pytest.mark.django_db
T = datetime.time


def next_weekday(iso: int, after: datetime.date | None = None) -> datetime.date:
    day = (after or timezone.localdate()) + datetime.timedelta(days=1)
    while day.isoweekday() != iso:
        day += datetime.timedelta(days=1)
    return day


def ask(resource: Any, day: datetime.date, start: int, end: int, *, actor: Any = None, **kw: Any) -> Booking:
    values = {"user_group": "第一网格党支部", "purpose": "主题党日", "people": 20, **kw}
    return services.booking_request(
        actor=actor or staff(), resource=resource, day=day, starts=T(start), ends=T(end), **values
    )


def test_a_request_takes_its_slots(world: Any, secretary: Any) -> None:
    h = hall(world.unit, world.community)
    b = ask(h, next_weekday(5), 18, 20, actor=secretary)
    assert b.status == "requested"
    assert BookingSlot.objects.filter(booking=b).count() == 4


@pytest.mark.parametrize(
    "start,end,field",
    [
        (T(7, 30), T(9), "starts"),  # before opening
        (T(20), T(22), "starts"),  # after closing
        (T(18, 10), T(19), "starts"),  # not on a slot
        (T(19), T(18), "ends"),  # ends before it starts
    ],
)
def test_times_outside_the_rules_are_refused(world: Any, start: Any, end: Any, field: str) -> None:
    h = hall(world.unit, world.community)
    with pytest.raises(DomainError) as refused:
        services.booking_request(
            actor=staff(), resource=h, day=next_weekday(5), starts=start, ends=end, user_group="支部", purpose="活动",
            people=10,
        )  # fmt: skip
    assert field in refused.value.error_dict


def test_past_far_closed_day_and_too_many_people_are_refused(world: Any) -> None:
    h = hall(world.unit, world.community, weekdays="12345", capacity=30)
    with pytest.raises(DomainError):
        ask(h, timezone.localdate() - datetime.timedelta(days=1), 18, 19)
    with pytest.raises(DomainError):
        ask(h, next_weekday(1, timezone.localdate() + datetime.timedelta(days=100)), 18, 19)
    with pytest.raises(DomainError) as closed:
        ask(h, next_weekday(6), 18, 19)
    assert "day" in closed.value.error_dict
    with pytest.raises(DomainError) as crowd:
        ask(h, next_weekday(5), 18, 19, people=31)
    assert "people" in crowd.value.error_dict


def test_double_booking_is_refused_and_freed_by_a_refusal(world: Any, unit_contact: Any) -> None:
    h = hall(world.unit, world.community)
    day = next_weekday(5)
    first = ask(h, day, 18, 20)
    with pytest.raises(services.SlotTaken) as taken:
        ask(h, day, 19, 21)
    assert list(taken.value.error_dict) == ["starts"]
    assert Booking.objects.count() == 1  # nothing half-saved
    with pytest.raises(DomainError):
        services.booking_decide(actor=unit_contact, booking=first, approve=False)  # a refusal says why
    services.booking_decide(actor=unit_contact, booking=first, approve=False, note="当天设备检修")
    second = ask(h, day, 19, 21)
    assert second.status == "requested"


def test_only_the_units_contact_decides(world: Any, secretary: Any, unit_contact: Any) -> None:
    h = hall(world.unit, world.community)
    b = ask(h, next_weekday(5), 18, 20)
    with pytest.raises(Forbidden):
        services.booking_decide(actor=secretary, booking=b, approve=True)
    services.booking_decide(actor=unit_contact, booking=b, approve=True)
    with pytest.raises(DomainError):
        services.booking_decide(actor=unit_contact, booking=b, approve=True)
    services.booking_cancel(actor=secretary, booking=b)
    assert not BookingSlot.objects.filter(booking=b).exists()


def test_used_hours_count_toward_the_commitment_once(world: Any, unit_contact: Any) -> None:
    a = signed_agreement(world.unit, world.community)
    hours = a.commitments.get(kind="venue_hours")
    h = hall(world.unit, world.community, commitment=hours)
    day = timezone.localdate() - datetime.timedelta(days=3)
    before = timezone.make_aware(datetime.datetime.combine(day - datetime.timedelta(days=1), T(9)))
    after = timezone.make_aware(datetime.datetime.combine(day, T(22)))
    b = services.booking_request(
        actor=staff(), resource=h, day=day, starts=T(18), ends=T(20, 30), user_group="志愿服务队", purpose="培训",
        people=25, now=before,
    )  # fmt: skip
    services.booking_decide(actor=unit_contact, booking=b, approve=True)
    d1 = services.booking_attended(actor=unit_contact, booking=b, attended=22, now=after)
    d2 = services.booking_attended(actor=unit_contact, booking=b, attended=23, now=after)
    assert d1 is not None and d2 is not None and d1.pk == d2.pk
    assert d1.source == "booking" and d1.source_id == b.pk
    row = commitment_progress(a.commitments.filter(pk=hours.pk)).get()
    assert row.delivered == Decimal("2.50") and row.remaining == Decimal("37.50")


def test_attendance_waits_for_the_end(world: Any, unit_contact: Any) -> None:
    h = hall(world.unit, world.community)
    b = ask(h, next_weekday(5), 18, 20)
    services.booking_decide(actor=unit_contact, booking=b, approve=True)
    with pytest.raises(DomainError):
        services.booking_attended(actor=unit_contact, booking=b, attended=10)


def test_a_unit_contact_edits_only_their_units_resources(world: Any, unit_contact: Any) -> None:
    h = hall(world.unit, world.community)
    services.resource_save(
        actor=unit_contact, resource=h, community=h.community, unit=h.unit, kind="venue", name="多功能厅",
        bookable=True, capacity=60, opens_at=T(8), closes_at=T(21), open_weekdays="12345",
    )  # fmt: skip
    h.refresh_from_db()
    assert h.name == "多功能厅" and h.open_weekdays == "12345"
    with pytest.raises(Forbidden):
        services.resource_save(
            actor=unit_contact, community=world.other_community, unit=world.other_unit, kind="funds", name="资金"
        )
    with pytest.raises(DomainError):
        services.resource_save(
            actor=staff(), community=world.community, unit=world.unit, kind="venue", name="操场", bookable=True,
            capacity=100, opens_at=T(21), closes_at=T(18),
        )  # fmt: skip
