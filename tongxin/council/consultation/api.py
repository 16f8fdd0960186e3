"""Consultation (协商议事) in the JSON API (mounted by tongxin/interfaces/api/main.py): councils and
their meetings, topics with their steps, decisions, and taking a topic's next step.

Every read goes through the scope gate (`visible_to` / `get_for`): a council or topic outside
the caller's subtree answers 404. Phone numbers are never given; a raiser's name only to office
staff (admin, subdistrict, community) whose subtree holds the topic. Taking a step is the
service's `topic_step_record`: a step refused by the procedure (out of order, during publicity,
an objection open) or raced by someone else answers 409.

No `from __future__ import annotations`: django-ninja reads the parameter annotations at import.
"""

import datetime
from typing import Annotated, Any

from django.db.models import Count, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Path, Router, Schema, Status
from ninja.errors import HttpError
from ninja.pagination import paginate
from pydantic import AfterValidator

from tongxin.council.consultation.exceptions import StepRefused, TopicChanged
from tongxin.council.consultation.models import (
    AgendaItem,
    Council,
    CouncilMeeting,
    QuorumBasis,
    StepKind,
    Task,
    Topic,
    TopicState,
    TopicStep,
    Vote,
)
from tongxin.council.consultation.services import next_step, topic_step_record
from tongxin.platform.access.models import User
from tongxin.platform.access.roles import Role
from tongxin.platform.access.scope import get_for, scope_for, visible_to
from tongxin.platform.core.trees import AREA
from tongxin.platform.web.api import ERRORS, MAX_ID, ApiPagination, ErrorOut, PageDecorated, acting_user, id_query
from tongxin.registry.areas.models import Area

router = Router(tags=["consultation"])

# Who reads a raiser's name: the offices over the place, not grid workers or volunteers.
OFFICE_ROLES = frozenset({Role.ADMIN, Role.SUBDISTRICT, Role.COMMUNITY})
STEP_CODE_MAX_LENGTH = 30
PARTICIPANTS_MAX_LENGTH = 2000
DECISION_MAX_LENGTH = 4000
EARLIEST, LATEST = datetime.date(2000, 1, 1), datetime.date(2099, 12, 31)


def _prose(value: str) -> str:
    # Line breaks and tabs are fine; NUL and other control characters are not (PostgreSQL refuses NUL).
    if any(ord(ch) < 32 and ch not in "\t\n\r" for ch in value):
        raise ValueError("must not contain control characters")
    return value


Prose = Annotated[str, AfterValidator(_prose)]


def sees_raiser(user: User, area_path: str) -> bool:
    """Office staff whose subtree holds the place (no query: the scope is read once per request)."""
    return bool(scope_for(user).roles_at(AREA, area_path) & OFFICE_ROLES)


# --- shapes -------------------------------------------------------------------------------------


class CouncilOut(Schema):
    id: int
    name: str
    kind: str = Field(description="the council kind's code")
    kind_name: str
    area: int
    area_name: str
    is_active: bool
    founded_on: datetime.date | None
    members: int = Field(description="members whose term covers today")

    @staticmethod
    def resolve_kind(obj: Any) -> str:
        return obj.kind.code

    @staticmethod
    def resolve_kind_name(obj: Any) -> str:
        return obj.kind.name

    @staticmethod
    def resolve_area(obj: Any) -> int:
        return obj.area_id

    @staticmethod
    def resolve_area_name(obj: Any) -> str:
        return obj.area.name

    @staticmethod
    def resolve_members(obj: Any) -> int:
        return obj.n_members


class VoteOut(Schema):
    method: str
    question: str
    yes: int
    no: int
    abstain: int
    present: int | None = Field(description="those present when the vote was closed")
    entitled: int | None = Field(description="those entitled when the vote was closed")
    quorum_met: bool | None
    result: str = Field(description="passed, failed or no_quorum; empty while the vote is open")
    closed_at: datetime.datetime | None

    @staticmethod
    def resolve_present(obj: Any) -> int | None:
        return obj.present_count

    @staticmethod
    def resolve_entitled(obj: Any) -> int | None:
        return obj.entitled_count


class ItemOut(Schema):
    position: int
    topic: int
    topic_title: str
    vote: VoteOut | None

    @staticmethod
    def resolve_topic(obj: Any) -> int:
        return obj.topic_id

    @staticmethod
    def resolve_topic_title(obj: Any) -> str:
        return obj.topic.title

    @staticmethod
    def resolve_vote(obj: Any) -> Any:
        # Read through select_related: an item without a vote raises, which means None.
        try:
            return obj.vote
        except Vote.DoesNotExist:
            return None


class MeetingOut(Schema):
    id: int
    title: str
    starts_at: datetime.datetime
    date: datetime.date
    place: str
    status: str
    entitled: int | None = Field(description="entitled on the day (null until attendance is taken)")
    present: int | None = Field(description="present (null until attendance is taken)")
    items: list[ItemOut]

    @staticmethod
    def resolve_date(obj: Any) -> datetime.date:
        return timezone.localdate(obj.starts_at)

    @staticmethod
    def resolve_entitled(obj: Any) -> int | None:
        return obj.entitled_count

    @staticmethod
    def resolve_present(obj: Any) -> int | None:
        if obj.attendance_taken_at is None:
            return None
        if obj.council.kind.quorum_basis == QuorumBasis.VILLAGERS:
            return obj.present_entered
        return obj.n_present

    @staticmethod
    def resolve_items(obj: Any) -> list[Any]:
        return list(obj.items.all())


class TopicOut(Schema):
    id: int
    tracking_code: str
    title: str
    state: TopicState
    source: str
    raiser_name: str | None = Field(description="only for office staff over the place; never a phone number")
    area: int
    area_name: str
    council: int | None
    procedure: str | None = Field(description="the procedure's code")
    raised_at: datetime.datetime
    decided_on: datetime.date | None
    done_on: datetime.date | None
    publicity_ends: datetime.datetime | None

    @staticmethod
    def resolve_raiser_name(obj: Any) -> str | None:
        return obj.raiser_name if getattr(obj, "show_raiser", False) else None

    @staticmethod
    def resolve_area(obj: Any) -> int:
        return obj.area_id

    @staticmethod
    def resolve_area_name(obj: Any) -> str:
        return obj.area.name

    @staticmethod
    def resolve_council(obj: Any) -> int | None:
        return obj.council_id

    @staticmethod
    def resolve_procedure(obj: Any) -> str | None:
        return obj.procedure.code if obj.procedure_id else None

    @staticmethod
    def resolve_raised_at(obj: Any) -> datetime.datetime:
        return obj.created_at


class StepOut(Schema):
    position: int
    code: str
    name: str
    kind: StepKind
    held_on: datetime.date
    participants: str
    decision: str
    voided: bool
    publicity_ends: datetime.datetime | None

    @staticmethod
    def resolve_code(obj: Any) -> str:
        return obj.step.code

    @staticmethod
    def resolve_name(obj: Any) -> str:
        return obj.step.name

    @staticmethod
    def resolve_kind(obj: Any) -> str:
        return obj.step.kind

    @staticmethod
    def resolve_voided(obj: Any) -> bool:
        return obj.voided_at is not None


class NextStepOut(Schema):
    code: str
    name: str
    kind: StepKind


class TaskOut(Schema):
    title: str
    owner: str
    due_on: datetime.date
    progress: int
    done_on: datetime.date | None

    @staticmethod
    def resolve_owner(obj: Any) -> str:
        return obj.owner_name


class TopicDetailOut(TopicOut):
    description: str
    council_name: str | None
    decision: str
    outcome: str
    next_step: NextStepOut | None
    steps: list[StepOut] = Field(description="in the procedure's order; voided steps stay, marked")
    tasks: list[TaskOut]

    @staticmethod
    def resolve_council_name(obj: Any) -> str | None:
        return obj.council.name if obj.council_id else None

    @staticmethod
    def resolve_next_step(obj: Any) -> Any:
        return obj.next

    @staticmethod
    def resolve_steps(obj: Any) -> list[Any]:
        return obj.steps_list

    @staticmethod
    def resolve_tasks(obj: Any) -> list[Any]:
        return obj.tasks_list


class DecisionOut(Schema):
    id: int
    tracking_code: str
    title: str
    state: TopicState
    area: int
    area_name: str
    council: int | None
    decision: str
    decided_on: datetime.date | None
    publicity_starts: datetime.datetime | None = Field(description="the live publication's period (公示)")
    publicity_ends: datetime.datetime | None
    done_on: datetime.date | None

    @staticmethod
    def resolve_area(obj: Any) -> int:
        return obj.area_id

    @staticmethod
    def resolve_area_name(obj: Any) -> str:
        return obj.area.name

    @staticmethod
    def resolve_council(obj: Any) -> int | None:
        return obj.council_id

    @staticmethod
    def resolve_publicity_starts(obj: Any) -> datetime.datetime | None:
        return obj.pub_starts

    @staticmethod
    def resolve_publicity_ends(obj: Any) -> datetime.datetime | None:
        return obj.pub_ends


class StepIn(Schema):
    step: Annotated[str, Field(min_length=1, max_length=STEP_CODE_MAX_LENGTH, description="the step's code")]
    held_on: Annotated[datetime.date | None, Field(ge=EARLIEST, le=LATEST, description="default: today")] = None
    participants: Annotated[Prose, Field(max_length=PARTICIPANTS_MAX_LENGTH)] = ""
    decision: Annotated[Prose, Field(max_length=DECISION_MAX_LENGTH)] = ""


# 400: a rule refused the input; 403: the caller may not run the councils here; 409: the
# procedure refused the step now, or someone else has just moved the topic.
STEP_ERRORS: dict[int, type[Schema]] = {**ERRORS, 400: ErrorOut, 403: ErrorOut, 409: ErrorOut}


# --- queries --------------------------------------------------------------------------------------


def councils_visible_to(user: User) -> QuerySet[Council]:
    today = timezone.localdate()
    current = Q(members__term_start__lte=today) & (Q(members__term_end__isnull=True) | Q(members__term_end__gte=today))
    return visible_to(Council.objects.select_related("kind", "area").defer("area__outline"), user).annotate(
        n_members=Count("members", filter=current)
    )


def topics_visible_to(user: User) -> QuerySet[Topic]:
    return visible_to(Topic.objects.select_related("area", "procedure").defer("area__outline"), user)


def _mark_raisers(user: User, topics: list[Topic]) -> None:
    for topic in topics:
        topic.show_raiser = sees_raiser(user, topic.area.path)  # type: ignore[attr-defined]


def _under(user: User, qs: QuerySet[Any], area: int | None, council: int | None) -> QuerySet[Any]:
    """The ?area= and ?council= filters: a node or council the caller cannot see is a 404."""
    if area is not None:
        qs = qs.filter(area__path__startswith=get_for(user, Area, area).path)
    if council is not None:
        qs = qs.filter(council=get_for(user, Council, council))
    return qs


# --- endpoints ------------------------------------------------------------------------------------


@router.get(
    "/councils",
    response={200: list[CouncilOut], **ERRORS},
    url_name="councils",
    operation_id="list_councils",
    summary="Councils (议事会) with their kind, place and members",
)
@paginate(ApiPagination)
def council_list_view(
    request: HttpRequest,
    area: Annotated[int | None, id_query("councils of this place and those under it")] = None,
) -> Any:
    user = acting_user(request)
    qs = councils_visible_to(user)
    if area is not None:
        qs = qs.filter(area__path__startswith=get_for(user, Area, area).path)
    return qs.order_by("area__path", "kind__sort_order", "name", "id")


@router.get(
    "/councils/{council_id}/meetings",
    response={200: list[MeetingOut], **ERRORS},
    url_name="council_meetings",
    operation_id="list_council_meetings",
    summary="A council's meetings with attendance and the votes on each item",
)
@paginate(ApiPagination)
def council_meetings_view(request: HttpRequest, council_id: Annotated[int, Path(..., ge=1, le=MAX_ID)]) -> Any:
    user = acting_user(request)
    council = get_for(user, Council, council_id)
    items = AgendaItem.objects.select_related("topic", "vote").order_by("position")
    return (
        CouncilMeeting.objects.filter(council=council)
        .select_related("council__kind")
        .annotate(n_present=Count("attendance", filter=Q(attendance__present=True)))
        .prefetch_related(Prefetch("items", queryset=items))
        .order_by("-starts_at", "-id")
    )


@router.get(
    "/topics",
    response={200: list[TopicOut], **ERRORS},
    url_name="topics",
    operation_id="list_topics",
    summary="Topics (议题)",
)
@paginate(ApiPagination)
def topic_list_view(
    request: HttpRequest,
    state: TopicState | None = None,
    council: Annotated[int | None, id_query("topics of this council")] = None,
    area: Annotated[int | None, id_query("topics of this place and those under it")] = None,
) -> Any:
    user = acting_user(request)
    qs = _under(user, topics_visible_to(user), area, council)
    if state:
        qs = qs.filter(state=state)
    return PageDecorated(qs.order_by("-created_at", "-id"), lambda rows: _mark_raisers(user, rows))


@router.get(
    "/topics/{topic_id}",
    response={200: TopicDetailOut, **ERRORS},
    url_name="topic_detail",
    operation_id="get_topic",
    summary="One topic with its steps in order and its tasks",
)
def topic_detail_view(request: HttpRequest, topic_id: Annotated[int, Path(..., ge=1, le=MAX_ID)]) -> Any:
    user = acting_user(request)
    topic = get_for(user, topics_visible_to(user).select_related("council"), topic_id)
    _mark_raisers(user, [topic])
    topic.steps_list = list(  # type: ignore[attr-defined]
        TopicStep.objects.filter(topic=topic).select_related("step").order_by("position", "recorded_at", "id")
    )
    topic.tasks_list = list(Task.objects.filter(topic=topic).order_by("due_on", "id"))  # type: ignore[attr-defined]
    topic.next = next_step(topic)  # type: ignore[attr-defined]
    return topic


@router.get(
    "/decisions",
    response={200: list[DecisionOut], **ERRORS},
    url_name="decisions",
    operation_id="list_decisions",
    summary="Decisions: topics decided or carried out, with their publicity",
)
@paginate(ApiPagination)
def decision_list_view(
    request: HttpRequest,
    council: Annotated[int | None, id_query("decisions of this council")] = None,
    area: Annotated[int | None, id_query("decisions of this place and those under it")] = None,
) -> Any:
    user = acting_user(request)
    publication = TopicStep.objects.filter(
        topic=OuterRef("pk"), step__kind=StepKind.PUBLISH, voided_at__isnull=True
    ).order_by("-position")
    qs = _under(user, topics_visible_to(user), area, council).filter(state__in=(TopicState.DECIDED, TopicState.DONE))
    return qs.annotate(
        pub_starts=Subquery(publication.values("publicity_starts")[:1]),
        pub_ends=Subquery(publication.values("publicity_ends")[:1]),
    ).order_by("-decided_on", "-id")


@router.post(
    "/topics/{topic_id}/steps",
    response={201: StepOut, **STEP_ERRORS},
    url_name="topic_steps",
    operation_id="record_topic_step",
    summary="Take a topic's next step",
)
def topic_step_view(request: HttpRequest, topic_id: Annotated[int, Path(..., ge=1, le=MAX_ID)], payload: StepIn) -> Any:
    user = acting_user(request)
    topic = get_for(user, Topic.objects.select_related("area"), topic_id)
    try:
        row = topic_step_record(
            topic=topic,
            actor=user,
            step_code=payload.step.strip(),
            held_on=payload.held_on,
            participants=payload.participants,
            decision=payload.decision,
        )
    except (StepRefused, TopicChanged) as exc:
        raise HttpError(409, " ".join(exc.messages)) from exc
    return Status(201, row)
