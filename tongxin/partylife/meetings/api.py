"""Meetings and the compliance matrix in the JSON API (mounted by tongxin/interfaces/api/main.py).

No `from __future__ import annotations`: django-ninja reads the parameter annotations at import.
"""

import datetime
from typing import Annotated, Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.utils import timezone
from ninja import Query, Router, Schema
from ninja.errors import HttpError
from ninja.pagination import paginate

from tongxin.partylife.meetings.compliance import compliance_matrix
from tongxin.partylife.meetings.models import MeetingKind
from tongxin.partylife.meetings.queries import meeting_list
from tongxin.platform.access.roles import Perm
from tongxin.platform.access.scope import get_for, scope_for
from tongxin.platform.core.trees import ORG
from tongxin.platform.web.api import ERRORS, ApiPagination, ErrorOut, acting_user, id_query, node_or_404
from tongxin.registry.party.models import Organization

router = Router(tags=["meetings"])

EARLIEST_YEAR, LATEST_YEAR = 1990, 2100


class MeetingOut(Schema):
    id: int
    org: int
    org_name: str
    kind: str
    starts_at: datetime.datetime
    place: str
    host: str
    recorder: str
    title: str
    lecturer: str
    topics: str
    takes_vote: bool
    present: int
    on_roster: int

    @staticmethod
    def resolve_org(obj: Any) -> int:
        return obj.org_id

    @staticmethod
    def resolve_org_name(obj: Any) -> str:
        return obj.org.name

    @staticmethod
    def resolve_present(obj: Any) -> int:
        return obj.n_present

    @staticmethod
    def resolve_on_roster(obj: Any) -> int:
        return obj.n_roster


class CellOut(Schema):
    start: datetime.date
    end: datetime.date
    state: str
    held: int


class RequirementOut(Schema):
    kind: str
    period: str
    missed: int
    cells: list[CellOut]


class OrgComplianceOut(Schema):
    id: int
    name: str
    kind: str
    members: int
    done: int
    due: int
    missed: int
    requirements: list[RequirementOut]


class ComplianceOut(Schema):
    org: int | None
    year: int
    as_of: datetime.date
    done: int
    due: int
    missed: int
    behind: list[int]
    organizations: list[OrgComplianceOut]


@router.get(
    "/meetings",
    response={200: list[MeetingOut], **ERRORS},
    url_name="meetings",
    operation_id="list_meetings",
    summary="Meetings (organizational life)",
)
@paginate(ApiPagination)
def meeting_list_view(
    request: HttpRequest,
    org: Annotated[int | None, id_query("meetings of this organization and those under it")] = None,
    kind: MeetingKind | None = None,
    year: Annotated[int | None, Query(None, ge=EARLIEST_YEAR, le=LATEST_YEAR, description="calendar year")] = None,
) -> Any:
    user = acting_user(request)
    return meeting_list(user, node=node_or_404(user, Organization, org), kind=kind or "", year=year)


@router.get(
    "/compliance",
    response={200: ComplianceOut, 400: ErrorOut, 403: ErrorOut, **ERRORS},
    url_name="compliance",
    operation_id="compliance_matrix",
    summary="Required meetings held, due and missed per organization and period",
)
def compliance_view(
    request: HttpRequest,
    org: Annotated[int | None, id_query("the subtree to check (default: the top of your scope)")] = None,
    year: Annotated[str | None, Query(None, max_length=8, description="calendar year, e.g. 2026")] = None,
) -> Any:
    user = acting_user(request)
    scope = scope_for(user)
    if not scope.has_perm(Perm.VIEW):
        raise PermissionDenied
    root: Organization | None
    if org is not None:
        root = get_for(user, Organization, org)
    else:
        root = Organization.objects.filter(path__in=scope.roots(ORG)).order_by("path").first()
    now = timezone.now()
    if year is None or year == "":
        number = timezone.localdate(now).year
    elif year.isdigit() and EARLIEST_YEAR <= int(year) <= LATEST_YEAR:
        number = int(year)
    else:
        raise HttpError(400, f"year must be a year between {EARLIEST_YEAR} and {LATEST_YEAR}")
    if root is None and not scope.is_admin:
        return {
            "org": None,
            "year": number,
            "as_of": timezone.localdate(now),
            "done": 0,
            "due": 0,
            "missed": 0,
            "behind": [],
            "organizations": [],
        }
    matrix = compliance_matrix(root=root, year=number, at=now)
    return {
        "org": root.pk if root else None,
        "year": number,
        "as_of": matrix.today,
        "done": matrix.total("done"),
        "due": matrix.total("due"),
        "missed": matrix.total("missed"),
        "behind": [o.org.pk for o in matrix.behind],
        "organizations": [
            {
                "id": o.org.pk,
                "name": o.org.name,
                "kind": o.org.kind,
                "members": o.members,
                "done": o.done,
                "due": o.due,
                "missed": o.missed,
                "requirements": [
                    {
                        "kind": r.kind,
                        "period": r.period,
                        "missed": r.missed,
                        "cells": [{"start": c.start, "end": c.end, "state": c.state, "held": c.count} for c in r.cells],
                    }
                    for r in o.rows
                ],
            }
            for o in matrix.orgs
        ],
    }
