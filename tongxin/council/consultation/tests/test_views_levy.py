"""Recording who paid or worked for a levy (一事一议) on the topic's page: the form, its refusals
next to the fields in Chinese, and the totals against the plan."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.html import soup
from tongxin.council.consultation.models import Contribution, TopicState
from tongxin.council.consultation.tests.support import levied, topic

pytestmark = pytest.mark.django_db


def url(name: str, *args: Any) -> str:
    return reverse(f"consultation:{name}", args=args)


def data(**values: Any) -> dict[str, Any]:
    sent = {"name": "张三", "household": "", "money": "1234.5", "labour_days": "2", "on": timezone.localdate()}
    sent.update(values)
    return {f"contribution-{k}": str(v) for k, v in sent.items()}


def test_record_a_contribution_and_see_the_totals_against_the_plan(client, world, secretary):
    t, _levy = levied(world.community)
    assert t.state == TopicState.DECIDED
    client.force_login(secretary)
    page = soup(client.get(url("topic", t.pk)), status=200)
    form = page.select_one("#levy form")
    assert form["action"] == url("contribution_add", t.pk)
    options = {o["value"]: o.get_text() for o in form.select("#id_contribution-household option")}
    # The village's households only, each named by building, number and head.
    assert str(world.household1.pk) in options and str(world.other_household.pk) not in options
    assert "101" in options[str(world.household1.pk)]
    totals = page.select_one("#levy .levy-totals").get_text(" ", strip=True)
    assert "¥0.00" in totals and "¥16,500.00" in totals and "600.0" in totals
    response = client.post(url("contribution_add", t.pk), data(household=world.household1.pk))
    assert response.status_code == 302 and response["Location"] == url("topic", t.pk)
    client.post(url("contribution_add", t.pk), data(name="李四", money="", labour_days="1.5"))
    rows = Contribution.objects.order_by("id")
    assert [(c.name, c.household_id, str(c.money), str(c.labour_days)) for c in rows] == [
        ("张三", world.household1.pk, "1234.50", "2.0"),
        ("李四", None, "0.00", "1.5"),
    ]
    page = soup(client.get(url("topic", t.pk)), status=200)
    assert page.select_one('[data-total="money"]').get_text(" ", strip=True).startswith("¥1,234.50 / ¥16,500.00")
    assert page.select_one('[data-total="days"]').get_text(" ", strip=True).startswith("3.5 / 600.0")
    cells = [td.get_text(strip=True) for td in page.select("#contributions tbody tr")[0].select("td")]
    assert cells[0] == "张三" and "101" in cells[1] and cells[3] == "¥1,234.50"


@pytest.mark.parametrize(
    ("values", "field", "words"),
    [
        ({"money": "-1"}, "money", "负数"),
        ({"money": "1" * 15}, "money", "金额太大"),
        ({"money": "12.345"}, "money", "分"),
        ({"money": "abc"}, "money", "金额"),
        ({"labour_days": "-2"}, "labour_days", "不小于"),
        ({"labour_days": "400"}, "labour_days", "366"),
        ({"labour_days": "1e9"}, "labour_days", "366"),
        ({"labour_days": "两天"}, "labour_days", "天数"),
        ({"money": "0", "labour_days": ""}, "money", "投劳天数"),
        ({"name": ""}, "name", "必填"),
        ({"name": "张" * 51}, "name", "50"),
        ({"on": "2026-02-30"}, "on", "年-月-日"),
        ({"on": "2999-01-01"}, "on", "晚于今天"),
        ({"household": "x"}, "household", "所在村"),
        ({"household": "9" * 30}, "household", "所在村"),
    ],
)
def test_hostile_input_is_refused_next_to_the_field(client, world, secretary, values, field, words):
    t, _levy = levied(world.community)
    client.force_login(secretary)
    page = soup(client.post(url("contribution_add", t.pk), data(**values)), status=200)
    box = page.select_one(f"#id_contribution-{field}").find_parent(class_="has-error")
    assert box is not None, values
    assert words in box.get_text(), box.get_text()
    assert not Contribution.objects.exists()


def test_another_villages_household_is_refused(client, world, secretary):
    t, _levy = levied(world.community)
    client.force_login(secretary)
    page = soup(client.post(url("contribution_add", t.pk), data(household=world.other_household.pk)), status=200)
    box = page.select_one("#id_contribution-household").find_parent(class_="has-error")
    assert "所在村" in box.get_text()
    assert not Contribution.objects.exists()


def test_only_once_voted_and_only_by_those_who_run_it(client, world, secretary, grid_worker, street_officer):
    t, _levy = levied(world.community, vote=False)
    client.force_login(secretary)
    # Planned, not yet voted: no form, and a contribution sent anyway is refused as out of order.
    assert soup(client.get(url("topic", t.pk)), status=200).select_one("#levy form") is None
    assert client.post(url("contribution_add", t.pk), data()).status_code == 409
    # A topic without a levy has no contributions to take.
    other = topic(world.community, title="菜市场")
    assert client.post(url("contribution_add", other.pk), data()).status_code == 404
    client.force_login(street_officer)
    assert client.post(url("contribution_add", t.pk), data()).status_code == 403
    client.force_login(grid_worker)
    assert client.post(url("contribution_add", t.pk), data()).status_code == 404
    assert not Contribution.objects.exists()
