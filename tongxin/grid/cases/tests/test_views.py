from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.html import soup
from tongxin.grid.cases import services
from tongxin.grid.cases.models import Case, CaseCategory
from tongxin.grid.cases.workflow import State


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
