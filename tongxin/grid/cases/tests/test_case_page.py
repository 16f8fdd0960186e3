"""The case page: buttons say what the person does (verbs), and a late case shows its cards and 已超时."""

from __future__ import annotations

import datetime

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from django.utils import timezone

from tongxin.grid.cases import services
from tongxin.grid.cases.models import Case, CaseCategory, CaseEvent
from tongxin.grid.cases.workflow import ACTIONS, TRANSITIONS, State


@pytest.fixture
def category(db):
    return CaseCategory.objects.create(code="t_leak", name_zh="漏水")


def _page(client, user, case):
    client.force_login(user)
    response = client.get(reverse("cases:detail", args=[case.pk]))
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def _buttons(page):
    return {
        form.select_one("input[name=to]")["value"]: form.select_one("button[type=submit]").get_text(strip=True)
        for form in page.select("form.case-action")
        if form.select_one("input[name=to]")
    }


def test_every_transition_has_a_verb():
    assert set(ACTIONS) == set(TRANSITIONS)
    # A button never reads as the state it leads to.
    assert not [key for key, verb in ACTIONS.items() if str(verb) == str(State(key[1]).label)]


def test_buttons_are_verbs(client, world, grid_worker, secretary, category):
    case = services.case_report(actor=grid_worker, category=category, description="漏水", area=world.building1)
    buttons = _buttons(_page(client, secretary, case))
    assert buttons == {"accepted": "受理", "returned": "退回补充", "rejected": "驳回"}
    Case.objects.filter(pk=case.pk).update(state=State.IN_PROGRESS, assignee=grid_worker)
    assert _buttons(_page(client, grid_worker, case))["resolved"] == "办结"
    Case.objects.filter(pk=case.pk).update(state=State.RETURNED)
    assert _buttons(_page(client, grid_worker, case)) == {"reported": "重新上报"}


def test_a_late_case_shows_its_cards_and_overdue(client, world, grid_worker, secretary, category):
    at = timezone.now() - datetime.timedelta(days=60)
    case = services.case_report(actor=grid_worker, category=category, description="漏水", area=world.building1, at=at)
    fresh = services.case_report(actor=grid_worker, category=category, description="新", area=world.building1)
    Case.objects.filter(pk=case.pk).update(state=State.IN_PROGRESS)
    CaseEvent.objects.create(case=case, kind=CaseEvent.Kind.YELLOW_CARD, key="accept", at=at)
    CaseEvent.objects.create(case=case, kind=CaseEvent.Kind.RED_CARD, key="resolve-0", at=at)
    head = _page(client, secretary, case).select_one(".page-head")
    assert head.select_one(".status-overdue").get_text(strip=True) == "已超时"
    assert head.select_one(".case-card-yellow").get_text(strip=True) == "黄牌"
    assert head.select_one(".case-card-red").get_text(strip=True) == "红牌"
    head = _page(client, secretary, fresh).select_one(".page-head")
    assert not head.select(".status-overdue, .case-card-yellow, .case-card-red")
