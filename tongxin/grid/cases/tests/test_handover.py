"""Handovers to co-building units (and back), 首接负责 and the send-back window."""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from tongxin.grid.cases import handover as ho
from tongxin.grid.cases import services
from tongxin.grid.cases.exceptions import CaseChanged, TransitionNotAllowed
from tongxin.grid.cases.models import CaseCategory, CaseEvent, CaseHandover
from tongxin.grid.cases.queries import cases_visible_to
from tongxin.grid.cases.workflow import State
from tongxin.platform.core.exceptions import DomainError
from tongxin.platform.inbox.models import Notification

SH = ZoneInfo("Asia/Shanghai")
# Friday 2026-11-20, 10:00: two working days on is the end of Tuesday 24th (the weekend does not count).
FRIDAY = datetime.datetime(2026, 11, 20, 10, 0, tzinfo=SH)


@pytest.fixture
def case(world, grid_worker, secretary):
    category = CaseCategory.objects.create(code="t_pipe", name_zh="管道漏水", accept_limit=4, resolve_limit=3)
    case = services.case_report(
        actor=grid_worker, category=category, description="医院围墙外水管漏水", area=world.building1, at=FRIDAY
    )
    case = services.case_transition(case=case, to_state=State.ACCEPTED, actor=grid_worker, at=FRIDAY)
    return services.case_transition(
        case=case, to_state=State.ASSIGNED, actor=secretary, assignee=grid_worker, at=FRIDAY
    )


def test_hand_over_to_a_unit_take_on_and_return_resolved(case, world, grid_worker, unit_contact):
    h = ho.case_hand_over(
        case=case, actor=grid_worker, kind="unit", target_id=world.unit.pk, note="请医院后勤处理", at=FRIDAY
    )
    assert h.status == "sent" and h.target == world.unit and h.target_name == "示范医院"
    assert h.send_back_due == datetime.datetime(2026, 11, 24, 17, 30, tzinfo=SH)
    # The unit's contact is told, and may now see the case (only this one).
    assert Notification.objects.filter(recipient=unit_contact, kind="assignment").exists()
    assert list(cases_visible_to(unit_contact)) == [case]
    with time_machine.travel(FRIDAY):  # 首接负责: the grid until the unit takes it on (or the window closes)
        assert ho.owner_name(case, h) == world.grid1.name
    with pytest.raises(CaseChanged, match="该事件已经移交，请刷新查看移交给了谁"):  # one open handover at a time
        ho.case_hand_over(case=case, actor=grid_worker, kind="unit", target_id=world.unit.pk, note="again")
    h = ho.handover_take(handover=h, actor=unit_contact)
    assert h.status == "taken" and ho.owner_name(case, h) == "示范医院"
    h = ho.handover_return(handover=h, actor=unit_contact, answer="已更换阀门")
    assert h.status == "returned" and h.answer == "已更换阀门"
    kinds = list(CaseEvent.objects.filter(case=case).values_list("kind", flat=True))
    assert kinds == ["handed_over", "handover_taken", "handover_returned"]
    assert Notification.objects.filter(recipient=grid_worker, title__contains="示范医院").count() == 2
    # Back with the grid: the grid worker resolves it as usual.
    case.refresh_from_db()
    case = services.case_transition(case=case, to_state=State.IN_PROGRESS, actor=grid_worker)
    case = services.case_transition(case=case, to_state=State.RESOLVED, actor=grid_worker, comment="医院已修复")
    assert case.state == State.RESOLVED


def test_send_back_only_within_the_limit(case, world, grid_worker, unit_contact):
    h = ho.case_hand_over(case=case, actor=grid_worker, kind="unit", target_id=world.unit.pk, note="请处理", at=FRIDAY)
    with pytest.raises(DomainError, match="请说明理由：对方会看到"):  # a reason is needed
        ho.handover_send_back(handover=h, actor=unit_contact, reason=" ", at=FRIDAY)
    late = datetime.datetime(2026, 11, 25, 9, 0, tzinfo=SH)
    with pytest.raises(DomainError) as info:
        ho.handover_send_back(handover=h, actor=unit_contact, reason="不归我们管", at=late)
    assert "首接负责" in " ".join(info.value.messages)
    # Past the limit it is theirs even without taking it on.
    with time_machine.travel(late):
        assert ho.owner_name(case, h) == "示范医院"
    in_time = datetime.datetime(2026, 11, 23, 16, 0, tzinfo=SH)
    h = ho.handover_send_back(handover=h, actor=unit_contact, reason="这段管道属市政", at=in_time)
    assert h.status == "sent_back"
    assert ho.active_handover(case) is None
    # The case is the grid's again, and may go elsewhere.
    assert ho.may_hand_over(grid_worker, case)


def test_who_may_do_what(case, world, grid_worker, neighbour_grid_worker, unit_contact, secretary, party_member):
    with pytest.raises(TransitionNotAllowed, match="您的角色无权对该事件执行此操作"):
        ho.case_hand_over(case=case, actor=unit_contact, kind="unit", target_id=world.unit.pk, note="x")
    with pytest.raises(DomainError, match="请从列出的单位中选择一个"):  # a unit of another community
        ho.case_hand_over(case=case, actor=grid_worker, kind="unit", target_id=world.other_unit.pk, note="x")
    with pytest.raises(DomainError, match="请选择把事件移交给谁"):
        ho.case_hand_over(case=case, actor=grid_worker, kind="planet", target_id=world.unit.pk, note="x")
    with pytest.raises(DomainError, match="请从列出的单位中选择一个"):
        ho.case_hand_over(case=case, actor=grid_worker, kind="unit", target_id="1 OR 1=1", note="x")
    h = ho.case_hand_over(case=case, actor=grid_worker, kind="unit", target_id=world.unit.pk, note="请处理")
    for stranger in (neighbour_grid_worker, party_member):
        with pytest.raises(TransitionNotAllowed, match="只有接收方可以处理该移交"):
            ho.handover_take(handover=h, actor=stranger)
    # The grid worker who sent it cannot answer for the unit…
    with pytest.raises(TransitionNotAllowed, match="只有接收方可以处理该移交"):
        ho.handover_return(handover=h, actor=grid_worker, answer="done")
    # …but the community secretary may record the unit's answer given by phone.
    h = ho.handover_return(handover=h, actor=secretary, answer="医院电话告知已修复")
    assert h.answered_by == secretary
    with pytest.raises(CaseChanged, match="该移交已是“已办结返回”"):  # answered already
        ho.handover_take(handover=h, actor=unit_contact)


def test_withdraw_and_case_states(world, case, grid_worker, secretary):
    h = ho.case_hand_over(case=case, actor=grid_worker, kind="unit", target_id=world.unit.pk, note="请处理")
    with pytest.raises(DomainError, match="请说明理由：对方会看到"):
        ho.handover_withdraw(handover=h, actor=grid_worker, reason="")
    h = ho.handover_withdraw(handover=h, actor=grid_worker, reason="发错了")
    assert h.status == "withdrawn"
    fresh = services.case_report(actor=grid_worker, category=case.category, description="新报告", area=world.building1)
    with pytest.raises(TransitionNotAllowed, match="处于“已上报”状态的事件不能移交"):  # not accepted yet
        ho.case_hand_over(case=fresh, actor=secretary, kind="unit", target_id=world.unit.pk, note="x")


def test_another_kind_plugs_in_through_the_registry(case, world, grid_worker, secretary):
    """A later module (a council, a team) registers its kind; nothing else changes."""
    from tongxin.registry.areas.models import Area

    # The real council kind (registered by consultation) is put back afterwards.
    real = ho.TARGETS.get("council")
    ho.register(
        ho.TargetKind(
            kind="council",
            model=Area,
            choices=lambda actor, c: Area.objects.filter(pk=world.community.pk),
            answers_for=lambda user, target: user == secretary,
            answered_by_q=lambda user: None,
            recipients=lambda target: [secretary],
        )
    )
    try:
        h = ho.case_hand_over(case=case, actor=grid_worker, kind="council", target_id=world.community.pk, note="议一议")
        assert h.target == world.community and h.kind == "council"
        assert ho.handover_take(handover=h, actor=secretary).status == "taken"
    finally:
        ho.TARGETS.pop("council")
        if real is not None:
            ho.register(real)


def test_pages(client, case, world, grid_worker, unit_contact):
    client.force_login(grid_worker)
    page = client.get(reverse("cases:detail", args=[case.pk]))
    assert "示范医院" in page.content.decode()  # offered as a target
    r = client.post(reverse("cases:handover", args=[case.pk]), {"kind": "unit", "target": world.unit.pk, "text": ""})
    assert r.status_code == 302 and not CaseHandover.objects.exists()  # a note is needed
    r = client.post(
        reverse("cases:handover", args=[case.pk]), {"kind": "unit", "target": world.unit.pk, "text": "请处理"}
    )
    h = CaseHandover.objects.get()
    client.force_login(unit_contact)
    listing = client.get(reverse("cases:handovers"))
    assert case.tracking_code in listing.content.decode()
    page = client.get(reverse("cases:detail", args=[case.pk]))
    assert page.status_code == 200 and f"/handover/{h.pk}/" in page.content.decode()
    r = client.post(reverse("cases:handover_answer", args=[case.pk, h.pk]), {"action": "take"})
    assert r.status_code == 302
    h.refresh_from_db()
    assert h.status == "taken"
    r = client.post(reverse("cases:handover_answer", args=[case.pk, h.pk]), {"action": "explode"})
    assert r.status_code == 302
    r = client.post(reverse("cases:handover_answer", args=[case.pk, h.pk + 999]), {"action": "take"})
    assert r.status_code == 404
    # The unit contact sees only the case handed to them, never the grid's other cases.
    other = services.case_report(actor=grid_worker, category=case.category, description="别的", area=world.building1)
    assert client.get(reverse("cases:detail", args=[other.pk])).status_code == 404


@pytest.mark.parametrize("size", [1, 6])
def test_handovers_page_costs_the_same_whatever_the_rows(
    size, client, world, grid_worker, secretary, django_assert_max_num_queries
):
    category = CaseCategory.objects.create(code="t_x", name_zh="其他")
    for i in range(size):
        c = services.case_report(actor=grid_worker, category=category, description=f"#{i}", area=world.building1)
        c = services.case_transition(case=c, to_state=State.ACCEPTED, actor=grid_worker)
        ho.case_hand_over(case=c, actor=grid_worker, kind="unit", target_id=world.unit.pk, note="请处理")
    client.force_login(secretary)
    with django_assert_max_num_queries(16):
        r = client.get(reverse("cases:handovers") + "?show=outgoing")
    assert r.status_code == 200 and r.content.decode().count("示范医院") >= size


def test_dispatch_send_back_window(case, world, grid_worker, secretary):
    """An assignee may send a wrongly dispatched case back only within the limit; after that it is theirs."""
    late = datetime.datetime(2026, 11, 25, 9, 0, tzinfo=SH)
    with time_machine.travel(datetime.datetime(2026, 11, 24, 17, 0, tzinfo=SH)):
        assert State.ACCEPTED in services.allowed_transitions(grid_worker, case)
    with time_machine.travel(late):
        assert State.ACCEPTED not in services.allowed_transitions(grid_worker, case)
        assert State.ACCEPTED in services.allowed_transitions(secretary, case)
    with pytest.raises(TransitionNotAllowed) as info:
        services.case_transition(case=case, to_state=State.ACCEPTED, actor=grid_worker, comment="不是我的", at=late)
    assert "首接负责" in " ".join(info.value.messages)
    # A supervisor may still take it back.
    assert services.case_transition(case=case, to_state=State.ACCEPTED, actor=secretary, comment="改派", at=late)
