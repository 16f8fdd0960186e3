from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

import pytest

from tongxin.grid.cases import services
from tongxin.grid.cases import supervision as sup
from tongxin.grid.cases.deadlines import run_deadlines
from tongxin.grid.cases.exceptions import TransitionNotAllowed
from tongxin.grid.cases.models import CaseCategory, CaseEvent
from tongxin.grid.cases.workflow import State
from tongxin.platform.core.exceptions import DomainError
from tongxin.platform.inbox.models import Notification

SH = ZoneInfo("Asia/Shanghai")
MONDAY = datetime.datetime(2026, 11, 16, 9, 0, tzinfo=SH)


@pytest.fixture
def case(world, grid_worker, secretary):
    category = CaseCategory.objects.create(code="t_leak", name_zh="屋顶漏水", accept_limit=4, resolve_limit=2)
    case = services.case_report(
        actor=grid_worker, category=category, description="漏水", area=world.building1, at=MONDAY
    )
    case = services.case_transition(case=case, to_state=State.ACCEPTED, actor=grid_worker, at=MONDAY)
    return services.case_transition(
        case=case, to_state=State.ASSIGNED, actor=secretary, assignee=grid_worker, at=MONDAY
    )


def test_supervision_notice_and_answer(case, secretary, grid_worker):
    sup.case_supervise(case=case, actor=secretary, text="请今天内联系住户")
    assert Notification.objects.filter(recipient=grid_worker, kind="supervision").exists()
    assert sup.pending_supervision(case) is not None
    sup.case_supervision_respond(case=case, actor=grid_worker, text="已约好明早上门")
    assert sup.pending_supervision(case) is None
    assert Notification.objects.filter(recipient=secretary, kind="supervision").exists()


def test_only_supervisors_issue_notices_and_an_answer_needs_a_notice(case, grid_worker, secretary):
    with pytest.raises(TransitionNotAllowed, match="您的角色无权对该事件执行此操作"):
        sup.case_supervise(case=case, actor=grid_worker, text="x")
    with pytest.raises(DomainError, match="没有待回复的督办"):
        sup.case_supervision_respond(case=case, actor=grid_worker, text="x")
    with pytest.raises(DomainError, match="请填写督办意见"):
        sup.case_supervise(case=case, actor=secretary, text="  ")


def test_extension_granted_moves_the_deadline_by_working_days(case, grid_worker, secretary):
    assert case.resolve_due == datetime.datetime(2026, 11, 18, 17, 30, tzinfo=SH)
    sup.case_extension_request(case=case, actor=grid_worker, days=3, reason="需要等防水材料")
    with pytest.raises(DomainError, match="已有延期申请在等待审批"):  # one request at a time
        sup.case_extension_request(case=case, actor=grid_worker, days=2, reason="again")
    case = sup.case_extension_decide(case=case, actor=secretary, grant=True, comment="同意")
    # Wed 18th + 3 working days = Mon 23rd (the weekend does not count).
    assert case.resolve_due == datetime.datetime(2026, 11, 23, 17, 30, tzinfo=SH)
    # Missing the first deadline is a yellow card; missing the extended one is a red card.
    run_deadlines(at=datetime.datetime(2026, 11, 24, 9, 0, tzinfo=SH))
    cards = sorted(CaseEvent.objects.filter(case=case, kind__endswith="_card").values_list("kind", "key"))
    assert cards == [("yellow_card", "resolve-1")]


def test_extension_limits_and_refusal(case, grid_worker, secretary, neighbour_grid_worker):
    for days in (0, 11):
        with pytest.raises(DomainError, match="可申请延期1至10个工作日"):
            sup.case_extension_request(case=case, actor=grid_worker, days=days, reason="x")
    with pytest.raises(TransitionNotAllowed, match="您的角色无权对该事件执行此操作"):
        sup.case_extension_request(case=case, actor=neighbour_grid_worker, days=2, reason="x")
    sup.case_extension_request(case=case, actor=grid_worker, days=2, reason="材料未到")
    before = case.resolve_due
    case = sup.case_extension_decide(case=case, actor=secretary, grant=False, comment="请按期办结")
    assert case.resolve_due == before
    assert sup.pending_extension(case) is None


def test_pages_show_and_take_the_forms(case, grid_worker, secretary, client):
    from django.urls import reverse

    client.force_login(secretary)
    url = reverse("cases:supervision", args=[case.pk])
    client.post(url, {"action": "supervise", "text": "请尽快"})
    client.force_login(grid_worker)
    body = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert "请尽快" in body and 'value="respond"' in body
    client.post(url, {"action": "respond", "text": "收到"})
    client.post(url, {"action": "extend", "days": "abc", "text": "x"})  # refused, no 500
    client.post(url, {"action": "nonsense"})
    assert sup.pending_supervision(case) is None and sup.pending_extension(case) is None
