"""Writes of mediation cases: open (by hand, from a sweep, from a grid case handed over), parties,
sessions, the outcome, the follow-up visit, and a party's number revealed.

State moves are conditional UPDATEs (`state=<expected>`): a double submit or two people at once
move the case once; the second is told to reload.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tongxin.council.mediation import rules
from tongxin.council.mediation.exceptions import CaseChanged
from tongxin.council.mediation.models import (
    CaseState,
    Committee,
    DisputeKind,
    MediationCase,
    Mediator,
    Outcome,
    Party,
    Performance,
    Session,
    SettledAt,
    Source,
    Sweep,
)
from tongxin.council.mediation.services._common import check_day, check_mediates, clean, mediates
from tongxin.council.mediation.services.returns import case_returned
from tongxin.grid.cases.handover import ACTIVE, handover_take
from tongxin.grid.cases.models import CaseHandover
from tongxin.platform.access.actor import Actor, signed_in
from tongxin.platform.access.protect import apply_identity
from tongxin.platform.core.audit import audit_record
from tongxin.platform.core.exceptions import DomainError, Forbidden

TITLE_MAX = 120
TEXT_MAX = 4000


def _check_place(committee: Committee, area: Any) -> None:
    if not area.path.startswith(committee.area.path):
        raise DomainError({"area": _("The place must be in the committee's community or village.")})


def _mediators_of(committee: Committee, mediators: Sequence[Mediator], day: datetime.date) -> list[Mediator]:
    chosen = list(mediators)
    for m in chosen:
        if m.committee_id != committee.pk or not m.serves_on(day):
            raise DomainError({"mediators": _("Choose mediators of this committee serving on that day.")})
    return chosen


@transaction.atomic
def case_open(
    *,
    actor: Actor,
    committee: Committee,
    area: Any,
    kind: str,
    title: str,
    facts: str,
    accepted_on: datetime.date,
    mediators: Sequence[Mediator] = (),
    sweep: Sweep | None = None,
    source: str = Source.MANUAL,
) -> MediationCase:
    """The committee accepts a dispute for mediation (受理); it is due in MEDIATION_SETTLE_DAYS."""
    check_mediates(actor, committee.area)
    if not committee.is_active:
        raise DomainError({"committee": _("This committee is no longer active.")})
    _check_place(committee, area)
    if kind not in DisputeKind.values:
        raise DomainError({"kind": _("Choose one of the listed kinds.")})
    check_day(accepted_on, field="accepted_on")
    if sweep is not None:
        if not sweep.area.path.startswith(committee.area.path):
            raise DomainError({"sweep": _("The sweep is not of this committee's place.")})
        source = Source.SWEEP
    chosen = _mediators_of(committee, mediators, accepted_on)
    case = MediationCase.objects.create(
        committee=committee,
        area=area,
        kind=kind,
        title=clean(title, TITLE_MAX, field="title", required=True),
        facts=clean(facts, TEXT_MAX, field="facts", required=True),
        accepted_on=accepted_on,
        due_on=rules.due_on(accepted_on),
        source=source,
        sweep=sweep,
        created_by=signed_in(actor),
    )
    if chosen:
        case.mediators.set(chosen)
    audit_record(actor=actor, action="create", obj=case)
    return case


@transaction.atomic
def case_from_handover(
    *,
    actor: Actor,
    handover: CaseHandover,
    kind: str = DisputeKind.NEIGHBOURS,
    mediators: Sequence[Mediator] = (),
    accepted_on: datetime.date | None = None,
    at: datetime.datetime | None = None,
) -> MediationCase:
    """The committee takes a grid case handed to it on as a mediation case. Asked twice, the case
    made the first time is returned."""
    committee = handover.target if handover.kind == CaseHandover.Kind.MEDIATION else None
    if not isinstance(committee, Committee):
        raise DomainError(_("This case was not handed over to a mediation committee."), code="kind")
    check_mediates(actor, committee.area)
    made = MediationCase.objects.filter(handover=handover).first()
    if made is not None:
        return made
    if handover.status not in ACTIVE:
        raise CaseChanged(
            _("This handover is %(status)s: it can no longer be mediated.")
            % {"status": CaseHandover.Status(handover.status).label},
            code="handover",
        )
    if handover.status == CaseHandover.Status.SENT:
        handover = handover_take(handover=handover, actor=actor, at=at)
    grid_case = handover.case
    case = case_open(
        actor=actor,
        committee=committee,
        area=grid_case.area,
        kind=kind,
        title=f"{grid_case.category}：{grid_case.area.name}"[:TITLE_MAX],
        facts=(grid_case.description or str(grid_case.category))[:TEXT_MAX],
        accepted_on=accepted_on or timezone.localdate(),
        mediators=mediators,
        source=Source.CASE,
    )
    MediationCase.objects.filter(pk=case.pk).update(handover=handover, grid_case=grid_case)
    case.handover, case.grid_case = handover, grid_case
    return case


@transaction.atomic
def party_add(
    *,
    actor: Actor,
    case: MediationCase,
    name: str,
    role: str,
    phone: str = "",
    id_number: str = "",
    address: str = "",
) -> Party:
    check_mediates(actor, case.committee.area)
    if case.state == CaseState.CLOSED:
        raise DomainError(_("The case is closed."), code="closed")
    if role not in Party.Role.values:
        raise DomainError({"role": _("Choose applicant or respondent.")})
    party = Party(case=case, role=role, address=clean(address, 200, field="address"))
    party.set_name(clean(name, 50, field="name", required=True))
    try:
        apply_identity(party, id_number=(id_number or "").strip(), phone=(phone or "").strip())
    except ValidationError as exc:
        field = "id_number" if id_number and exc.code and exc.code.startswith("id") else "phone"
        raise DomainError({field: exc.messages}) from exc
    party.save()
    # The audit keeps the masked forms only: a personal number is never written in the clear.
    audit_record(
        actor=actor,
        action="create",
        obj=party,
        changes={"case": [None, case.code], "phone": [None, party.phone_masked], "id": [None, party.id_number_masked]},
    )
    return party


def party_reveal(*, actor: Actor, party: Party, field: str) -> str:
    """The full number, for the case's mediators and Perm.MEDIATE holders; every reveal audited."""
    if field not in {"phone", "id_number"}:
        raise DomainError(_("Unknown field."), code="field")
    if not mediates(actor, party.case):
        raise Forbidden(_("Only the case's mediators may see the parties' full numbers."))
    value = party.id_number_plain() if field == "id_number" else party.phone_plain()
    audit_record(actor=actor, action="reveal", obj=party, changes={"field": field, "case": party.case.code})
    return value


@transaction.atomic
def session_record(
    *,
    actor: Actor,
    case: MediationCase,
    held_on: datetime.date,
    mediators: Sequence[Mediator],
    parties: Sequence[Party] = (),
    notes: str,
    place: str = "",
) -> Session:
    check_mediates(actor, case.committee.area)
    if case.state != CaseState.OPEN:
        raise CaseChanged(_("The case is settled: no more sessions can be recorded."), code="state")
    check_day(held_on, field="held_on", not_before=case.accepted_on)
    chosen = _mediators_of(case.committee, mediators, held_on)
    if not chosen:
        raise DomainError({"mediators": _("Choose at least one mediator who was present.")})
    for party in parties:
        if party.case_id != case.pk:
            raise DomainError({"parties": _("Choose parties of this case.")})
    session = Session.objects.create(
        case=case,
        held_on=held_on,
        place=clean(place, 100, field="place"),
        notes=clean(notes, TEXT_MAX, field="notes", required=True),
        recorded_by=signed_in(actor),
    )
    session.mediators.set(chosen)
    session.parties.set(list(parties))
    # Whoever mediated a session is one of the case's mediators.
    case.mediators.add(*chosen)
    audit_record(actor=actor, action="create", obj=session, changes={"case": [None, case.code]})
    return session


def _move(case: MediationCase, *, expected: str, **changes: Any) -> None:
    moved = MediationCase.objects.filter(pk=case.pk, state=expected).update(updated_at=timezone.now(), **changes)
    if not moved:
        raise CaseChanged(_("Someone else has just changed this case. Reload it."), code="changed")
    for key, value in changes.items():
        setattr(case, key, value)


@transaction.atomic
def case_settle(
    *,
    actor: Actor,
    case: MediationCase,
    outcome: str,
    settled_on: datetime.date,
    settled_at: str,
    note: str = "",
) -> MediationCase:
    """The mediation ends with an outcome. An agreement waits for the follow-up visit; any other
    outcome closes the case (and returns a grid case handed over, with the outcome)."""
    check_mediates(actor, case.committee.area)
    if case.state != CaseState.OPEN:
        raise CaseChanged(_("This case is already settled. Reload it."), code="state")
    if outcome not in Outcome.values:
        raise DomainError({"outcome": _("Choose one of the listed outcomes.")})
    if settled_at not in SettledAt.values:
        raise DomainError({"settled_at": _("Say where it was settled.")})
    check_day(settled_on, field="settled_on", not_before=case.accepted_on)
    note = clean(note, 2000, field="note", required=outcome != Outcome.AGREEMENT)
    agreed = outcome == Outcome.AGREEMENT
    if agreed and not hasattr(case, "agreement"):
        raise DomainError({"outcome": _("Write the agreement first: its contents are set by law (art. 29).")})
    _move(
        case,
        expected=CaseState.OPEN,
        state=CaseState.AGREED if agreed else CaseState.CLOSED,
        outcome=outcome,
        outcome_note=note,
        settled_on=settled_on,
        settled_at=settled_at,
        closed_on=None if agreed else settled_on,
    )
    audit_record(actor=actor, action="update", obj=case, changes={"outcome": [None, outcome]})
    if not agreed:
        case_returned(case)
    return case


@transaction.atomic
def followup_record(
    *, actor: Actor, case: MediationCase, followup_on: datetime.date, performance: str, note: str = ""
) -> MediationCase:
    """The follow-up visit (回访): whether the agreement was performed; it closes the case."""
    check_mediates(actor, case.committee.area)
    if case.state != CaseState.AGREED:
        raise CaseChanged(_("Only a case with an agreement waiting for its visit can be followed up."), code="state")
    if performance not in Performance.values:
        raise DomainError({"performance": _("Say whether the agreement was performed.")})
    check_day(followup_on, field="followup_on", not_before=case.settled_on)
    _move(
        case,
        expected=CaseState.AGREED,
        state=CaseState.CLOSED,
        followup_on=followup_on,
        performance=performance,
        followup_note=clean(note, 2000, field="note", required=performance != Performance.PERFORMED),
        closed_on=followup_on,
    )
    audit_record(actor=actor, action="update", obj=case, changes={"performance": [None, performance]})
    case_returned(case)
    return case
