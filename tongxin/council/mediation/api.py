"""Mediation (人民调解) in the JSON API (mounted by tongxin/interfaces/api/main.py): cases, with
?state=, and one case with its parties and sessions.

Every read goes through `queries.cases_visible_to` (the office over the place, the subdistrict
above it, the case's own mediators): anything else answers 404. Parties' phone and ID numbers
appear only masked; a personal number is never given in full.

No `from __future__ import annotations`: django-ninja reads the parameter annotations at import.
"""

import datetime
from typing import Annotated, Any

from django.db.models import Prefetch
from django.http import HttpRequest
from ninja import Path, Router, Schema
from ninja.pagination import paginate

from tongxin.council.mediation.models import CaseState, MediationCase, Party, Session
from tongxin.council.mediation.queries import case_rows, cases_visible_to
from tongxin.platform.web.api import ERRORS, MAX_ID, ApiPagination, acting_user

router = Router(tags=["mediation"])


class PartyOut(Schema):
    name: str
    role: str
    phone_masked: str
    id_number_masked: str


class SessionOut(Schema):
    held_on: datetime.date
    place: str
    notes: str
    mediators: list[str]


class MediationOut(Schema):
    id: int
    code: str
    title: str
    kind: str
    state: str
    source: str
    committee: str
    area_id: int
    accepted_on: datetime.date
    due_on: datetime.date
    outcome: str
    settled_on: datetime.date | None
    settled_at: str
    performance: str
    closed_on: datetime.date | None
    grid_case_id: int | None

    @staticmethod
    def resolve_committee(obj: MediationCase) -> str:
        return obj.committee.name


class MediationDetailOut(MediationOut):
    facts: str
    parties: list[PartyOut]
    sessions: list[SessionOut]
    agreement_made_on: datetime.date | None
    perform_by: datetime.date | None

    @staticmethod
    def resolve_parties(obj: MediationCase) -> list[Party]:
        return list(obj.parties.all())

    @staticmethod
    def resolve_sessions(obj: MediationCase) -> list[dict[str, Any]]:
        return [
            {"held_on": s.held_on, "place": s.place, "notes": s.notes, "mediators": [m.name for m in s.mediators.all()]}
            for s in obj.sessions.all()
        ]

    @staticmethod
    def resolve_agreement_made_on(obj: MediationCase) -> datetime.date | None:
        agreement = getattr(obj, "agreement", None)
        return agreement.made_on if agreement else None

    @staticmethod
    def resolve_perform_by(obj: MediationCase) -> datetime.date | None:
        agreement = getattr(obj, "agreement", None)
        return agreement.perform_by if agreement else None


@router.get(
    "/mediations",
    response={200: list[MediationOut], **ERRORS},
    url_name="mediations",
    operation_id="list_mediations",
    summary="Mediation cases (调解案件)",
)
@paginate(ApiPagination)
def mediation_list_view(request: HttpRequest, state: CaseState | None = None) -> Any:
    user = acting_user(request)
    qs = cases_visible_to(user)
    if state:
        qs = qs.filter(state=state)
    return case_rows(qs)


@router.get(
    "/mediations/{case_id}",
    response={200: MediationDetailOut, **ERRORS},
    url_name="mediation_detail",
    operation_id="get_mediation",
    summary="One mediation case with its parties (numbers masked) and sessions",
)
def mediation_detail_view(request: HttpRequest, case_id: Annotated[int, Path(..., ge=1, le=MAX_ID)]) -> Any:
    user = acting_user(request)
    sessions = Session.objects.prefetch_related("mediators").order_by("held_on", "id")
    qs = (
        cases_visible_to(user)
        .select_related("committee", "agreement")
        .prefetch_related(
            Prefetch("parties", queryset=Party.objects.order_by("role", "id")), Prefetch("sessions", queryset=sessions)
        )
    )
    return _one(qs, case_id, user)


def _one(qs: Any, case_id: int, user: Any) -> MediationCase:
    from django.http import Http404

    found = qs.filter(pk=case_id).first()
    if found is None:
        raise Http404
    return found
