"""Mediation's writes: the case's way from accepted to closed, the hand-over from a grid case and
back, refusals in the user's words, and double submits."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
import time_machine
from django.core.exceptions import ValidationError

from tongxin.council.mediation import services
from tongxin.council.mediation.exceptions import CaseChanged
from tongxin.council.mediation.handover import committee_choices
from tongxin.council.mediation.models import CaseState, MediationCase, Source
from tongxin.council.mediation.tests.support import ID_NUMBER, PHONE, agreed, case, committee, staff, with_party
from tongxin.grid.cases import handover as case_handover
from tongxin.grid.cases.handover import TARGETS
from tongxin.grid.cases.models import Case, CaseCategory, CaseEvent, CaseHandover
from tongxin.grid.cases.services import case_report, case_transition
from tongxin.grid.cases.workflow import State
from tongxin.platform.core.exceptions import DomainError, Forbidden
from tongxin.platform.core.models import AuditEvent

pytestmark = pytest.mark.django_db
DAY = datetime.date(2026, 3, 2)


def reported_case(world: Any, secretary: Any) -> Case:
    """A resident's report of a neighbour dispute in building 1, accepted by the community."""
    category = CaseCategory.objects.get_or_create(code="t_neighbours", defaults={"name_zh": "邻里纠纷"})[0]
    reported = case_report(
        actor=None,
        category=category,
        description="楼上装修噪音，双方争吵",
        area=world.building1,
        source=Case.Source.PUBLIC,
        reporter_name="张阿姨",
        reporter_phone="13812340000",
    )
    return case_transition(case=reported, to_state=State.ACCEPTED, actor=secretary)


def test_the_case_is_due_a_month_after_it_is_accepted(world: Any) -> None:
    m = case(committee(world.community), accepted_on=DAY)
    assert m.due_on == datetime.date(2026, 4, 1) and m.state == CaseState.OPEN


def test_a_committee_is_a_community_or_village_one(world: Any) -> None:
    with pytest.raises(DomainError) as err:
        services.committee_create(actor=staff(), area=world.grid1, name="")
    assert err.value.message_dict["area"]


def test_only_the_office_over_the_place_writes(world: Any, grid_worker: Any, street_officer: Any) -> None:
    c = committee(world.community)
    for who in (grid_worker, street_officer):
        with pytest.raises(Forbidden):
            services.case_open(
                actor=who, committee=c, area=world.grid1, kind="family", title="x", facts="y", accepted_on=DAY
            )


def test_a_party_numbers_are_stored_encrypted_and_masked(world: Any) -> None:
    party = with_party(case(committee(world.community)))
    assert party.phone_masked == "138****5678" and PHONE not in party.phone_enc
    assert party.id_number_masked.startswith("110") and ID_NUMBER not in party.id_number_enc
    changes = AuditEvent.objects.filter(object_type="mediation.party").get().changes
    assert PHONE not in str(changes) and ID_NUMBER not in str(changes)


def test_a_bad_id_number_is_said_in_words(world: Any) -> None:
    m = case(committee(world.community))
    with pytest.raises(DomainError) as err:
        services.party_add(actor=staff(), case=m, name="李", role="respondent", id_number="110105194912310021")
    assert "校验位" in str(err.value.message_dict["id_number"])


def test_reveal_is_for_mediators_and_audited(world: Any, secretary: Any, street_officer: Any) -> None:
    party = with_party(case(committee(world.community)))
    assert services.party_reveal(actor=secretary, party=party, field="phone") == PHONE
    with pytest.raises(Forbidden):
        services.party_reveal(actor=street_officer, party=party, field="id_number")
    events = AuditEvent.objects.filter(action="reveal", object_type="mediation.party")
    assert [(e.actor_name, e.changes["field"]) for e in events] == [("t_secretary", "phone")]


def test_a_mediator_with_an_account_may_reveal(world: Any, outsider: Any) -> None:
    c = committee(world.community, mediators=0)
    mine = services.mediator_add(actor=staff(), committee=c, name="王调解", term_start=DAY, user=outsider)
    m = services.case_open(
        actor=staff(), committee=c, area=world.grid1, kind="family", title="家务事", facts="赡养", accepted_on=DAY,
        mediators=[mine],
    )  # fmt: skip
    party = with_party(m)
    assert services.party_reveal(actor=outsider, party=party, field="phone") == PHONE


def test_settled_with_an_agreement_then_followed_up_closes(world: Any) -> None:
    m = agreed(case(committee(world.community), accepted_on=DAY), DAY + datetime.timedelta(days=5))
    assert m.state == CaseState.AGREED
    m = services.followup_record(
        actor=staff(), case=m, followup_on=DAY + datetime.timedelta(days=20), performance="performed"
    )
    m.refresh_from_db()
    assert (m.state, m.closed_on, m.performance) == (CaseState.CLOSED, DAY + datetime.timedelta(days=20), "performed")


def test_an_agreement_outcome_needs_the_agreement(world: Any) -> None:
    m = case(committee(world.community), accepted_on=DAY)
    with pytest.raises(DomainError) as err:
        services.case_settle(actor=staff(), case=m, outcome="agreement", settled_on=DAY, settled_at="grid")
    assert err.value.message_dict["outcome"]


def test_a_double_submit_settles_once(world: Any) -> None:
    m = case(committee(world.community), accepted_on=DAY)
    stale = MediationCase.objects.get(pk=m.pk)
    services.case_settle(
        actor=staff(), case=m, outcome="no_agreement", settled_on=DAY, settled_at="community", note="不同意"
    )
    with pytest.raises(CaseChanged):
        services.case_settle(
            actor=staff(), case=stale, outcome="court", settled_on=DAY, settled_at="above", note="起诉"
        )
    assert MediationCase.objects.get(pk=m.pk).outcome == "no_agreement"


def test_dates_in_the_future_are_refused(world: Any) -> None:
    with time_machine.travel(datetime.datetime(2026, 3, 5, 10, 0), tick=False):
        with pytest.raises(ValidationError) as err:
            case(committee(world.community), accepted_on=datetime.date(2026, 3, 9))
    assert "accepted_on" in err.value.message_dict


# --- the hand-over from a grid case, and back ---------------------------------------------------


def test_the_committee_of_the_case_community_is_offered(world: Any, secretary: Any) -> None:
    mine = committee(world.community, mediators=0)
    committee(world.other_community, mediators=0)
    grid_case = reported_case(world, secretary)
    assert list(committee_choices(secretary, grid_case)) == [mine]
    assert TARGETS["mediation"].answers_for(secretary, mine)
    assert CaseHandover.Kind.MEDIATION in case_handover.TARGETS


def test_a_handed_over_case_is_mediated_and_returned_with_the_outcome(world: Any, secretary: Any) -> None:
    c = committee(world.community)
    grid_case = reported_case(world, secretary)
    handover = case_handover.case_hand_over(
        case=grid_case, actor=secretary, kind="mediation", target_id=c.pk, note="邻里纠纷，请调解"
    )
    m = services.case_from_handover(actor=secretary, handover=handover, kind="neighbours")
    assert m.source == Source.CASE and m.grid_case == grid_case
    assert services.case_from_handover(actor=secretary, handover=handover) == m  # asked twice: the same case
    handover.refresh_from_db()
    assert handover.status == CaseHandover.Status.TAKEN
    today = datetime.date.today()
    m = agreed(m, today)
    services.followup_record(actor=secretary, case=m, followup_on=today, performance="performed")
    handover.refresh_from_db()
    grid_case.refresh_from_db()
    assert handover.status == CaseHandover.Status.RETURNED and m.code in handover.answer
    assert grid_case.state == State.CLOSED
    assert CaseEvent.objects.filter(case=grid_case, kind=CaseEvent.Kind.HANDOVER_RETURNED).exists()
