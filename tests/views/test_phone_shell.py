"""The phone shell: a bottom tab bar with each role's destinations, a menu that offers only the
role's work, and places named with their community (issue 13)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.html import soup

TABS = {
    "admin_user": ["工作台", "事件", "居民", "消息", "我的"],
    "street_officer": ["工作台", "事件", "地图", "消息", "我的"],
    "secretary": ["工作台", "事件", "上报", "居民", "我的"],
    "grid_worker": ["工作台", "事件", "上报", "走访", "我的"],
    "building_leader": ["工作台", "事件", "上报", "走访", "我的"],
    "org_secretary": ["工作台", "会议", "党员", "消息", "我的"],
    "party_member": ["工作台", "会议", "活动", "消息", "我的"],
    "unit_contact": ["工作台", "本单位", "交办", "消息", "我的"],
    "outsider": ["工作台", "活动", "时长", "消息", "我的"],
}


@pytest.mark.parametrize("persona", list(TABS), indirect=True)
def test_each_role_has_four_or_five_tabs_it_can_open(client, persona, request):
    client.force_login(persona)
    html = soup(client.get(reverse("home")), status=200)
    tabs = html.select("nav.tabbar a")
    assert [a.select_one("span").text for a in tabs] == TABS[request.node.callspec.params["persona"]]
    # The workbench is the current tab on the home page.
    assert [a.select_one("span").text for a in tabs if a.get("aria-current") == "page"] == ["工作台"]
    for a in tabs:
        assert client.get(a["href"]).status_code == 200, a["href"]


def test_the_report_tab_is_current_on_the_report_form_which_keeps_its_own_bar(client, grid_worker):
    client.force_login(grid_worker)
    html = soup(client.get(reverse("cases:list")), status=200)
    assert html.select_one("nav.tabbar a[aria-current=page] span").text == "事件"
    # The report form is a compose screen: its 上报/取消 bar replaces the tab bar.
    html = soup(client.get(reverse("cases:report")), status=200)
    assert html.select_one("nav.tabbar") is None and html.select_one(".bottom-bar button[type=submit]")


PARTY_WORK = ["development:pipeline", "transfers:list", "transfers:floating", "inservice:list"]


@pytest.mark.parametrize(
    ("persona", "offered"),
    [("grid_worker", False), ("building_leader", False), ("org_secretary", True), ("secretary", True)],
    indirect=["persona"],
)
def test_party_work_is_in_the_menu_only_of_who_does_it(client, persona, offered):
    client.force_login(persona)
    menu = {a["href"] for a in soup(client.get(reverse("home"))).select("nav.sidenav a")}
    assert all((reverse(name) in menu) is offered for name in PARTY_WORK)


def test_the_menu_holds_the_secondary_actions_and_where_the_user_works(client, grid_worker):
    client.force_login(grid_worker)
    account = soup(client.get(reverse("home"))).select_one("nav.sidenav .menu-account")
    assert account.select_one("form[action='{}'] button".format(reverse("elder_mode")))
    assert account.select_one("form[action='{}'] button".format(reverse("set_language")))
    assert account.select_one("form[action='{}'] button".format(reverse("logout")))
    assert "第一网格" in account.text


def test_places_in_lists_are_named_with_their_community(client, secretary, world):
    client.force_login(secretary)
    html = soup(client.get(reverse("residents:list")), status=200)
    grids = {td.text.strip() for td in html.select("#resident-table td[data-label=网格]")}
    assert grids == {"甲社区 第一网格", "甲社区 第二网格"}
    titles = [td.text for td in html.select("#resident-table td.card-title")]
    assert "张三 · 1号楼 101" in titles
