"""Needs and projects (co-building) in the JSON API (mounted by tongxin/interfaces/api/main.py):
needs (?status=, ?category=), one need, projects (?state=), one project, and a unit contact's claim
(`POST /needs/{id}/claim`: 201 with the project, 409 when someone claimed it first, 404 for a need
the caller does not see, 403 for a role that may not claim).

Reads go through `queries.needs_visible_to` / `projects_visible_to`; a unit contact never reads
what a need was raised from (a resident's visit or case): `source_label` is empty for them.

No `from __future__ import annotations`: django-ninja reads the parameter annotations at import.
"""

import datetime
from decimal import Decimal
from typing import Annotated, Any

from django.http import Http404, HttpRequest
from ninja import Path, Router, Schema, Status
from ninja.errors import HttpError
from ninja.pagination import paginate

from tongxin.cobuilding.projects import queries, services
from tongxin.cobuilding.projects.models import Need, NeedCategory, Project
from tongxin.platform.core.exceptions import DomainError, Forbidden
from tongxin.platform.web.api import ERRORS, MAX_ID, ApiPagination, ErrorOut, acting_user
from tongxin.registry.cobuild.queries import units_answered_by

router = Router(tags=["projects"])


class NeedOut(Schema):
    id: int
    title: str
    category: str
    status: str
    community_id: int
    place_id: int | None
    people_affected: int
    wanted_by: datetime.date | None
    source: str
    open_to_claim: bool
    created_at: datetime.datetime


class NeedDetailOut(NeedOut):
    description: str
    source_label: str
    project_id: int | None


class ProjectOut(Schema):
    id: int
    title: str
    state: str
    need_id: int
    community_id: int
    unit_id: int | None
    unit: str
    budget: Decimal | None
    due_on: datetime.date | None
    completed_on: datetime.date | None
    milestones_done: int
    milestones_total: int
    rating_avg: float | None
    rating_count: int

    @staticmethod
    def resolve_unit(obj: Project) -> str:
        return obj.unit.name if obj.unit else ""


class MilestoneOut(Schema):
    title: str
    due_on: datetime.date | None
    done_on: datetime.date | None
    report: str


class ProjectDetailOut(ProjectOut):
    description: str
    people_served: int
    spent: Decimal | None
    volunteer_hours: Decimal
    summary: str
    milestones: list[MilestoneOut]

    @staticmethod
    def resolve_milestones(obj: Project) -> list[Any]:
        return list(obj.milestones.all())


class ClaimIn(Schema):
    description: str = ""
    budget: Decimal | None = None
    due_on: datetime.date | None = None
    unit_id: int | None = None


@router.get(
    "/needs",
    response={200: list[NeedOut], **ERRORS},
    url_name="needs",
    operation_id="list_needs",
    summary="Co-building needs (需求清单)",
)
@paginate(ApiPagination)
def need_list_view(
    request: HttpRequest, status: Need.Status | None = None, category: NeedCategory | None = None
) -> Any:
    qs = queries.needs_visible_to(acting_user(request))
    if status:
        qs = qs.filter(status=status)
    if category:
        qs = qs.filter(category=category)
    return qs.order_by("-created_at", "-id")


def _need(user: Any, need_id: int) -> Need:
    need = queries.needs_visible_to(user).select_related("community").filter(pk=need_id).first()
    if need is None:
        raise Http404
    return need


@router.get(
    "/needs/{need_id}",
    response={200: NeedDetailOut, **ERRORS},
    url_name="need_detail",
    operation_id="get_need",
    summary="One need, with its live project",
)
def need_detail_view(request: HttpRequest, need_id: Annotated[int, Path(..., ge=1, le=MAX_ID)]) -> Any:
    user = acting_user(request)
    need = _need(user, need_id)
    live = need.projects.exclude(state=Project.State.CANCELLED).values_list("pk", flat=True).first()
    reader = queries.reads_cobuild(user) or need.raised_by_id == user.pk
    need.project_id = live  # type: ignore[attr-defined]
    if not reader:
        need.source_label = ""
    return need


@router.post(
    "/needs/{need_id}/claim",
    response={201: ProjectOut, 403: ErrorOut, 409: ErrorOut, **ERRORS},
    url_name="need_claim",
    operation_id="claim_need",
    summary="A unit contact claims a need (认领): its project",
)
def need_claim_view(request: HttpRequest, need_id: Annotated[int, Path(..., ge=1, le=MAX_ID)], payload: ClaimIn) -> Any:
    user = acting_user(request)
    need = _need(user, need_id)
    units = list(units_answered_by(user).filter(area_id=need.community_id))
    if not units:
        raise HttpError(403, str(_refused()))
    unit = next((u for u in units if u.pk == payload.unit_id), units[0])
    try:
        project = services.claim_need(
            actor=user,
            need=need,
            unit=unit,
            description=payload.description[:4000],
            budget=payload.budget,
            due_on=payload.due_on,
        )
    except services.AlreadyClaimed as exc:
        raise HttpError(409, " ".join(exc.messages)) from exc
    except Forbidden as exc:
        raise HttpError(403, " ".join(exc.messages)) from exc
    except DomainError as exc:
        raise HttpError(422, " ".join(exc.messages)) from exc
    return Status(201, queries.project_rows(Project.objects.filter(pk=project.pk)).get())


def _refused() -> Any:
    from django.utils.translation import gettext

    return gettext("Only a contact of a unit in the need's community claims it.")


@router.get(
    "/projects",
    response={200: list[ProjectOut], **ERRORS},
    url_name="projects",
    operation_id="list_projects",
    summary="Co-building projects (项目清单)",
)
@paginate(ApiPagination)
def project_list_view(request: HttpRequest, state: Project.State | None = None) -> Any:
    qs = queries.projects_visible_to(acting_user(request))
    if state:
        qs = qs.filter(state=state)
    return queries.project_rows(qs).order_by("-created_at", "-id")


@router.get(
    "/projects/{project_id}",
    response={200: ProjectDetailOut, **ERRORS},
    url_name="project_detail",
    operation_id="get_project",
    summary="One project with its milestones",
)
def project_detail_view(request: HttpRequest, project_id: Annotated[int, Path(..., ge=1, le=MAX_ID)]) -> Any:
    user = acting_user(request)
    found = queries.project_rows(queries.projects_visible_to(user)).filter(pk=project_id).first()
    if found is None:
        raise Http404
    return found
