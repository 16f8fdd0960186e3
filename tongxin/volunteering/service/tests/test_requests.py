"""A resident asks for a catalogue service; the case goes to the team, comes back, and hours follow."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.core.cache import cache
from django.urls import reverse

from conftest import _make_user
from tests.html import soup
from tongxin.grid.cases import handover as ho
from tongxin.grid.cases import services as case_services
from tongxin.grid.cases.models import Case, CaseCategory, CaseEvent, CaseHandover
from tongxin.grid.cases.workflow import State
from tongxin.platform import calendar
from tongxin.platform.inbox.models import Notification
from tongxin.volunteering.service import queries
from tongxin.volunteering.service.models import HoursSource, ServiceHours, ServiceOffering, ServiceRequest
from tongxin.volunteering.service.tests.support import join, team, volunteer

pytestmark = pytest.mark.django_db
NOW = datetime.datetime(2026, 6, 15, 10, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def _today():
    cache.clear()
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def repairs(world):
    leader_user = _make_user("t_team_leader", None, None, display_name="周队长")
    worker_user = _make_user("t_team_worker", None, None)
    t = team(world.community, "为老维修队")
    leader = volunteer(world.community, "周队长", user=leader_user)
    worker = volunteer(world.community, "吴师傅", user=worker_user)
    plain = volunteer(world.community, "郑师傅")
    for v in (leader, worker, plain):
        join(t, v)
    t.leader = leader
    t.save()
    offering = ServiceOffering.objects.create(
        team=t, name="上门维修", case_category=CaseCategory.objects.get(code="elderly_repair")
    )
    return t, offering, leader_user, worker, plain


def test_public_catalogue_lists_a_communitys_services(client, world, repairs):
    t, offering, *_ = repairs
    ServiceOffering.objects.create(team=t, name="已停止", is_active=False)
    response = client.get(reverse("service:public_catalogue"))
    assert response.status_code == 200 and not soup(response).select("#catalogue")
    response = client.get(reverse("service:public_catalogue") + f"?community={world.community.pk}")
    assert [h.get_text() for h in soup(response).select("#catalogue h3")] == ["上门维修"]
    response = client.get(reverse("service:public_catalogue") + f"?community={world.other_community.pk}")
    assert not soup(response).select("#catalogue") and soup(response).select(".empty")
    assert client.get(reverse("service:public_catalogue") + "?community=abc").status_code == 200
    assert client.get(reverse("service:public_catalogue") + f"?community={world.grid1.pk}").status_code == 200


ASK = {
    "name": "张大爷",
    "phone": "13800001234",
    "address": "101室",
    "description": "厨房水龙头漏水",
}


def _ask(client, world, offering):
    url = reverse("service:public_request", args=[offering.pk])
    response = client.post(url, {**ASK, "building": world.building1.pk}, follow=True)
    assert response.status_code == 200
    return Case.objects.get(), response


def test_whole_path_request_handed_to_team_return_and_hours(client, world, repairs, secretary):
    t, offering, leader_user, worker, plain = repairs
    url = reverse("service:public_request", args=[offering.pk])
    assert client.get(url).status_code == 200
    # bad input: another community's building, bad phone, nothing needed
    response = client.post(
        url, {"name": "张大爷", "phone": "123", "building": world.other_community.pk, "description": ""}
    )
    assert response.status_code == 200 and not Case.objects.exists()
    assert len(soup(response).select(".error")) == 3
    response = client.post(url, {**ASK, "building": world.building1.pk})
    case = Case.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("public:case", args=[case.tracking_code])
    assert case.category.code == "elderly_repair" and case.source == Case.Source.PUBLIC
    assert case.phone_masked == "138****1234" and "13800001234" not in case.phone_enc
    assert "上门维修" in case.description and "101室" in case.description
    request = ServiceRequest.objects.get()
    assert request.team == t and request.area == world.community and request.offering == offering

    # In the same step: reported, accepted for the community, handed to the team.
    assert case.state == State.ACCEPTED and case.assignee is None
    steps = list(case.transitions.values_list("from_state", "to_state", "actor_id"))
    assert steps == [("", State.REPORTED, None), (State.REPORTED, State.ACCEPTED, None)]
    accepted = case.transitions.get(to_state=State.ACCEPTED)
    assert t.name in accepted.comment and world.community.name in accepted.actor_name
    assert accepted.at == case.reported_at == NOW
    # The deadlines still come from the category (and the acceptance is in time).
    category = case.category
    assert case.accept_due == calendar.deadline(NOW, category.accept_limit, category.accept_unit)
    assert case.resolve_due == calendar.deadline(NOW, category.resolve_limit, category.resolve_unit)
    assert accepted.at <= case.accept_due
    h = CaseHandover.objects.get()
    assert (h.case, h.kind, h.target, h.status, h.sent_by) == (case, "team", t, "sent", None)
    assert h.send_back_due > NOW and h.note
    assert CaseEvent.objects.filter(case=case, kind=CaseEvent.Kind.HANDED_OVER, key=str(h.pk)).exists()
    assert Notification.objects.filter(recipient=leader_user, case_id=case.pk).exists()

    # The resident follows it with the tracking code and is told who has it.
    page = soup(client.get(reverse("public:case", args=[case.tracking_code])))
    flash = page.select_one(".flash").get_text()
    assert t.name in flash and case.tracking_code in flash
    assert len(page.select(".timeline li")) == 2 and t.name in page.select(".timeline li")[1].get_text()

    # The leader sees it among the cases handed to them, takes it on and returns it resolved.
    client.force_login(leader_user)
    page = soup(client.get(reverse("cases:handovers")))
    assert case.tracking_code in page.get_text()
    assert list(ho.handovers_answered_by(leader_user).filter(status__in=ho.ACTIVE)) == [h]
    assert ho.answers_for(leader_user, h) and ho.answers_for(worker.user, h)
    # The leader holds no staff role, yet opens the case handed to their team and answers on it.
    assert client.get(reverse("cases:detail", args=[case.pk])).status_code == 200
    answer = reverse("cases:handover_answer", args=[case.pk, h.pk])
    assert client.post(answer, {"action": "take"}).status_code == 302
    h.refresh_from_db()
    assert h.status == "taken" and ho.owner_name(case, h) == t.name
    assert client.post(answer, {"action": "return", "text": "已更换水龙头"}).status_code == 302
    h.refresh_from_db()
    assert h.status == "returned" and h.answer == "已更换水龙头"

    # The leader records the hours of those who worked on it.
    page = soup(client.get(reverse("service:team_detail", args=[t.pk])))
    assert page.select_one(f"#id_case option[value='{case.pk}']")
    data = {
        "case": case.pk,
        "volunteers": [worker.pk, plain.pk],
        "served_on": "2026-06-15",
        "hours": "1.5",
    }
    assert client.post(reverse("service:case_hours", args=[t.pk]), data).status_code == 302
    rows = ServiceHours.objects.filter(source=HoursSource.CASE, source_id=case.pk)
    assert rows.count() == 2 and all(r.confirmed_at for r in rows) and all(r.team == t for r in rows)
    assert {r.hours for r in rows} == {Decimal("1.5")}
    # ... which count in the team's totals.
    start, end = datetime.date(2026, 1, 1), datetime.date(2026, 12, 31)
    totals = queries.team_year_totals(t, start, end)
    assert (totals["hours"], totals["services"]) == (Decimal("3.0"), 2)
    per_team = queries.hours_totals(secretary, start=start, end=end)["teams"]
    assert [(r["team_id"], r["hours"], r["volunteers"]) for r in per_team] == [(t.pk, Decimal("3.0"), 2)]
    # Again: the same case credits nobody twice (confirmed rows are not changed).
    response = client.post(reverse("service:case_hours", args=[t.pk]), data)
    assert response.status_code == 400 and rows.count() == 2
    # A case not returned to this team is not a choice.
    other_case = case_services.case_report(
        actor=secretary, category=case.category, description="另一件", area=world.building1
    )
    response = client.post(reverse("service:case_hours", args=[t.pk]), {**data, "case": other_case.pk})
    assert response.status_code == 400


def test_the_leader_may_send_a_wrong_request_back_to_the_community(client, world, repairs):
    _t, offering, leader_user, *_ = repairs
    case, _response = _ask(client, world, offering)
    h = CaseHandover.objects.get()
    h = ho.handover_send_back(handover=h, actor=leader_user, reason="不是维修类")
    case.refresh_from_db()
    assert h.status == "sent_back" and case.state == State.ACCEPTED and ho.active_handover(case) is None


def _staff_path(case, t, grid_worker, leader_or_member):
    """Today's path: community staff accept the case and hand it to the team by hand."""
    case = case_services.case_transition(case=case, to_state=State.ACCEPTED, actor=grid_worker)
    assert list(ho.TARGETS["team"].choices(grid_worker, case)) == [t]
    h = ho.case_hand_over(case=case, actor=grid_worker, kind="team", target_id=t.pk, note="请维修队上门")
    h = ho.handover_take(handover=h, actor=leader_or_member)
    return ho.handover_return(handover=h, actor=leader_or_member, answer="已办好")


def test_without_a_case_category_the_request_waits_for_staff(client, world, repairs, grid_worker):
    t, offering, leader_user, *_ = repairs
    offering.case_category = None
    offering.save()
    case, response = _ask(client, world, offering)
    assert case.state == State.REPORTED and case.category.code == "services"
    assert list(case.transitions.values_list("to_state", flat=True)) == [State.REPORTED]
    assert not CaseHandover.objects.exists() and ServiceRequest.objects.get().team == t
    flash = soup(response).select_one(".flash").get_text()
    assert t.name in flash and case.tracking_code in flash and "社区工作人员查看后会转交" in flash
    assert _staff_path(case, t, grid_worker, leader_user).status == "returned"


@pytest.mark.parametrize("leader", ["none", "no_account", "inactive_account"])
def test_without_a_leader_with_an_account_the_request_waits_for_staff(client, world, repairs, grid_worker, leader):
    t, offering, leader_user, worker, plain = repairs
    if leader == "none":
        t.leader = None
        t.save()
    elif leader == "no_account":
        t.leader = plain
        t.save()
    else:
        leader_user.is_active = False
        leader_user.save()
    case, response = _ask(client, world, offering)
    assert case.state == State.REPORTED and case.category.code == "elderly_repair"
    assert not CaseHandover.objects.exists() and not Notification.objects.filter(case_id=case.pk).exists()
    assert "社区工作人员查看后会转交" in soup(response).select_one(".flash").get_text()
    assert _staff_path(case, t, grid_worker, worker.user).status == "returned"


def test_a_failed_handover_leaves_nothing_half_saved(client, world, repairs, monkeypatch):
    _t, offering, *_ = repairs
    from tongxin.volunteering.service import requests as service_requests

    def broken(**kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(service_requests, "_hand_to_team", broken)
    url = reverse("service:public_request", args=[offering.pk])
    with pytest.raises(RuntimeError, match="boom"):
        client.post(url, {**ASK, "building": world.building1.pk})
    assert not Case.objects.exists() and not ServiceRequest.objects.exists()


def test_public_requests_are_throttled(client, world, repairs, settings):
    _t, offering, *_ = repairs
    settings.PUBLIC_REPORTS_PER_HOUR = 1
    url = reverse("service:public_request", args=[offering.pk])
    data = {"name": "张大爷", "phone": "13800001234", "building": world.building1.pk, "description": "漏水"}
    assert client.post(url, data).status_code == 302
    assert client.post(url, data).status_code == 429
    assert Case.objects.count() == 1


def test_inactive_or_unknown_offering_is_404(client, repairs):
    _t, offering, *_ = repairs
    offering.is_active = False
    offering.save()
    assert client.get(reverse("service:public_request", args=[offering.pk])).status_code == 404
    assert client.get(reverse("service:public_request", args=[99999])).status_code == 404
