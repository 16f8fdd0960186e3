"""Checks of the seeded demo's notices (collected by tongxin/interfaces/demo/tests/test_seed_demo.py)."""

from __future__ import annotations

from tongxin.fieldwork.notices.demo import GAS, PENSION, VACCINATION
from tongxin.fieldwork.notices.models import Notice, NoticeDelivery
from tongxin.fieldwork.notices.queries import to_deliver, totals
from tongxin.platform.access.models import User


def test_the_vaccination_notice_is_half_delivered() -> None:
    notice = Notice.objects.get(title=VACCINATION)
    assert notice.status == "sent"
    assert notice.over_60 and notice.audience == "residents"
    t = totals(notice)
    # The texts reached the elders with a phone (most of them in the demo), the doors half of the
    # rest (every other one, grid by grid).
    assert t["by_text"] > 0
    rest = t["total"] - t["by_text"]
    assert rest // 2 <= t["by_door"] <= rest // 2 + 2, t
    assert not NoticeDelivery.objects.filter(notice=notice, phones=0, reached_by="text").exists()


def test_the_pension_notice_is_fully_delivered_and_closed() -> None:
    notice = Notice.objects.get(title=PENSION)
    assert notice.status == "closed" and notice.closed_at is not None
    t = totals(notice)
    assert t["total"] > 0 and t["reached"] == t["total"]
    vaccination = Notice.objects.get(title=VACCINATION)
    assert notice.sent_on and vaccination.sent_on and notice.sent_on < vaccination.sent_on


def test_the_grid_workers_have_households_to_deliver() -> None:
    grid1 = User.objects.get(username="grid1")
    gas = Notice.objects.get(title=GAS)
    assert gas.by_door and not gas.by_text
    # Door to door only: half done (every other household, grid by grid), half on the lists.
    t = totals(gas)
    assert t["by_door"] == t["reached"] and t["left"] // 2 <= t["reached"] <= t["left"] + 3, t
    assert to_deliver(grid1, notice_id=gas.pk).exists()
    assert NoticeDelivery.objects.filter(notice=gas, door_by=grid1).exists()
