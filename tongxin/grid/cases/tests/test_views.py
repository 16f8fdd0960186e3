from __future__ import annotations

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.html import soup
from tongxin.grid.cases import services
from tongxin.grid.cases.models import Case, CaseCategory, CaseHandover
from tongxin.grid.cases.photos import photos_process
from tongxin.grid.cases.tests import photo_files as files
from tongxin.grid.cases.workflow import State
from tongxin.registry.cobuild.models import ResidentUnit


@pytest.fixture
def category(db):
    return CaseCategory.objects.create(code="t_sewage", name_zh="污水外溢")


def test_grid_worker_reports_from_the_form_and_sees_it_in_the_grid_queue(world, grid_worker, category, client):
    client.force_login(grid_worker)
    form = client.get(reverse("cases:report")).context["form"]
    blank, *groups = form.fields["area"].choices  # blank: a map point may place the case instead
    places = [label for _group, options in groups for _pk, label in options]
    assert blank[0] == ""
    assert places == ["第一网格", "1号楼"]  # only the worker's own grid
    response = client.post(
        reverse("cases:report"), {"category": category.pk, "description": "下水道返水", "area": world.building1.pk}
    )
    case = Case.objects.get()
    assert response["Location"] == reverse("cases:detail", args=[case.pk])
    assert (case.grid, case.state, case.reporter) == (world.grid1, State.REPORTED, grid_worker)
    html = soup(client.get(reverse("cases:list")))
    # The card's title says what the case is about: the kind and the place, with its community.
    assert [a.text for a in html.select("table tbody td.card-title a")] == ["污水外溢 · 甲社区 1号楼"]
    assert [td.text for td in html.select("table tbody td.card-code")] == [case.tracking_code]


def test_another_grid_is_not_a_choice_and_a_forged_place_is_refused(world, grid_worker, category, client):
    client.force_login(grid_worker)
    response = client.post(
        reverse("cases:report"), {"category": category.pk, "description": "x", "area": world.building2.pk}
    )
    assert response.status_code == 200 and "area" in response.context["form"].errors
    assert not Case.objects.exists()


def test_transitions_from_the_page_and_a_stale_form(world, grid_worker, secretary, category, client):
    case = services.case_report(actor=grid_worker, category=category, description="漏水", area=world.building1)
    client.force_login(secretary)
    page = soup(client.get(reverse("cases:detail", args=[case.pk])))
    offered = sorted(i["value"] for i in page.select("form.case-action input[name=to]"))
    assert offered == ["accepted", "rejected", "returned"]
    url = reverse("cases:transition", args=[case.pk])
    client.post(url, {"to": "accepted", "version": 1})
    client.post(url, {"to": "assigned", "version": 2, "assignee": grid_worker.pk})
    case.refresh_from_db()
    assert (case.state, case.assignee) == (State.ASSIGNED, grid_worker)
    # A form opened before those two steps is told the case moved on, and changes nothing.
    response = client.post(url, {"to": "rejected", "version": 1, "comment": "重复"}, follow=True)
    assert "刚刚处理" in response.content.decode()
    case.refresh_from_db()
    assert case.state == State.ASSIGNED


@pytest.mark.parametrize("queue", ["mine", "open", "overdue", "verify", "all"])
def test_queue_costs_the_same_queries_at_two_sizes(world, grid_worker, secretary, category, client, queue):
    client.force_login(secretary)

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse("cases:list"), {"queue": queue}).status_code == 200
        return len(ctx.captured_queries)

    services.case_report(actor=grid_worker, category=category, description="a", area=world.building1)
    small = count()
    for i in range(20):
        services.case_report(actor=grid_worker, category=category, description=f"b{i}", area=world.building1)
    assert count() == small


# --- Speed: a fixed, small number of queries (issue 12: ≤ 10 for the queue and a case page) ---


def _queries(client, url: str, params: dict | None = None) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url, params or {}).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("params", [{}, {"queue": "all"}, {"queue": "overdue"}, {"queue": "all", "state": "reported"}])
def test_the_subdistricts_queue_in_at_most_ten_queries(world, grid_worker, street_officer, category, client, params):
    client.force_login(street_officer)
    services.case_report(actor=grid_worker, category=category, description="a", area=world.building1)
    small = _queries(client, reverse("cases:list"), params)
    for i in range(20):
        services.case_report(actor=grid_worker, category=category, description=f"b{i}", area=world.building1)
    assert _queries(client, reverse("cases:list"), params) == small <= 10


def _lived(case: Case, grid_worker, secretary, steps: int) -> Case:
    """A case taken through its whole life, with 督办, an extension and cards on the way."""
    from tongxin.grid.cases import supervision as sup
    from tongxin.grid.cases.models import CaseEvent

    case = services.case_transition(case=case, to_state=State.ACCEPTED, actor=secretary)
    case = services.case_transition(case=case, to_state=State.ASSIGNED, actor=secretary, assignee=grid_worker)
    case = services.case_transition(case=case, to_state=State.IN_PROGRESS, actor=grid_worker)
    for i in range(steps):
        sup.case_supervise(case=case, actor=secretary, text=f"督办{i}")
        sup.case_supervision_respond(case=case, actor=grid_worker, text=f"在办{i}")
        CaseEvent.objects.create(case=case, kind=CaseEvent.Kind.YELLOW_CARD, key=f"y{i}", at=case.reported_at)
    sup.case_extension_request(case=case, actor=grid_worker, days=2, reason="等材料")
    case.refresh_from_db()
    case = services.case_transition(case=case, to_state=State.RESOLVED, actor=grid_worker)
    case = services.case_transition(case=case, to_state=State.VERIFIED, actor=secretary)
    return services.case_transition(case=case, to_state=State.CLOSED, actor=secretary)


@pytest.mark.parametrize(
    ("state", "most"),
    [
        (State.CLOSED, 10),  # the case page the bench measures (bench/README.md)
        (State.REPORTED, 10),  # + the possible duplicates to merge
        # + the receivers to hand over to (units, councils, mediation committees: a query each;
        # volunteer teams: two, their community first); accepted: and the duplicates and the
        # people to dispatch to. One query a list; the subdistrict officer's menu asks one more.
        (State.IN_PROGRESS, 15),
        (State.ACCEPTED, 17),
    ],
)
def test_a_case_page_in_a_fixed_number_of_queries(
    world, grid_worker, secretary, street_officer, category, client, state, most
):
    """Whatever the length of its history, with photos and a handover on record, and with what
    the page offers in each state: issue 12 asks ≤ 10 (it was 19 for a closed case)."""
    counts = []
    for steps in (1, 8):
        photos = photos_process([files.upload(f"{i}.jpg", files.jpeg((64, 48))) for i in range(steps)])
        case = services.case_report(
            actor=grid_worker, category=category, description="漏水", area=world.building1, photos=photos
        )
        services.case_report(actor=grid_worker, category=category, description="也漏水", area=world.building1)
        if state != State.REPORTED:
            case = _lived(case, grid_worker, secretary, steps)
            CaseHandover.objects.create(
                case=case,
                kind=CaseHandover.Kind.UNIT,
                target_type=ContentType.objects.get_for_model(ResidentUnit),
                target_id=world.unit.pk,
                target_name=world.unit.name,
                status=CaseHandover.Status.RETURNED,
                sent_at=case.reported_at,
                send_back_due=case.reported_at,
            )
        Case.objects.filter(pk=case.pk).update(state=state)
        for user in (secretary, street_officer):
            client.force_login(user)
            counts.append(_queries(client, reverse("cases:detail", args=[case.pk])))
    assert counts[:2] == counts[2:] and max(counts) <= most, counts
