"""The demo's year of cases: each history chains up to its state, and the figures read true."""

from __future__ import annotations

import datetime
import random
from collections import defaultdict
from collections.abc import Iterator
from typing import Any

import pytest
from django.db import transaction
from django.test import override_settings
from django.urls import reverse
from shapely.geometry import Point, Polygon, shape

from tests.html import soup
from tongxin.grid.cases.deadlines import run_deadlines
from tongxin.grid.cases.figures import case_figures
from tongxin.grid.cases.models import Case, CaseEvent, CaseTransition, Rating
from tongxin.grid.cases.services import CODE_ALPHABET
from tongxin.grid.cases.workflow import NEEDS_COMMENT, TRANSITIONS, State
from tongxin.interfaces.demo.seed.cases import point_inside
from tongxin.interfaces.demo.tests.support import TODAY, seed_tiny
from tongxin.platform import calendar
from tongxin.platform.access.models import RoleAssignment, User
from tongxin.registry.areas.models import Area, Level

NOW = datetime.datetime.combine(TODAY, datetime.time.min, tzinfo=calendar.SHANGHAI)
Kind = CaseEvent.Kind


@pytest.fixture(scope="class")
def seeded(django_db_setup: Any, django_db_blocker: Any) -> Iterator[str]:
    """One tiny seed for every check below, rolled back when the class is done."""
    fast = override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"])
    with django_db_blocker.unblock(), fast, transaction.atomic():
        yield seed_tiny()
        transaction.set_rollback(True)


def histories() -> dict[int, list[CaseTransition]]:
    steps: dict[int, list[CaseTransition]] = defaultdict(list)
    for step in CaseTransition.objects.order_by("case_id", "at", "id"):
        steps[step.case_id].append(step)
    return steps


def events_of() -> dict[int, list[CaseEvent]]:
    events: dict[int, list[CaseEvent]] = defaultdict(list)
    for event in CaseEvent.objects.order_by("case_id", "at", "id"):
        events[event.case_id].append(event)
    return events


@pytest.mark.django_db
@pytest.mark.usefixtures("seeded")
@pytest.mark.xdist_group("demo-cases")  # one worker, so one seed
class TestTinyCases:
    def test_a_few_dozen_cases_in_every_grid(self, seeded: str) -> None:
        total = Case.objects.count()
        assert 40 <= total <= 120
        assert f"事件 Cases: {total:,}" in seeded
        grids = set(Area.objects.filter(level=Level.GRID).values_list("pk", flat=True))
        assert set(Case.objects.values_list("grid_id", flat=True)) == grids
        for community in Area.objects.filter(level__in=[Level.COMMUNITY, Level.VILLAGE]):
            assert Case.objects.filter(grid__parent=community).count() >= 2, community.name
        codes = list(Case.objects.values_list("tracking_code", flat=True))
        assert len(set(codes)) == len(codes)
        assert all(len(code) == 8 and set(code) <= set(CODE_ALPHABET) for code in codes)

    def test_every_history_chains_up_to_the_state(self) -> None:
        steps, events = histories(), events_of()
        for case in Case.objects.select_related("category"):
            history, kinds = steps[case.pk], [e.kind for e in events[case.pk]]
            first = history[0]
            assert (first.from_state, first.to_state, first.at) == ("", State.REPORTED, case.reported_at)
            assert first.actor_name == case.reporter_name
            for before, after in zip(history, history[1:], strict=False):
                move = (after.from_state, after.to_state)
                assert after.from_state == before.to_state and move in TRANSITIONS, case
                assert move not in NEEDS_COMMENT or after.comment
                assert after.at >= before.at
            last = history[-1]
            assert last.to_state == case.state and last.at < NOW
            if case.state == State.CLOSED:
                assert case.closed_at == last.at and case.closed_at >= case.reported_at
            else:
                assert case.closed_at is None
            assert case.reopen_count == sum(1 for s in history if s.to_state == State.REOPENED)
            granted = kinds.count(Kind.EXTENSION_GRANTED)
            assert case.version == len(history) + kinds.count(Kind.RATED) + granted
            assert case.created_at == case.reported_at and case.updated_at >= last.at
            # Deadlines are the category's limits on the working calendar, moved by an extension.
            category = case.category
            assert case.accept_due == calendar.deadline(case.reported_at, category.accept_limit, category.accept_unit)
            due = calendar.deadline(case.reported_at, category.resolve_limit, category.resolve_unit)
            for event in events[case.pk]:
                if event.kind == Kind.EXTENSION_REQUESTED and granted:
                    due = calendar.add_working_days(due, event.data["days"])
            assert case.resolve_due == due

    def test_the_deadline_job_has_nothing_to_add(self) -> None:
        # The cards, warnings and escalations are the job's own, as if it had run all year.
        assert run_deadlines(at=NOW).events == {}

    def test_cards_escalations_and_ratings_agree_with_the_case(self) -> None:
        for case in Case.objects.prefetch_related("events"):
            events = sorted(case.events.all(), key=lambda e: (e.at, e.pk))
            cards = [e.kind for e in events if e.kind in (Kind.YELLOW_CARD, Kind.RED_CARD)]
            assert cards[:1] in ([], [Kind.YELLOW_CARD]) and set(cards[1:]) <= {Kind.RED_CARD}
            escalated = [e.key for e in events if e.kind == Kind.ESCALATED]
            assert case.level == (escalated[-1] if escalated else Case.Level.GRID)
            ratings = [e for e in events if e.kind == Kind.RATED]
            assert not ratings or case.source in (Case.Source.PUBLIC, Case.Source.STAFF)
            if case.reopen_count:
                assert ratings[0].data["rating"] == Rating.UNSATISFIED and ratings[0].key == "0"
            if case.rating:
                assert (case.rating, case.rated_at) == (ratings[-1].data["rating"], ratings[-1].at)
            notices = [e for e in events if e.kind == Kind.SUPERVISION]
            answers = [e for e in events if e.kind == Kind.SUPERVISION_RESPONSE]
            assert all(a.at >= notices[0].at for a in answers)

    def test_the_grid_worker_handles_the_cases_of_their_grid(self) -> None:
        grid1 = User.objects.get(username="grid1")
        grid_id = RoleAssignment.objects.get(user=grid1).node_id
        dispatched = Case.objects.filter(grid_id=grid_id, transitions__to_state=State.ASSIGNED).distinct()
        assert dispatched.exists()
        assert all(c.assignee_id == grid1.pk for c in dispatched.exclude(state=State.ACCEPTED))
        # Grids without a demo account have an invented worker, named on the timeline only.
        assert not Case.objects.exclude(grid_id__in=RoleAssignment.objects.values("node_id")).exclude(assignee=None)

    def test_every_path_a_case_can_take_is_shown(self) -> None:
        cases = Case.objects.all()
        assert {State.CLOSED, State.REJECTED, State.IN_PROGRESS} <= set(cases.values_list("state", flat=True))
        assert set(cases.values_list("source", flat=True)) == set(Case.Source.values)
        assert cases.filter(level=Case.Level.SUBDISTRICT).exists() and cases.filter(reopen_count=1).exists()
        assert CaseTransition.objects.filter(to_state=State.RETURNED).exists()
        kinds = set(CaseEvent.objects.values_list("kind", flat=True))
        assert kinds >= {
            Kind.ACCEPT_OVERDUE,
            Kind.RESOLVE_OVERDUE,
            Kind.YELLOW_CARD,
            Kind.RED_CARD,
            Kind.ESCALATED,
            Kind.SUPERVISION,
            Kind.SUPERVISION_RESPONSE,
            Kind.EXTENSION_GRANTED,
            Kind.RATED,
        }
        assert cases.filter(state=State.CLOSED).count() >= 0.75 * cases.count()

    def test_points_lie_in_their_grid(self) -> None:
        located = Case.objects.filter(latitude__isnull=False).select_related("grid")
        for case in located:
            assert shape(case.grid.outline).covers(Point(float(case.longitude), float(case.latitude)))
        with_outline = Case.objects.filter(grid__outline__isnull=False)
        assert located.count() == with_outline.count()

    def test_figures_of_the_year(self) -> None:
        street = User.objects.get(username="street")
        subdistrict = Area.objects.get(level=Level.SUBDISTRICT, name="清河街道")
        start, end = TODAY - datetime.timedelta(days=365), TODAY - datetime.timedelta(days=1)
        *communities, total = case_figures(street, node=subdistrict, start=start, end=end, group_level="community")
        assert len(communities) == 5 and all(row.received > 0 for row in communities)
        assert total.received == Case.objects.count()
        assert total.closed == Case.objects.filter(state=State.CLOSED).count()
        assert total.response_rate is not None and 70 <= total.response_rate < 100
        assert total.on_time_rate is not None and 60 <= total.on_time_rate < 100
        assert total.satisfaction_rate is not None and total.satisfaction_rate >= 70
        assert total.within_grid_rate is not None and 50 <= total.within_grid_rate < 100
        assert total.median_hours is not None and total.p90_hours is not None
        assert 0 < total.median_hours <= total.p90_hours
        assert total.yellow_cards >= 1 and total.red_cards >= 1

    def test_figures_page_per_grid(self, client: Any) -> None:
        client.force_login(User.objects.get(username="street"))
        start, end = TODAY - datetime.timedelta(days=365), TODAY - datetime.timedelta(days=1)
        response = client.get(reverse("cases:figures"), {"start": start, "end": end, "level": "grid"})
        assert response.status_code == 200
        rows = soup(response).select("table.figures-table tbody tr")
        assert len(rows) == Area.objects.filter(level=Level.GRID).count() + 1
        received = [int(r.select_one("[data-figure=received]").get_text(strip=True).replace(",", "")) for r in rows]
        assert all(received) and sum(received[:-1]) == received[-1] == Case.objects.count()

    def test_queues_of_the_grid_worker_and_the_street(self, client: Any) -> None:
        for username in ("grid1", "street"):
            client.force_login(User.objects.get(username=username))
            response = client.get(reverse("cases:list"), {"queue": "all"})
            assert response.status_code == 200
            assert soup(response).select("a[href^='/cases/']")


def test_a_point_inside_stays_inside_even_in_a_thin_outline() -> None:
    rng = random.Random(1)
    sliver = Polygon([(116.0, 39.0), (116.01, 39.0), (116.01, 39.00002), (116.0, 39.00002)])
    for _ in range(50):
        lat, lon = point_inside(sliver, rng)
        assert lat is not None and lon is not None
        assert sliver.covers(Point(float(lon), float(lat)))
