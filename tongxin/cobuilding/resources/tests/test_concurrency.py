"""Two requests for the same slot at the same moment, on the real database (SQLite with WAL and
IMMEDIATE transactions, or PostgreSQL): exactly one booking holds the slots, the other request
is refused with "该时段已被预约" — never a database error.

Each request runs in a thread of its own (its own database connection, closed at the end), both
released together by a barrier; the test is transactional so the threads see each other's commits.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.utils import translation

from tongxin.cobuilding.resources import services
from tongxin.cobuilding.resources.models import Booking, BookingSlot
from tongxin.cobuilding.resources.tests.support import hall
from tongxin.cobuilding.resources.tests.test_services import ask, next_weekday

pytestmark = pytest.mark.django_db(transaction=True)


def at_once(*calls: Callable[[], Any]) -> list[Any]:
    barrier = threading.Barrier(len(calls))
    results: list[Any] = [None] * len(calls)

    def run(i: int, call: Callable[[], Any]) -> None:
        try:
            barrier.wait(timeout=30)
            with translation.override("zh-hans"):
                results[i] = call()
        except BaseException as exc:  # noqa: BLE001  (returned to the test, which checks its kind)
            results[i] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert not any(t.is_alive() for t in threads), "a thread is stuck"
    return results


def test_two_requests_for_the_same_slot_at_once_make_one_booking(world: Any, secretary: Any) -> None:
    h = hall(world.unit, world.community)
    friday = next_weekday(5)
    results = at_once(
        lambda: ask(h, friday, 18, 20, actor=secretary, user_group="第一网格党支部"),
        lambda: ask(h, friday, 19, 21, actor=secretary, user_group="志愿服务队"),
    )
    won = [r for r in results if isinstance(r, Booking)]
    lost = [r for r in results if not isinstance(r, Booking)]
    assert len(won) == 1 and len(lost) == 1, results
    assert isinstance(lost[0], services.SlotTaken), lost
    assert list(lost[0].message_dict) == ["starts"]
    assert lost[0].message_dict["starts"][0].startswith("该时段已被预约")
    assert Booking.objects.count() == 1
    holders = set(BookingSlot.objects.filter(resource=h).values_list("booking_id", flat=True))
    assert holders == {won[0].pk}
