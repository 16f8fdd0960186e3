"""The front desk's errands (全程代办) in the JSON API (mounted by tongxin/interfaces/api/main.py):
the errands a caller may see, with ?status=, and one errand with its documents and steps.

Every read goes through `queries.errands_visible_to` after the front-desk rule (the office, the
subdistrict); anything else answers 404. No personal number is ever part of an answer: a
visitor's name only, never their phone.

No `from __future__ import annotations`: django-ninja reads the parameter annotations at import.
"""

import datetime
from typing import Annotated, Any

from django.http import Http404, HttpRequest
from ninja import Path, Router, Schema
from ninja.pagination import paginate

from tongxin.frontdesk.errands.models import Errand, Status
from tongxin.frontdesk.errands.queries import errand_list, errands_visible_to, reads_front_desk
from tongxin.platform.web.api import ERRORS, MAX_ID, ApiPagination, acting_user

router = Router(tags=["errands"])


class ErrandOut(Schema):
    id: int
    community_id: int
    person: str
    resident_id: int | None
    kind: str
    description: str
    office: str
    received_on: datetime.date
    due_on: datetime.date
    status: str
    submitted_on: datetime.date | None
    ready_on: datetime.date | None
    handed_back_on: datetime.date | None
    overdue: bool

    @staticmethod
    def resolve_person(obj: Errand) -> str:
        return obj.person_name

    @staticmethod
    def resolve_overdue(obj: Errand) -> bool:
        from django.utils import timezone

        return obj.is_open and obj.due_on < timezone.localdate()


class DocumentOut(Schema):
    name: str
    received_on: datetime.date


class StepOut(Schema):
    status: str
    on: datetime.date


class ErrandDetailOut(ErrandOut):
    documents: list[DocumentOut]
    steps: list[StepOut]

    @staticmethod
    def resolve_documents(obj: Errand) -> list[Any]:
        return list(obj.documents.all())

    @staticmethod
    def resolve_steps(obj: Errand) -> list[Any]:
        return list(obj.steps.order_by("at", "id"))


def _visible(request: HttpRequest) -> Any:
    user = acting_user(request)
    return user if reads_front_desk(user) else None


@router.get(
    "/errands",
    response={200: list[ErrandOut], **ERRORS},
    url_name="errands",
    operation_id="list_errands",
    summary="Errands run for residents (全程代办)",
)
@paginate(ApiPagination)
def errand_list_view(request: HttpRequest, status: Status | None = None) -> Any:
    user = _visible(request)
    if user is None:
        return Errand.objects.none()
    return errand_list(user, status=status or "")


@router.get(
    "/errands/{errand_id}",
    response={200: ErrandDetailOut, **ERRORS},
    url_name="errand",
    operation_id="get_errand",
    summary="One errand with its documents and steps",
)
def errand_detail_view(request: HttpRequest, errand_id: Annotated[int, Path(..., ge=1, le=MAX_ID)]) -> Any:
    user = _visible(request)
    found = errands_visible_to(user).select_related("resident").filter(pk=errand_id).first() if user else None
    if found is None:
        raise Http404
    return found
