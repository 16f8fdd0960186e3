"""Cases: the scoped queue, one case, reporting, and moving a case through the workflow.

Reads are scoped like the case pages (cases_visible_to): a case outside the caller's scope
answers 404, for reading and acting alike. A transition names the state to go to; the
answer is the case as it is now, with the transitions the caller may make next.
"""

import datetime
from typing import Annotated, Any

from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Path, Router, Schema, Status
from ninja.errors import HttpError
from ninja.pagination import paginate
from pydantic import AfterValidator

from tongxin.grid.cases.exceptions import CaseChanged
from tongxin.grid.cases.models import Case, CaseCategory
from tongxin.grid.cases.queries import cases_visible_to
from tongxin.grid.cases.services import allowed_transitions, case_report, case_transition
from tongxin.grid.cases.workflow import State
from tongxin.platform.access.models import User
from tongxin.platform.access.scope import get_for
from tongxin.platform.core.exceptions import DomainError
from tongxin.platform.web.api import (
    ERRORS,
    MAX_ID,
    ApiPagination,
    ErrorOut,
    PageDecorated,
    Text,
    acting_user,
    id_query,
    node_or_404,
    text_query,
)
from tongxin.registry.areas.models import Area

router = Router(tags=["cases"])

MAX_VERSION = 2**31 - 1
CATEGORY_MAX_LENGTH = CaseCategory._meta.get_field("code").max_length or 40
DESCRIPTION_MAX_LENGTH = Case._meta.get_field("description").max_length or 4000
COMMENT_MAX_LENGTH = 2000
TRACKING_CODE_MAX_LENGTH = Case._meta.get_field("tracking_code").max_length or 16


def _prose(value: str) -> str:
    # Line breaks and tabs are fine in a description; NUL and other control characters are not
    # (PostgreSQL refuses NUL, which would surface as a 500).
    if any(ord(ch) < 32 and ch not in "\t\n\r" for ch in value):
        raise ValueError("must not contain control characters")
    return value


def _not_blank(value: str) -> str:
    if not value.strip():
        raise ValueError("must not be blank")
    return value


# Free text from a request body: several lines allowed, no control characters.
Prose = Annotated[str, AfterValidator(_prose)]


class CaseOut(Schema):
    id: int
    tracking_code: str
    category: str = Field(description="the category's code")
    state: State
    level: str
    grid: int | None = Field(description="null while the case waits at an office to be placed (位置待核实)")
    area: int = Field(
        description="the most precise place known: a building, else the grid; the office while the case is not placed"
    )
    address: str = Field(description="the address as reported, if any")
    description: str
    reported_at: datetime.datetime
    accept_due: datetime.datetime
    resolve_due: datetime.datetime
    assignee: int | None
    version: int = Field(description="send it back with a transition to be told if the case has moved on")
    allowed_transitions: list[State] = Field(description="the states the caller may move the case to now")

    @staticmethod
    def resolve_category(obj: Any) -> str:
        return obj.category.code

    @staticmethod
    def resolve_grid(obj: Any) -> int | None:
        return obj.grid_id

    @staticmethod
    def resolve_area(obj: Any) -> int:
        return obj.area_id

    @staticmethod
    def resolve_assignee(obj: Any) -> int | None:
        return obj.assignee_id

    @staticmethod
    def resolve_allowed_transitions(obj: Any) -> list[str]:
        return obj.allowed


class CaseIn(Schema):
    category: Annotated[Text, Field(min_length=1, max_length=CATEGORY_MAX_LENGTH, description="a category's code")]
    description: Annotated[Prose, AfterValidator(_not_blank), Field(max_length=DESCRIPTION_MAX_LENGTH)]
    area: Annotated[int, Field(ge=1, le=MAX_ID, description="a grid or a building (or an entrance)")]


class TransitionIn(Schema):
    to: State
    comment: Annotated[Prose, Field(max_length=COMMENT_MAX_LENGTH)] = ""
    assignee: Annotated[int | None, Field(ge=1, le=MAX_ID, description="a user id; needed for `assigned`")] = None
    version: Annotated[
        int | None, Field(ge=1, le=MAX_VERSION, description="the version the caller saw; 409 if it has changed")
    ] = None


# 400: a rule refused the change; 403: the caller's role may not; 409: the case moved on.
WRITE_ERRORS: dict[int, type[Schema]] = {**ERRORS, 400: ErrorOut, 403: ErrorOut}


def _cases() -> QuerySet[Case]:
    # The area's path decides who may act, so it comes with every case.
    return Case.objects.select_related("category", "area")


def attach_allowed(user: User, cases: list[Case]) -> None:
    """The transitions the user may make on each case: the user's scope is read once."""
    for case in cases:
        case.allowed = allowed_transitions(user, case)  # type: ignore[attr-defined]


@router.get(
    "/cases", response={200: list[CaseOut], **ERRORS}, url_name="cases", operation_id="list_cases", summary="Cases"
)
@paginate(ApiPagination)
def case_list_view(
    request: HttpRequest,
    state: State | None = None,
    grid: Annotated[int | None, id_query("cases in this grid (or in any area, and everything under it)")] = None,
    search: Annotated[Text | None, text_query("a tracking code", max_length=TRACKING_CODE_MAX_LENGTH)] = None,
) -> Any:
    user = acting_user(request)
    qs = cases_visible_to(user).select_related("category", "area")
    area = node_or_404(user, Area, grid)
    if area is not None:
        qs = qs.filter(area__path__startswith=area.path)
    if state:
        qs = qs.filter(state=state)
    term = (search or "").strip()
    if term:
        qs = qs.filter(tracking_code=term.upper())
    return PageDecorated(qs.order_by("-reported_at", "-id"), lambda rows: attach_allowed(user, rows))


@router.get(
    "/cases/{case_id}",
    response={200: CaseOut, **ERRORS},
    url_name="case_detail",
    operation_id="get_case",
    summary="One case",
)
def case_detail_view(request: HttpRequest, case_id: Annotated[int, Path(..., ge=1, le=MAX_ID)]) -> Any:
    user = acting_user(request)
    case = get_for(user, _cases(), case_id)
    attach_allowed(user, [case])
    return case


@router.post(
    "/cases",
    response={201: CaseOut, **WRITE_ERRORS},
    url_name="cases",
    operation_id="report_case",
    summary="Report a case",
)
def case_report_view(request: HttpRequest, payload: CaseIn) -> Any:
    user = acting_user(request)
    # A place outside the caller's scope is 404, as if it did not exist.
    area = get_for(user, Area, payload.area)
    category = CaseCategory.objects.filter(is_active=True, children__isnull=True, code=payload.category).first()
    if category is None:
        raise DomainError({"category": _("No active case category has that code.")})
    case = case_report(
        actor=user, category=category, description=payload.description, area=area, source=Case.Source.GRID
    )
    case = _cases().get(pk=case.pk)
    attach_allowed(user, [case])
    return Status(201, case)


@router.post(
    "/cases/{case_id}/transitions",
    response={200: CaseOut, **WRITE_ERRORS, 409: ErrorOut},
    url_name="case_transitions",
    operation_id="transition_case",
    summary="Move a case to another state",
)
def case_transition_view(
    request: HttpRequest, case_id: Annotated[int, Path(..., ge=1, le=MAX_ID)], payload: TransitionIn
) -> Any:
    user = acting_user(request)
    case = get_for(user, _cases(), case_id)
    changed = _("Someone else has just acted on this case. Reload it to see what changed.")
    if payload.version is not None and payload.version != case.version:
        raise HttpError(409, changed)
    assignee = None
    if payload.assignee is not None:
        assignee = User.objects.filter(pk=payload.assignee, is_active=True).first()
        if assignee is None:
            # The same answer as for someone out of the case's reach: ids do not leak.
            raise DomainError({"assignee": _("That person does not work where the case is.")})
    try:
        case = case_transition(
            case=case, to_state=payload.to.value, actor=user, comment=payload.comment, assignee=assignee
        )
    except CaseChanged as exc:
        raise HttpError(409, " ".join(exc.messages)) from exc
    attach_allowed(user, [case])
    return case
