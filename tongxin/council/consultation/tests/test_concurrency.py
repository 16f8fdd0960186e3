"""Two people acting on the same thing at the same moment, on the real database (SQLite with WAL
and IMMEDIATE transactions, or PostgreSQL): exactly one wins, the other is told to reload, and
nothing is written twice.

Each call runs in a thread of its own (its own database connection, closed at the end), both
released together by a barrier; the test is transactional so the threads see each other's commits.
"""

from __future__ import annotations

import datetime
import threading
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection

from tongxin.council.consultation import services
from tongxin.council.consultation.exceptions import StepRefused, TopicChanged
from tongxin.council.consultation.models import Topic, TopicState, TopicStep, Vote, VoteResult
from tongxin.council.consultation.tests.support import at, council, staff, topic

pytestmark = pytest.mark.django_db(transaction=True)
DAY = datetime.date(2026, 3, 2)


def at_once(*calls: Callable[[], Any]) -> list[Any]:
    """Run each call in its own thread, all starting together; what each returned or raised."""
    barrier = threading.Barrier(len(calls))
    results: list[Any] = [None] * len(calls)

    def run(i: int, call: Callable[[], Any]) -> None:
        try:
            barrier.wait(timeout=30)
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


def one_won(results: list[Any], *refusals: type[BaseException]) -> Any:
    """The winner's result; the others must be one of `refusals` (a clear message, never a
    database error such as SQLite's "database is locked")."""
    winners = [r for r in results if not isinstance(r, BaseException)]
    losers = [r for r in results if isinstance(r, BaseException)]
    assert len(winners) == 1, results
    assert all(isinstance(r, refusals) for r in losers), losers
    for r in losers:
        assert r.messages  # type: ignore[attr-defined]  # a DomainError, shown to the user
    return winners[0]


def accepted(world: Any) -> tuple[Any, Topic]:
    c = council(world.community)
    t = topic(world.building1)
    services.topic_accept(topic=t, actor=staff(), council=c)
    return c, t


def test_two_people_closing_the_same_vote_make_one_result(world: Any) -> None:
    c, t = accepted(world)
    for code in ("set", "plan", "consult"):
        services.topic_step_record(topic=t, actor=staff(), step_code=code, decision=f"{code} 完成")
    m = services.meeting_create(council=c, actor=staff(), title="三月例会", starts_at=at(DAY), topics=[t])
    services.attendance_open(meeting=m, actor=staff())
    services.attendance_mark(meeting=m, actor=staff(), present=list(m.attendance.values_list("pk", flat=True))[:4])
    vote = services.vote_open(item=m.items.get(), actor=staff(), method="hands", question="同意停车方案")
    services.vote_count(vote=vote, actor=staff(), yes=3, no=1, abstain=0)
    audits_before = _vote_audits(m)

    def close() -> Vote:
        return services.vote_close(vote=Vote.objects.get(pk=vote.pk), actor=staff(), at=at(DAY, 21))

    won = one_won(at_once(close, close), TopicChanged)
    assert won.result == VoteResult.PASSED
    vote.refresh_from_db()
    assert vote.closed_at is not None and vote.result == VoteResult.PASSED
    assert (vote.yes, vote.no, vote.present_count) == (3, 1, 4)
    assert _vote_audits(m) == audits_before + 1
    t.refresh_from_db()
    live = TopicStep.objects.filter(topic=t, voided_at__isnull=True)
    assert live.filter(step__code="vote").count() == 1
    assert live.get(step__code="vote").vote_id == vote.pk
    assert t.state == TopicState.DECIDED and t.next_position == 5


def _vote_audits(meeting: Any) -> int:
    from tongxin.platform.core.models import AuditEvent

    return AuditEvent.objects.filter(object_id=str(meeting.pk), changes__has_key="vote").count()


def test_two_people_recording_the_same_step_write_one_row(world: Any) -> None:
    _, t = accepted(world)
    t.refresh_from_db()
    assert t.next_position == 1

    def record(who: str) -> TopicStep:
        return services.topic_step_record(
            topic=Topic.objects.get(pk=t.pk), actor=staff(), step_code="set", decision=f"{who}：确定议题"
        )

    # The one who comes second finds the step taken: told so (reload), or that "set" is no longer next.
    won = one_won(at_once(lambda: record("甲"), lambda: record("乙")), TopicChanged, StepRefused)
    t.refresh_from_db()
    assert t.next_position == 2
    assert list(TopicStep.objects.filter(topic=t).values_list("pk", flat=True)) == [won.pk]


@pytest.mark.parametrize("second", ["accept", "decline"])
def test_two_reviewers_of_one_raised_topic_one_wins(world: Any, second: str) -> None:
    c = council(world.community)
    t = topic(world.building1)

    def accept() -> Topic:
        return services.topic_accept(topic=Topic.objects.get(pk=t.pk), actor=staff(), council=c)

    def decline() -> Topic:
        return services.topic_decline(topic=Topic.objects.get(pk=t.pk), actor=staff(), reason="不属于议事范围")

    won = one_won(at_once(accept, accept if second == "accept" else decline), TopicChanged)
    t.refresh_from_db()
    assert t.state == won.state and t.state in (TopicState.ACCEPTED, TopicState.DECLINED)
    if t.state == TopicState.ACCEPTED:
        assert t.council_id == c.pk and t.decline_reason == ""
    else:
        assert t.council_id is None and t.decline_reason == "不属于议事范围"
