"""The services: the state machine, the register's record, documents, scoping of writes."""

from __future__ import annotations

from typing import Any

import pytest

from tongxin.partylife.development import services
from tongxin.partylife.development.files import check_upload
from tongxin.partylife.development.models import Candidate, CandidateFile, Stage
from tongxin.partylife.development.tests.support import (
    D,
    applicant,
    docx_upload,
    full_members,
    meeting,
    pdf_upload,
    step,
    to_stage,
)
from tongxin.partylife.meetings.models import MeetingKind
from tongxin.platform.core.exceptions import DomainError
from tongxin.platform.core.models import AuditEvent
from tongxin.registry.party.models import PartyMember

pytestmark = pytest.mark.django_db


def test_whole_pipeline_writes_the_register(world: Any, org_secretary: Any) -> None:
    c = to_stage(org_secretary, world.branch1, "probationary")
    assert c.stage == Stage.PROBATIONARY
    assert c.probation_ends_on == D(2026, 4, 1)
    member = PartyMember.objects.get(pk=c.member_id)
    assert (member.org_id, member.status, member.joined_on, member.name) == (
        world.branch1.pk,
        "probationary",
        D(2025, 4, 1),
        "孙申请",
    )
    confirm = meeting(world.branch1, D(2026, 4, 2))
    c = step(org_secretary, c, "confirm", confirmed_on=D(2026, 4, 2), confirmation_meeting=confirm)
    member.refresh_from_db()
    assert (c.stage, member.status) == (Stage.FULL, "full")
    assert AuditEvent.objects.filter(object_type="development.candidate", object_id=str(c.pk)).count() == 5


def test_confirmation_writes_a_missing_record(world: Any, org_secretary: Any) -> None:
    c = to_stage(org_secretary, world.branch1, "probationary")
    PartyMember.objects.filter(pk=c.member_id).delete()
    c.refresh_from_db()
    c = step(
        org_secretary,
        c,
        "confirm",
        confirmed_on=D(2026, 4, 1),
        confirmation_meeting=meeting(world.branch1, D(2026, 4, 1)),
    )
    assert PartyMember.objects.get(pk=c.member_id).status == "full"


def test_confirmation_refused_without_a_general_meeting_of_the_branch(world: Any, org_secretary: Any) -> None:
    c = to_stage(org_secretary, world.branch1, "probationary")
    wrong = [
        (None, "请选择进行表决的支部党员大会"),
        (meeting(world.branch1, D(2026, 4, 1), kind=MeetingKind.COMMITTEE), "须由本人所在党支部的支部党员大会表决"),
        (meeting(world.branch2, D(2026, 4, 1)), "须由本人所在党支部的支部党员大会表决"),
    ]
    for vote, message in wrong:
        with pytest.raises(DomainError, match=message) as exc:
            step(org_secretary, c, "confirm", confirmed_on=D(2026, 4, 1), confirmation_meeting=vote)
        assert "confirmation_meeting" in exc.value.error_dict
    c.refresh_from_db()
    assert c.stage == Stage.PROBATIONARY
    assert PartyMember.objects.get(pk=c.member_id).status == "probationary"


def test_target_refused_a_day_early(world: Any, org_secretary: Any) -> None:
    people = full_members(world.branch1)
    c = applicant(org_secretary, world.branch1, applied_on=D(2025, 1, 10))
    c = step(org_secretary, c, "activist", activist_on=D(2025, 3, 1), contact1=people[0], contact2=people[1])
    with pytest.raises(DomainError, match="须经过一年以上的培养教育，才能确定为发展对象：不得早于 2026-03-01") as exc:
        step(org_secretary, c, "target", target_on=D(2026, 2, 28))
    assert "target_on" in exc.value.error_dict
    c = step(org_secretary, c, "target", target_on=D(2026, 3, 1))
    assert c.stage == Stage.TARGET


def test_extension_once_only(world: Any, org_secretary: Any) -> None:
    c = to_stage(org_secretary, world.branch1, "probationary")
    c = step(org_secretary, c, "extend", extended_on=D(2026, 4, 1), extension_months=6, extension_reason="学习不够")
    assert c.probation_ends_on == D(2026, 10, 1)
    with pytest.raises(DomainError, match="预备期只能延长一次"):
        step(org_secretary, c, "extend", extended_on=D(2026, 5, 1), extension_months=6, extension_reason="again")
    with pytest.raises(DomainError, match="预备期于 2026-10-01 期满，转正不能早于该日期") as exc:
        step(
            org_secretary,
            c,
            "confirm",
            confirmed_on=D(2026, 9, 30),
            confirmation_meeting=meeting(world.branch1, D(2026, 9, 30)),
        )
    assert "confirmed_on" in exc.value.error_dict
    c = step(
        org_secretary,
        c,
        "confirm",
        confirmed_on=D(2026, 10, 1),
        confirmation_meeting=meeting(world.branch1, D(2026, 10, 1)),
    )
    assert c.stage == Stage.FULL


def test_extension_longer_than_a_year_refused(world: Any, org_secretary: Any) -> None:
    c = to_stage(org_secretary, world.branch1, "probationary")
    with pytest.raises(DomainError, match="预备期只能延长一次，期限为 6 至 12 个月") as exc:
        step(org_secretary, c, "extend", extended_on=D(2026, 4, 1), extension_months=13, extension_reason="x")
    assert "extension_months" in exc.value.error_dict


@pytest.mark.parametrize(
    ("stage", "action"),
    [
        ("applicant", "target"),
        ("applicant", "admit"),
        ("applicant", "confirm"),
        ("activist", "admit"),
        ("activist", "activist"),
        ("target", "confirm"),
        ("target", "extend"),
        ("probationary", "target"),
        ("full", "drop"),
        ("full", "confirm"),
    ],
)
def test_state_machine_refusals(world: Any, org_secretary: Any, stage: str, action: str) -> None:
    c = to_stage(org_secretary, world.branch1, stage)
    with pytest.raises(DomainError, match="该环节与当前所处阶段（.+）不衔接"):
        step(org_secretary, c, action)
    c.refresh_from_db()
    assert c.stage == stage


def test_dropped_is_final_and_may_apply_again(world: Any, org_secretary: Any) -> None:
    c = applicant(org_secretary, world.branch1)
    with pytest.raises(DomainError, match="请填写取消资格的原因") as exc:
        step(org_secretary, c, "drop", dropped_on=D(2024, 6, 1), drop_reason="")
    assert "drop_reason" in exc.value.error_dict
    c = step(org_secretary, c, "drop", dropped_on=D(2024, 6, 1), drop_reason="本人撤回申请")
    assert c.stage == Stage.DROPPED
    with pytest.raises(DomainError, match="该环节与当前所处阶段（取消资格）不衔接"):
        step(org_secretary, c, "activist", activist_on=D(2024, 7, 1))


def test_unknown_action_refused(world: Any, org_secretary: Any) -> None:
    c = applicant(org_secretary, world.branch1)
    with pytest.raises(DomainError, match="未知环节"):
        step(org_secretary, c, "promote")


def test_age_refused_at_creation(world: Any, org_secretary: Any) -> None:
    with pytest.raises(DomainError, match="提出申请时须年满 18 岁；此人于 2026-05-10 年满 18 岁") as exc:
        applicant(org_secretary, world.branch1, birth_date=D(2008, 5, 10), applied_on=D(2026, 5, 9))
    assert "applied_on" in exc.value.error_dict
    c = applicant(org_secretary, world.branch1, birth_date=D(2008, 5, 10), applied_on=D(2026, 5, 10))
    assert c.pk


def test_birth_date_from_id_number(world: Any, org_secretary: Any) -> None:
    from conftest import valid_id

    c = applicant(org_secretary, world.branch1, birth_date=None, id_number=valid_id("11010120000301123"))
    assert c.birth_date == D(2000, 3, 1)
    assert "*" in c.id_number_masked
    with pytest.raises(DomainError, match="此人已在发展程序中") as exc:
        applicant(org_secretary, world.branch1, name="重复", id_number=valid_id("11010120000301123"))
    assert "id_number" in exc.value.error_dict


def test_writes_need_party_work_in_the_branch(world: Any, org_secretary: Any, grid_worker: Any) -> None:
    with pytest.raises(DomainError, match="您无权为该支部登记发展党员工作"):
        applicant(grid_worker, world.branch1)
    with pytest.raises(DomainError, match="您无权为该支部登记发展党员工作"):
        applicant(org_secretary, world.branch2)
    with pytest.raises(DomainError, match="您无权为该支部登记发展党员工作"):
        applicant(org_secretary, world.committee.__class__.objects.get(pk=world.joint.pk))


def test_contacts_from_another_branch_refused(world: Any, org_secretary: Any, admin_user: Any) -> None:
    others = full_members(world.branch2, prefix="外支部")
    c = applicant(admin_user, world.branch1)
    with pytest.raises(DomainError, match="外支部0 不是本支部的党员") as exc:
        step(admin_user, c, "activist", activist_on=D(2024, 3, 1), contact1=others[0], contact2=others[1])
    assert "contact1" in exc.value.error_dict


def test_documents_on_reached_steps(world: Any, org_secretary: Any) -> None:
    c = applicant(org_secretary, world.branch1, files=[check_upload(pdf_upload())])
    assert list(c.files.values_list("step", "extension")) == [("applied", "pdf")]
    services.candidate_files_add(actor=org_secretary, candidate=c, step="applied", files=[check_upload(docx_upload())])
    assert c.files.count() == 2
    with pytest.raises(DomainError, match="材料须归入已登记的环节"):
        services.candidate_files_add(
            actor=org_secretary, candidate=c, step="admitted", files=[check_upload(pdf_upload())]
        )
    item = c.files.first()
    services.candidate_file_delete(actor=org_secretary, item=item)
    assert CandidateFile.objects.filter(candidate=c).count() == 1


def test_update_rechecks_rules(world: Any, org_secretary: Any) -> None:
    c = to_stage(org_secretary, world.branch1, "target")
    with pytest.raises(DomainError, match="日期不能倒退：该环节应在 2024-03-02 之后"):
        # Moving the application after the activist date breaks the order.
        services.candidate_update(actor=org_secretary, candidate=c, applied_on=D(2024, 3, 2), today=D(2026, 12, 1))
    c = services.candidate_update(actor=org_secretary, candidate=c, name="孙改名", today=D(2026, 12, 1))
    assert Candidate.objects.get(pk=c.pk).name == "孙改名"
    with pytest.raises(DomainError, match="这些信息需通过登记相应环节来更改，不能在此修改"):
        services.candidate_update(actor=org_secretary, candidate=c, stage="full")
