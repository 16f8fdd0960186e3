"""A resident asks for a catalogue service; the case goes to the team, comes back, and hours follow."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
import time_machine
from bs4 import BeautifulSoup
from django.core.cache import cache
from django.urls import reverse

from conftest import _make_user
from tongxin.cases import handover as ho
from tongxin.cases import services as case_services
from tongxin.cases.models import Case, CaseCategory
from tongxin.cases.workflow import State
from tongxin.inbox.models import Notification
from tongxin.service.models import HoursSource, ServiceHours, ServiceOffering, ServiceRequest
from tongxin.service.tests.support import join, team, volunteer

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


def soup(response):
    return BeautifulSoup(response.content, "html.parser")


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


def test_whole_path_request_handover_return_and_hours(client, world, repairs, grid_worker, secretary):
    t, offering, leader_user, worker, plain = repairs
    url = reverse("service:public_request", args=[offering.pk])
    assert client.get(url).status_code == 200
    # bad input: another community's building, bad phone, nothing needed
    response = client.post(
        url, {"name": "张大爷", "phone": "123", "building": world.other_community.pk, "description": ""}
    )
    assert response.status_code == 200 and not Case.objects.exists()
    assert len(soup(response).select(".error")) == 3
    response = client.post(
        url,
        {
            "name": "张大爷",
            "phone": "13800001234",
            "building": world.building1.pk,
            "address": "101室",
            "description": "厨房水龙头漏水",
        },
    )
    case = Case.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("public:case", args=[case.tracking_code])
    assert case.category.code == "elderly_repair" and case.source == Case.Source.PUBLIC
    assert case.phone_masked == "138****1234" and "13800001234" not in case.phone_enc
    assert "上门维修" in case.description and "101室" in case.description
    request = ServiceRequest.objects.get()
    assert request.team == t and request.area == world.community and request.offering == offering
    # The resident follows it with the tracking code.
    assert client.get(reverse("public:case", args=[case.tracking_code])).status_code == 200

    # The community accepts it and hands it to the team: the leader is told.
    case = case_services.case_transition(case=case, to_state=State.ACCEPTED, actor=grid_worker)
    assert list(ho.TARGETS["team"].choices(grid_worker, case)) == [t]
    h = ho.case_hand_over(case=case, actor=grid_worker, kind="team", target_id=t.pk, note="请维修队上门")
    assert Notification.objects.filter(recipient=leader_user).exists()
    assert ho.answers_for(leader_user, h) and ho.answers_for(worker.user, h)
    h = ho.handover_take(handover=h, actor=leader_user)
    h = ho.handover_return(handover=h, actor=leader_user, answer="已更换水龙头")
    assert h.status == "returned"

    # The leader records the hours of those who worked on it.
    client.force_login(leader_user)
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
    # Again: the same case credits nobody twice (confirmed rows are not changed).
    response = client.post(reverse("service:case_hours", args=[t.pk]), data)
    assert response.status_code == 400 and rows.count() == 2
    # A case not returned to this team is not a choice.
    other_case = case_services.case_report(
        actor=grid_worker, category=case.category, description="另一件", area=world.building1
    )
    response = client.post(reverse("service:case_hours", args=[t.pk]), {**data, "case": other_case.pk})
    assert response.status_code == 400


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
