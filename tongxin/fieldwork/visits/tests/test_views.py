"""The visit pages: the to-visit order, recording (with a need turned into a case), coverage,
六清楚, the cadence table; hostile input; a fixed number of queries whatever the household count."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.html import soup
from tongxin.fieldwork.visits.models import Visit, VisitCadence
from tongxin.fieldwork.visits.tests.support import resident, visit, visited_world
from tongxin.grid.cases.models import Case, CaseCategory
from tongxin.platform.calendar import SHANGHAI
from tongxin.platform.core.models import AuditEvent
from tongxin.registry.areas.models import Household
from tongxin.registry.people.models import CareCategory

pytestmark = pytest.mark.django_db
D = datetime.date
NOW = datetime.datetime(2026, 7, 15, 9, tzinfo=SHANGHAI)


@pytest.fixture(autouse=True)
def _now():
    with time_machine.travel(NOW, tick=False):
        yield


def table(response, css: str) -> list[list[str]]:
    return [
        [td.get_text(" ", strip=True) for td in tr.find_all(["th", "td"])]
        for tr in soup(response).select(f"{css} tbody tr")
    ]


def cards(response) -> list[str]:
    return [li.select_one(".visit-card-head strong").get_text(strip=True) for li in soup(response).select("#due li")]


def errors(response) -> list[str]:
    return [e.get_text(strip=True) for e in soup(response).select(".error, .form-errors p")]


def category() -> CaseCategory:
    return CaseCategory.objects.filter(is_active=True, children__isnull=True).order_by("sort_order", "code")[0]


# The to-visit list


def test_due_list_puts_never_visited_first_then_the_longest_overdue(client, world, secretary):
    visited_world(world)
    client.force_login(secretary)
    response = client.get(reverse("visits:due"))
    assert response.status_code == 200
    assert cards(response) == ["2号楼 203", "2号楼 202", "2号楼 201", "1号楼 101"]
    first = soup(response).select("#due li")
    assert "Never visited" in first[0].get_text() or "从未走访" in first[0].get_text()
    assert first[1].select_one(".status-overdue") is not None
    assert first[0].select_one("a.visit-record")["href"] == reverse(
        "visits:record", args=[Household.objects.get(number="203").pk]
    )
    # Not yet due: shown with all=1, with the date it falls due.
    response = client.get(reverse("visits:due") + "?all=1")
    assert cards(response)[-1] == "1号楼 102"


def test_a_street_officer_sees_the_list_without_record_buttons(client, world, street_officer):
    visited_world(world)
    client.force_login(street_officer)
    response = client.get(reverse("visits:due"))
    assert len(cards(response)) == 5  # 203, 202, 201, 101 and 乙's 301
    assert not soup(response).select("a.visit-record")


def _more_households(world, n: int) -> None:
    for i in range(n):
        h = Household.objects.create(area=world.building2, grid=world.grid2, number=f"9{i:02d}")
        resident(h, f"住户{i}", "low_income" if i % 2 else "disabled")
        visit(h, D(2026, 3, 1 + i % 20), "网格员乙", confirmed=("low_income",), needs="修水管" if i % 3 else "")


@pytest.mark.parametrize(
    "url",
    [
        lambda w: reverse("visits:due") + "?all=1",
        lambda w: reverse("visits:list"),
        lambda w: reverse("visits:coverage") + f"?node={w.community.pk}&from=2026-01-01&to=2026-06-30",
        lambda w: reverse("visits:coverage") + f"?node={w.community.pk}&by=visitor",
        lambda w: reverse("visits:coverage_households") + f"?node={w.community.pk}&which=visited",
        lambda w: reverse("visits:facts") + f"?node={w.community.pk}",
    ],
)
def test_pages_cost_the_same_queries_at_two_sizes(client, world, secretary, url):
    visited_world(world)
    client.force_login(secretary)
    client.get(url(world))  # warm the session and the scope
    with CaptureQueriesContext(connection) as small:
        assert client.get(url(world)).status_code == 200
    _more_households(world, 25)
    with CaptureQueriesContext(connection) as large:
        response = client.get(url(world))
    assert response.status_code == 200
    assert len(large) == len(small), [q["sql"][:120] for q in large.captured_queries]


# Recording a visit


def _post(client, household, **extra):
    data = {"visited_on": "2026-07-14", "way": "door", "findings": "老人身体不错", "needs": ""}
    data.update(extra)
    return client.post(reverse("visits:record", args=[household.pk]), data)


def test_a_grid_worker_records_a_visit_with_the_six_facts(client, world, grid_worker):
    client.force_login(grid_worker)
    page = client.get(reverse("visits:record", args=[world.household1.pk]))
    boxes = soup(page).select("input[name=residents_met]")
    assert [b["value"] for b in boxes] == [str(world.zhangsan.pk)]
    assert len(soup(page).select("input[name=confirmed_categories]")) == 6
    facts = CareCategory.objects.filter(code__in=["low_income", "empty_nest"])
    response = _post(
        client, world.household1, residents_met=[world.zhangsan.pk], facts_checked="on",
        confirmed_categories=[c.pk for c in facts],
    )  # fmt: skip
    assert response.status_code == 302
    v = Visit.objects.get()
    assert (v.visited_on, v.visitor, v.visitor_name, v.visitor_kind, v.facts_checked) == (
        D(2026, 7, 14), grid_worker, "t_grid1", "grid_worker", True,
    )  # fmt: skip
    assert list(v.residents_met.all()) == [world.zhangsan]
    assert sorted(c.code for c in v.confirmed_categories.all()) == ["empty_nest", "low_income"]
    assert AuditEvent.objects.filter(object_type="visits.visit", object_id=str(v.pk), action="create").exists()


def test_the_need_becomes_a_case_in_the_same_step(client, world, building_leader):
    client.force_login(building_leader)
    response = _post(
        client, world.household1, residents_met=[world.zhangsan.pk], needs="厨房水管漏水", to_case="on",
        case_category=category().pk,
    )  # fmt: skip
    assert response.status_code == 302
    v = Visit.objects.get()
    case = Case.objects.get()
    assert (v.case, case.household, case.description, case.area) == (
        case,
        world.household1,
        "厨房水管漏水",
        world.building1,
    )
    assert v.visitor_kind == "building_leader"


def test_a_refused_case_leaves_no_visit_behind(client, world, grid_worker):
    client.force_login(grid_worker)
    response = _post(client, world.household1, residents_met=[world.zhangsan.pk], to_case="on", needs="")
    assert response.status_code == 200
    assert errors(response)
    cat = category()
    CaseCategory.objects.filter(pk=cat.pk).update(is_active=False)
    response = _post(client, world.household1, residents_met=[world.zhangsan.pk], to_case="on", needs="漏水",
                     case_category=cat.pk)  # fmt: skip
    assert response.status_code == 200
    assert not Visit.objects.exists() and not Case.objects.exists()


@pytest.mark.parametrize(
    ("extra", "field"),
    [
        ({"visited_on": "2026-07-16"}, "future"),
        ({"visited_on": "2025-07-01"}, "year"),
        ({"visited_on": "15/07/2026"}, "date"),
        ({"way": "teleport"}, "way"),
        ({"findings": "很" * 4001}, "long"),
        ({"residents_met": ["abc"]}, "resident"),
        ({}, "nobody"),
    ],
)
def test_bad_visits_are_refused_in_the_form(client, world, grid_worker, extra, field):
    client.force_login(grid_worker)
    response = _post(client, world.household1, **extra)
    assert response.status_code == 200
    assert errors(response), field
    assert not Visit.objects.exists()


def test_a_resident_of_another_household_cannot_be_marked_met(client, world, secretary):
    client.force_login(secretary)
    response = _post(client, world.household1, residents_met=[world.lisi.pk])
    assert response.status_code == 200 and errors(response)
    assert not Visit.objects.exists()


def test_a_vacant_household_has_nobody_to_visit(client, world, grid_worker):
    vacant = Household.objects.create(area=world.building1, grid=world.grid1, number="103", kind="vacant")
    client.force_login(grid_worker)
    response = _post(client, vacant, others_met="邻居")
    assert response.status_code == 200 and errors(response)


def test_other_grids_households_are_not_found(client, world, grid_worker):
    client.force_login(grid_worker)
    assert _post(client, world.household2, others_met="李四").status_code == 404
    assert client.get(reverse("visits:record", args=[999999])).status_code == 404


# One visit: the case, withdrawing


def test_turning_a_need_into_a_case_from_the_visit_page(client, world, grid_worker):
    v = visit(world.household1, D(2026, 7, 10), "网格员甲", needs="需要助餐服务")
    client.force_login(grid_worker)
    page = client.get(reverse("visits:detail", args=[v.pk]))
    assert soup(page).select_one("textarea[name=description]").get_text(strip=True) == "需要助餐服务"
    url = reverse("visits:to_case", args=[v.pk])
    assert client.post(url, {"category": "x", "description": "需要助餐服务"}).status_code == 400
    assert client.post(url, {"category": category().pk, "description": "需要助餐服务"}).status_code == 302
    v.refresh_from_db()
    assert v.case.household == world.household1
    again = client.post(url, {"category": category().pk, "description": "需要助餐服务"})
    assert again.status_code == 400 and errors(again)
    assert Case.objects.count() == 1
    assert not soup(client.get(reverse("visits:detail", args=[v.pk]))).select("textarea[name=description]")


def test_the_visitor_withdraws_their_visit_within_a_week(client, world, grid_worker):
    client.force_login(grid_worker)
    _post(client, world.household1, residents_met=[world.zhangsan.pk])
    v = Visit.objects.get()
    Visit.objects.filter(pk=v.pk).update(created_at=NOW - datetime.timedelta(days=8))
    assert client.post(reverse("visits:delete", args=[v.pk])).status_code == 403
    Visit.objects.filter(pk=v.pk).update(created_at=NOW - datetime.timedelta(days=6))
    assert client.post(reverse("visits:delete", args=[v.pk])).status_code == 302
    assert not Visit.objects.exists()
    assert AuditEvent.objects.filter(object_type="visits.visit", action="delete").exists()


def test_the_visitor_corrects_their_visit(client, world, grid_worker, secretary):
    client.force_login(grid_worker)
    _post(client, world.household1, residents_met=[world.zhangsan.pk])
    v = Visit.objects.get()
    url = reverse("visits:edit", args=[v.pk])
    page = client.get(url)
    assert soup(page).select_one("input[name=residents_met]").has_attr("checked")
    bad = client.post(url, {"visited_on": "2026-07-20", "way": "door", "residents_met": [world.zhangsan.pk]})
    assert bad.status_code == 200 and errors(bad)
    ok = client.post(url, {"visited_on": "2026-07-13", "way": "phone", "others_met": "女儿", "needs": "想申请助餐"})
    assert ok.status_code == 302
    v.refresh_from_db()
    assert (v.visited_on, v.way, v.others_met, v.needs, v.residents_met.count()) == (
        D(2026, 7, 13), "phone", "女儿", "想申请助餐", 0,
    )  # fmt: skip
    assert AuditEvent.objects.filter(object_type="visits.visit", action="update").exists()
    client.force_login(secretary)
    assert client.get(url).status_code == 403


def test_visit_list_filters(client, world, secretary):
    visited_world(world)
    client.force_login(secretary)
    base = reverse("visits:list")
    assert soup(client.get(base)).select_one(".result-count").get_text(strip=True).startswith("11")
    got = client.get(base + f"?household={world.household2.pk}")
    assert [r[0] for r in table(got, "#visits")] == ["2025-12-20"]
    got = client.get(base + "?visitor=楼栋长&from=2026-03-01&to=2026-03-31")
    assert [r[0] for r in table(got, "#visits")] == ["2026-03-10"]
    got = client.get(base + f"?node={world.grid2.pk}&from=2026-01-01")
    assert [r[0] for r in table(got, "#visits")] == ["2026-04-01", "2026-02-01"]
    assert client.get(base + "?household=abc").status_code == 404
    assert client.get(base + f"?household={world.other_household.pk}").status_code == 404
    assert client.get(base + "?from=2026-13-45&visitor=" + "x" * 300).status_code == 200


# Coverage and 六清楚


def test_coverage_page_per_grid_with_the_households_behind(client, world, secretary):
    visited_world(world)
    client.force_login(secretary)
    response = client.get(reverse("visits:coverage") + "?from=2026-01-01&to=2026-06-30")
    assert soup(response).select_one(f".page-head a[href='{reverse('visits:cadence')}']") is not None
    assert table(response, "#coverage") == [
        ["第一网格", "2", "2", "2", "100.0%"],
        ["第二网格", "3", "1", "0", "0.0%"],
    ]
    total = [c.get_text(strip=True) for c in soup(response).select("#coverage tfoot tr > *")]
    assert total[1:] == ["5", "3", "2", "40.0%"]
    link = soup(response).select("#coverage tbody tr")[1].find_all("td")[2].find("a")["href"]
    behind = client.get(link)
    assert [r[0] for r in table(behind, "#households")] == ["2号楼 202"]
    never = client.get(
        reverse("visits:coverage_households") + f"?node={world.grid2.pk}&from=2026-01-01&to=2026-06-30&which=never"
    )
    assert [r[0] for r in table(never, "#households")] == ["2号楼 201", "2号楼 203"]


def test_coverage_by_visitor(client, world, secretary):
    visited_world(world)
    client.force_login(secretary)
    response = client.get(reverse("visits:coverage") + "?from=2026-01-01&to=2026-06-30&by=visitor")
    assert sorted(table(response, "#coverage")) == [
        ["楼栋长", "2", "2", "1", "50.0%"],
        ["网格员乙", "2", "1", "0", "0.0%"],
        ["网格员甲", "6", "1", "1", "100.0%"],
    ]


def test_coverage_hostile_input(client, world, grid_worker):
    client.force_login(grid_worker)
    url = reverse("visits:coverage")
    assert client.get(url + "?from=2026-06-30&to=2026-01-01").status_code == 200
    assert client.get(url + "?from=" + "9" * 50).status_code == 200
    assert client.get(url + "?node=99999999").status_code == 404
    assert client.get(url + f"?node={world.grid2.pk}").status_code == 404
    assert client.get(url + "?node=-1").status_code == 404


def test_six_facts_page(client, world, secretary):
    visited_world(world)
    client.force_login(secretary)
    response = client.get(reverse("visits:facts"))
    assert table(response, "#facts-by-grid") == [["第一网格", "2", "2", "100.0%"], ["第二网格", "3", "0", "0.0%"]]
    missing = table(response, "#missing")
    assert [r[0] for r in missing] == ["2号楼 201", "2号楼 202", "2号楼 203"]
    assert missing[0][2] in ("流动人口", "Floating population")


# Cadence


def test_the_secretary_sets_and_removes_a_cadence(client, world, secretary):
    client.force_login(secretary)
    url = reverse("visits:cadence")
    assert client.post(url, {"category_code": "disabled", "months": "0"}).status_code == 400
    assert client.post(url, {"category_code": "no_such", "months": "3"}).status_code == 400
    assert client.post(url, {"category_code": "disabled", "months": "x"}).status_code == 400
    assert client.post(url, {"category_code": "disabled", "months": "3"}).status_code == 302
    assert VisitCadence.objects.get(category_code="disabled").months == 3
    assert client.post(url, {"remove": "disabled"}).status_code == 302
    assert not VisitCadence.objects.filter(category_code="disabled").exists()
    client.post(url, {"remove": "ordinary"})
    assert VisitCadence.objects.filter(category_code="ordinary").exists()
    assert table(client.get(url), "#cadence")[0][1] == "1"
