"""Pieces every API router shares: pagination, id and text parameters, node lookup."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any, Generic, TypeVar

from django.conf import settings
from django.db import models
from django.http import HttpRequest
from ninja import Field, Schema
from ninja.pagination import LimitOffsetPagination
from ninja.params import functions as param_functions
from pydantic import AfterValidator

from tongxin.platform.access.models import User
from tongxin.platform.access.scope import get_for

M = TypeVar("M", bound=models.Model)

MAX_LIMIT = 200
# Database integers are signed 64-bit: a larger id would overflow the driver (a 500) instead
# of simply matching nothing, so ids beyond it are refused as invalid input.
MAX_ID = 2**63 - 1
# Far beyond any registry's size, and small enough for every database's OFFSET.
MAX_OFFSET = 10_000_000
SEARCH_MAX_LENGTH = 100


def _no_control_characters(value: str) -> str:
    # PostgreSQL refuses NUL in a string literal, which would surface as a 500.
    if any(ord(ch) < 32 for ch in value):
        raise ValueError("must not contain control characters")
    return value


# Free text from the query string: bounded, and without characters a database may refuse.
Text = Annotated[str, AfterValidator(_no_control_characters)]


def text_query(description: str, max_length: int = SEARCH_MAX_LENGTH) -> Any:
    # The function behind `ninja.Query(...)`, which the type checker sees only as `Query[T]`.
    return param_functions.Query(None, max_length=max_length, description=description)


def id_query(description: str) -> Any:
    return param_functions.Query(None, ge=1, le=MAX_ID, description=description)


class ApiPagination(LimitOffsetPagination):
    """`{"items": [...], "count": N}` with `limit` and `offset`; a limit above 200 is cut to 200."""

    class Input(Schema):
        limit: int = Field(min(settings.PAGE_SIZE, MAX_LIMIT), ge=1, description=f"page size, at most {MAX_LIMIT}")
        offset: int = Field(0, ge=0, le=MAX_OFFSET)

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(max_limit=MAX_LIMIT, **kwargs)


class PageDecorated(Generic[M]):
    """A queryset whose page, once sliced, is completed by one extra batch lookup.

    Pagination slices the queryset and counts it; `after` then runs once on the page's rows
    (e.g. to name their ancestors), so the cost stays fixed whatever the page size.
    """

    def __init__(self, queryset: models.QuerySet[M], after: Callable[[list[M]], None]) -> None:
        self.queryset = queryset
        self.after = after

    def all(self) -> models.QuerySet[M]:
        return self.queryset.all()

    def __getitem__(self, key: slice) -> list[M]:
        rows = list(self.queryset[key])
        self.after(rows)
        return rows


def acting_user(request: HttpRequest) -> User:
    """The user the API authenticated (session or bearer token)."""
    return request.auth  # type: ignore[attr-defined, no-any-return]


def node_or_404(user: User, model: type[M], node_id: int | None) -> M | None:
    """The node a filter names, if the user may see it; otherwise 404, never an empty list.

    An empty list would tell a guesser that the id exists but is out of reach.
    """
    if node_id is None:
        return None
    return get_for(user, model, node_id)


class ErrorOut(Schema):
    detail: str


# Documented on every operation: the handlers in interfaces/api/errors.py give each this shape.
ERRORS: dict[int, type[Schema]] = {401: ErrorOut, 404: ErrorOut, 422: ErrorOut}
