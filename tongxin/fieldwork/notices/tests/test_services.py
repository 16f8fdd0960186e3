"""A notice reaches households by text and door to door; the not-reached list says why; the
reminder; the audience by category and age; who may write. The world is hand-made (conftest's
community 甲 plus the households below) and every expected number is counted by hand."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from typing import Any

import pytest
from django.utils import timezone

from tongxin.fieldwork.notices import services
from tongxin.fieldwork.notices.models import Notice, NoticeDelivery, NoticeText
from tongxin.fieldwork.notices.queries import grid_progress, not_reached, to_deliver, totals, why_not
from tongxin.fieldwork.notices.tests.support import FAILING, draft_notice, household, sent_notice, staff
from tongxin.platform.core.exceptions import DomainError, Forbidden
from tongxin.platform.inbox.models import Notification
from tongxin.registry.areas.models import Household

pytestmark = pytest.mark.django_db
FAILS = "13500000001"


@pytest.fixture
def homes(world: Any, settings: Any) -> Iterator[dict[str, Any]]:
    """Beside 101 (张三, phone) in grid 1 and 201 (李四, phone) in grid 2:
    102 赵老 — no phone, born 1950, 低保 (grid 1);
    103 钱一 (head, a number the operator refuses) and 钱二 (no phone) (grid 1);
    202 孙老 (head, born 1940, phone) and 孙二 (phone) (grid 2);
    203 vacant (grid 2): never addressed."""
    from tongxin.platform.inbox import backends

    settings.OUTBOUND_MESSAGE_BACKEND = "tongxin.fieldwork.notices.tests.support.PickyBackend"
    backends.outbox.clear()
    FAILING.clear()
    FAILING.add(FAILS)
    found = {
        "101": world.household1,
        "201": world.household2,
        "102": household(world.building1, world.grid1, "102", ("赵老", "", datetime.date(1950, 5, 1), ("low_income",))),
        "103": household(
            world.building1, world.grid1, "103", ("钱一", FAILS, datetime.date(1990, 1, 1), ()), ("钱二", "", None, ())
        ),
        "202": household(
            world.building2,
            world.grid2,
            "202",
            ("孙老", "13600000002", datetime.date(1940, 3, 3), ()),
            ("孙二", "13600000003", datetime.date(1970, 3, 3), ()),
        ),
    }
    vacant = household(world.building2, world.grid2, "203")
    Household.objects.filter(pk=vacant.pk).update(kind=Household.Kind.VACANT)
    yield found
    FAILING.clear()
    backends.outbox.clear()


def _by_number(qs: Any) -> dict[str, Any]:
    return {d.household.number: d for d in qs.select_related("household")}


def test_a_notice_reaches_households_by_text_and_door_to_door(
    world: Any, homes: Any, grid_worker: Any, django_capture_on_commit_callbacks: Any
) -> None:
    from tongxin.platform.inbox.backends import outbox

    with django_capture_on_commit_callbacks(execute=True):
        notice = sent_notice(world.community)
    # One delivery row per household (vacant 203 and 乙's 301 left out), the grid kept.
    rows = _by_number(NoticeDelivery.objects.filter(notice=notice))
    assert set(rows) == {"101", "102", "103", "201", "202"}
    assert rows["102"].grid_id == world.grid1.pk and rows["202"].grid_id == world.grid2.pk
    assert rows["102"].phones == 0 and rows["202"].phones == 2
    # One text per household, to the head: 张三, 李四, 钱一 (refused), 孙老.
    assert sorted(m.phone for m in outbox) == ["13600000002", "13812345678", "13900001111"]
    assert all(m.text.startswith("【疫苗接种通知】") for m in outbox)
    assert NoticeText.objects.filter(notice=notice, status="failed").count() == 1
    assert totals(notice) | {} == {"total": 5, "reached": 3, "by_text": 3, "by_door": 0, "left": 2, "percent": 60}
    # Not reached: 102 (no phone) and 103 (its text failed), both grid 1.
    left = {d.household.number: why_not(d) for d in not_reached(notice)}
    assert left == {"102": "no_phone", "103": "text_failed"}
    grids = {g["grid_id"]: (g["reached"], g["total"]) for g in grid_progress(notice)}
    assert grids == {world.grid1.pk: (1, 3), world.grid2.pk: (2, 2)}

    # The grid worker of grid 1 has exactly those two to deliver; nobody home at 103.
    mine = _by_number(to_deliver(grid_worker))
    assert set(mine) == {"102", "103"}
    services.confirm_door(actor=grid_worker, delivery=mine["102"])
    services.confirm_door(actor=grid_worker, delivery=mine["103"], nobody_home=True)
    d102 = NoticeDelivery.objects.get(pk=mine["102"].pk)
    assert d102.reached_by == "door" and d102.door_by == grid_worker and d102.door_at is not None
    assert totals(notice)["reached"] == 4
    assert {d.household.number: why_not(d) for d in not_reached(notice)} == {"103": "nobody_home"}
    # A second tap on a household already reached counts once.
    services.confirm_door(actor=grid_worker, delivery=d102)
    assert totals(notice)["by_door"] == 1


def test_the_reminder_texts_the_households_left_and_tells_their_grid_workers(
    world: Any, homes: Any, grid_worker: Any, neighbour_grid_worker: Any, django_capture_on_commit_callbacks: Any
) -> None:
    from tongxin.platform.inbox.backends import outbox

    with django_capture_on_commit_callbacks(execute=True):
        notice = sent_notice(world.community)
    outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        got = services.notice_remind(actor=staff(), notice=notice)
    # 102 has no phone; 103's head still refused: one text tried, nothing sent.
    assert got == {"texts": 1, "told": 1, "left": 2}
    assert outbox == []
    told = Notification.objects.get(recipient=grid_worker)
    assert "疫苗接种通知" in told.title and "2" in told.body and f"notice={notice.pk}" in told.url
    assert not Notification.objects.filter(recipient=neighbour_grid_worker).exists()
    # The number works again: the next reminder reaches 103 by text.
    FAILING.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.notice_remind(actor=staff(), notice=notice)
    assert [m.phone for m in outbox] == [FAILS]
    assert totals(notice)["reached"] == 4
    notice.refresh_from_db()
    assert notice.reminders == 2


def test_a_category_or_age_narrows_the_audience(
    world: Any, homes: Any, django_capture_on_commit_callbacks: Any
) -> None:
    from tongxin.fieldwork.notices.queries import audience_households
    from tongxin.platform.inbox.backends import outbox
    from tongxin.registry.people.models import CareCategory

    low_income = CareCategory.objects.get(code="low_income")
    n = draft_notice(world.community, care_category=low_income)
    # 张三 and 赵老 are 低保.
    assert {h.number for h in audience_households(n, timezone.localdate())} == {"101", "102"}
    with django_capture_on_commit_callbacks(execute=True):
        elders = sent_notice(world.community, title="养老保险", audience="residents", over_60=True)
    # Over 60: 赵老 (no phone) and 孙老; 孙二 (born 1970) is not addressed though she has a phone.
    assert set(_by_number(NoticeDelivery.objects.filter(notice=elders))) == {"102", "202"}
    assert [m.phone for m in outbox] == ["13600000002"]


def test_every_resident_gets_a_text_when_the_audience_is_residents(
    world: Any, homes: Any, django_capture_on_commit_callbacks: Any
) -> None:
    from tongxin.platform.inbox.backends import outbox

    with django_capture_on_commit_callbacks(execute=True):
        sent_notice(world.grid2, audience="residents")
    assert sorted(m.phone for m in outbox) == ["13600000002", "13600000003", "13900001111"]


def test_texts_go_once_after_the_commit_and_never_on_a_rollback(world: Any, homes: Any) -> None:
    from django.db import transaction

    from tongxin.platform.inbox.backends import outbox

    with pytest.raises(RuntimeError), transaction.atomic():
        sent_notice(world.community)
        raise RuntimeError("the office changed its mind")
    assert outbox == [] and not Notice.objects.exists()
    notice = sent_notice(world.community)
    assert outbox == []  # still queued: the test's transaction has not committed
    assert services.deliver_texts(notice.pk) == {"sent": 3, "failed": 1}
    assert services.deliver_texts(notice.pk) == {"sent": 0, "failed": 0}
    assert len(outbox) == 3


def test_door_only_sends_no_text_and_text_only_has_no_to_deliver_list(world: Any, homes: Any, grid_worker: Any) -> None:
    door = sent_notice(world.community, by_text=False)
    assert not NoticeText.objects.filter(notice=door).exists()
    assert to_deliver(grid_worker, notice_id=door.pk).count() == 3
    text = sent_notice(world.community, by_door=False)
    assert to_deliver(grid_worker, notice_id=text.pk).count() == 0
    with pytest.raises(DomainError):
        draft_notice(world.community, by_text=False, by_door=False)


def test_who_may_write_send_and_deliver(
    world: Any, homes: Any, secretary: Any, street_officer: Any, grid_worker: Any, neighbour_grid_worker: Any,
    building_leader: Any,
) -> None:  # fmt: skip
    n = services.notice_save(actor=secretary, area=world.grid1, title="通知", text="内容")
    assert n.community == world.community
    with pytest.raises(Forbidden):
        services.notice_save(actor=secretary, area=world.other_community, title="通知", text="内容")
    with pytest.raises(Forbidden):
        services.notice_send(actor=street_officer, notice=n)
    with pytest.raises(Forbidden):
        services.notice_send(actor=grid_worker, notice=n)
    services.notice_send(actor=secretary, notice=n)
    with pytest.raises(DomainError):
        services.notice_send(actor=secretary, notice=n)
    with pytest.raises(DomainError):
        services.notice_save(actor=secretary, notice=n, area=world.grid1, title="改", text="改")
    d102 = NoticeDelivery.objects.get(notice=n, household__number="102")
    with pytest.raises(Forbidden):
        services.confirm_door(actor=neighbour_grid_worker, delivery=d102)
    # The building leader of building 1 delivers there.
    services.confirm_door(actor=building_leader, delivery=d102)
    services.notice_close(actor=secretary, notice=n)
    d103 = NoticeDelivery.objects.get(notice=n, household__number="103")
    with pytest.raises(DomainError):
        services.confirm_door(actor=grid_worker, delivery=d103)
    assert to_deliver(grid_worker).count() == 0


def test_a_place_with_nobody_addressed_is_not_sent(world: Any) -> None:
    from tongxin.platform.core.tree_ops import node_insert
    from tongxin.registry.areas.models import Area, Level

    empty = node_insert(Area(parent=world.community, level=Level.GRID, name="空网格"))
    n = draft_notice(empty)
    with pytest.raises(DomainError):
        services.notice_send(actor=staff(), notice=n)
    n.refresh_from_db()
    assert n.status == "draft" and not NoticeDelivery.objects.filter(notice=n).exists()


def test_text_and_title_are_cleaned_and_bounded(world: Any) -> None:
    with pytest.raises(DomainError) as refused:
        draft_notice(world.community, title="通知" * 100)
    assert "title" in refused.value.error_dict
    with pytest.raises(DomainError) as refused:
        services.notice_save(actor=staff(), area=world.community, title="通知", text="字" * 301)
    assert "text" in refused.value.error_dict
    n = services.notice_save(actor=staff(), area=world.community, title=" 通\x00知 ", text="内容\x07")
    assert (n.title, n.text) == ("通知", "内容")
