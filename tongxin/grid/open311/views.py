"""Open311 GeoReport v2 at /open311/v2/, in JSON.

Reading (services, requests) is public, as GeoReport intends; submitting a request needs an
`api_key` from `manage.py open311_key NAME`. The public requests are the civic view: only
cases that came in through this API are listed, and nothing names or reaches the reporter
(no name, no phone, no household; numbers that look like a phone or an ID number are
blanked out of descriptions). Every error is `[{"code": <status>, "description": "…"}]`
with that HTTP status, whatever the input.

A request is located by `address_id` (a grid or a building), by `lat`/`long` (the grid whose
outline holds the point), or by `address_string` alone. One that no grid holds — an address
text alone, a point outside every grid of the key's office — is accepted into the queue of the
office the api_key belongs to, marked 位置待核实 (location to be confirmed), for a person there
to place (`cases.services.case_place`); a key without an office cannot file such a request.
`discovery.json` and the service list say so.
"""

from __future__ import annotations

import datetime
import json
import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from functools import wraps
from typing import Any

from django.core.exceptions import SuspiciousOperation, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from tongxin.grid.cases.models import Case, CaseCategory
from tongxin.grid.cases.services import ADDRESS_MAX_LENGTH, OFFICE_LEVELS, case_report
from tongxin.grid.cases.workflow import FINAL_STATES, State
from tongxin.grid.open311.keys import client_for_key
from tongxin.grid.open311.models import Open311Client
from tongxin.registry.areas.geo import grid_at
from tongxin.registry.areas.models import Area, Level

# Cases published in the civic view. Cases found by grid workers, entered by staff or reported
# on the public page were never meant for publication (they may describe a vulnerable
# resident at an address); a resident follows those with their tracking code and phone.
PUBLISHED_SOURCES = (Case.Source.OPEN311,)
# The places a request may be filed at (what case_report accepts).
REQUEST_LEVELS = (Level.GRID, Level.BUILDING, Level.ENTRANCE)
MAX_REQUESTS = 1000
DEFAULT_WINDOW = datetime.timedelta(days=90)
CODE_MAX_LENGTH = CaseCategory._meta.get_field("code").max_length or 40
TRACKING_CODE_MAX_LENGTH = Case._meta.get_field("tracking_code").max_length or 16
DESCRIPTION_MAX_LENGTH = Case._meta.get_field("description").max_length or 4000
PARAM_MAX_LENGTH = 200
MAX_ID = 2**63 - 1

_DIGITS = re.compile(r"[0-9]{1,19}")
_TRACKING_CODE = re.compile(rf"[0-9A-Za-z]{{1,{TRACKING_CODE_MAX_LENGTH}}}")
# Mainland mobile numbers (with or without +86 and separators) and 15/18-digit ID numbers.
_PERSONAL_NUMBER = re.compile(
    r"(?<![0-9])(?:[0-9]{17}[0-9Xx]|[0-9]{15}|(?:\+?86[-\s]?)?1[3-9][0-9](?:[-\s]?[0-9]{4}){2})(?![0-9])"
)
_OFFSET_AFTER_SPACE = re.compile(r" ([0-9]{2}(?::?[0-9]{2})?)$")
# When what discovery.json describes last changed (GeoReport's "changeset").
DISCOVERY_CHANGESET = "2026-12-07T00:00:00+08:00"
GEOREPORT_SPEC = "http://wiki.open311.org/GeoReport_v2"


def location_note() -> str:
    """How a request may be located: said in discovery.json and in every service of the list."""
    return _(
        "Locate a request by address_id (a grid or a building), by lat and long, or by "
        "address_string alone. A request that no grid holds (an address alone, or a point outside "
        "the grids of the api_key's office) is accepted into that office's queue marked "
        "位置待核实 (location to be confirmed), and a person there places it in a grid."
    )


class Open311Error(Exception):
    def __init__(self, status: int, description: str) -> None:
        super().__init__(description)
        self.status = status
        self.description = description


def _json(data: Any, status: int = 200) -> JsonResponse:
    return JsonResponse(data, status=status, safe=False, json_dumps_params={"ensure_ascii": False})


def error_response(status: int, description: str) -> JsonResponse:
    return _json([{"code": status, "description": description}], status=status)


def endpoint(*methods: str) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """A GeoReport view: the methods it answers, and errors always in the standard shape.

    CSRF does not apply: nothing here acts on a browser session (reads are public, a new
    request is authorised by its api_key alone).
    """

    def decorate(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @csrf_exempt
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if request.method not in methods:
                response = error_response(405, _("Method not allowed."))
                response["Allow"] = ", ".join(methods)
                return response
            try:
                return view(request, *args, **kwargs)
            except Open311Error as exc:
                return error_response(exc.status, exc.description)
            except Http404:
                return error_response(404, _("Not found."))
            except SuspiciousOperation:
                # A body too large, too many fields, a malformed multipart body.
                return error_response(400, _("The request could not be read."))

        return wrapped

    return decorate


def _leaf_categories() -> QuerySet[CaseCategory]:
    # Only leaves of the category tree: "neighbour dispute", not the group "disputes".
    return CaseCategory.objects.filter(is_active=True, children__isnull=True)


def _published() -> QuerySet[Case]:
    return Case.objects.filter(source__in=PUBLISHED_SOURCES)


def _is_clean(value: str, *, multiline: bool = False) -> bool:
    allowed = "\t\n\r" if multiline else ""
    return not any(ord(ch) < 32 and ch not in allowed for ch in value)


def _iso(value: datetime.datetime | None) -> str | None:
    return timezone.localtime(value).isoformat(timespec="seconds") if value is not None else None


# --- discovery and services ----------------------------------------------------------------


@endpoint("GET", "HEAD")
def discovery(request: HttpRequest) -> HttpResponse:
    """GeoReport service discovery: where the endpoint is, and how requests are located here."""
    base = request.build_absolute_uri(reverse("open311:services"))[: -len("services.json")]
    return _json(
        {
            "changeset": DISCOVERY_CHANGESET,
            "contact": _("The operator of this server (the district or subdistrict office that runs it)."),
            "key_service": _(
                "Ask the operator for an api_key (manage.py open311_key NAME --office AREA_ID); "
                "the key belongs to the office whose queue receives the requests that cannot be placed."
            ),
            "endpoints": [
                {
                    "specification": GEOREPORT_SPEC,
                    "url": base,
                    "changeset": DISCOVERY_CHANGESET,
                    "type": "production",
                    "formats": ["application/json"],
                }
            ],
            # Not a field of the specification: what a client needs to know before it posts.
            "location": {
                "address_string_alone": True,
                "description": location_note(),
            },
        }
    )


@endpoint("GET", "HEAD")
def services(request: HttpRequest) -> HttpResponse:
    rows = _leaf_categories().select_related("parent").order_by("sort_order", "code")
    note = location_note()
    return _json(
        [
            {
                "service_code": category.code,
                "service_name": category.name_zh,
                "description": note,
                "metadata": False,
                "type": "realtime",
                "keywords": "",
                "group": category.parent.name_zh if category.parent else "",
            }
            for category in rows
        ]
    )


def _category_or_none(code: str) -> CaseCategory | None:
    if not code or len(code) > CODE_MAX_LENGTH or not _is_clean(code):
        return None
    return _leaf_categories().filter(code=code).first()


@endpoint("GET", "HEAD")
def service_definition(request: HttpRequest, service_code: str) -> HttpResponse:
    category = _category_or_none(service_code)
    if category is None:
        raise Open311Error(404, _("No service has that service_code."))
    return _json({"service_code": category.code, "attributes": []})


# --- service requests -------------------------------------------------------------------


@endpoint("GET", "HEAD", "POST")
def requests(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        return _create_request(request)
    labels = _state_labels()
    return _json([_request_out(case, labels) for case in _request_list(request)])


@endpoint("GET", "HEAD")
def request_detail(request: HttpRequest, request_id: str) -> HttpResponse:
    case = None
    if _TRACKING_CODE.fullmatch(request_id):
        case = _published().filter(tracking_code=request_id.upper()).values(*_REQUEST_FIELDS).first()
    if case is None:
        raise Open311Error(404, _("No service request has that id."))
    return _json([_request_out(case, _state_labels())])


@endpoint("GET", "HEAD")
def token(request: HttpRequest, token: str) -> HttpResponse:
    raise Open311Error(
        404, _("No such token: requests are created at once, and POST requests.json answers with their id.")
    )


@endpoint("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS")
def not_found(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    raise Open311Error(404, _("Not found. This server offers GeoReport v2 in JSON only (paths end in .json)."))


def _request_out(case: dict[str, Any], state_labels: dict[str, str]) -> dict[str, Any]:
    """One service request (a row of _REQUEST_FIELDS) as the public sees it: nothing about who reported it.

    A request not placed yet shows its office and 位置待核实, not the address text it came with
    (which may be someone's door).
    """
    grid = case["grid__name"]
    if case["grid_id"] is None:
        address = f"{case['area__name']} · {_('Location to be confirmed')}"
    elif case["area_id"] == case["grid_id"]:
        address = grid
    else:
        address = f"{grid} · {case['area__name']}"
    return {
        "service_request_id": case["tracking_code"],
        "status": "closed" if case["state"] in FINAL_STATES else "open",
        "status_notes": state_labels[case["state"]],
        "service_name": case["category__name_zh"],
        "service_code": case["category__code"],
        "description": _PERSONAL_NUMBER.sub("***", case["description"]),
        "requested_datetime": _iso(case["reported_at"]),
        "updated_datetime": _iso(case["updated_at"]),
        "expected_datetime": _iso(case["resolve_due"]),
        "address": address,
        "address_id": case["area_id"],
        "lat": float(case["latitude"]) if case["latitude"] is not None else None,
        "long": float(case["longitude"]) if case["longitude"] is not None else None,
        "media_url": None,
    }


def _state_labels() -> dict[str, str]:
    """The states' names in the request's language, translated once per response, not per row."""
    return {value: str(label) for value, label in State.choices}


def _list_param(request: HttpRequest, name: str, max_items: int, max_length: int) -> list[str]:
    raw = request.GET.get(name) or ""
    items = [item.strip() for item in raw.split(",") if item.strip()]
    if len(items) > max_items or any(len(item) > max_length or not _is_clean(item) for item in items):
        raise Open311Error(400, _("%(name)s is not a valid list.") % {"name": name})
    return items


def _datetime_param(request: HttpRequest, name: str) -> datetime.datetime | None:
    raw = (request.GET.get(name) or "").strip()
    if not raw:
        return None
    invalid = Open311Error(
        400, _("%(name)s must be an ISO 8601 date and time, e.g. 2026-11-23T09:00:00+08:00.") % {"name": name}
    )
    if len(raw) > 40 or not _is_clean(raw):
        raise invalid
    if "T" in raw:
        # An unencoded "+08:00" arrives as " 08:00" (a plus in a query string is a space).
        raw = _OFFSET_AFTER_SPACE.sub(r"+\1", raw)
    try:
        value = datetime.datetime.fromisoformat(raw)
        if timezone.is_naive(value):
            value = timezone.make_aware(value)
        return value.astimezone(datetime.UTC)
    except (ValueError, OverflowError) as exc:
        raise invalid from exc


# What a public request shows, and nothing more, read as plain rows: model instances with their
# places' GeoJSON outlines took half the time of a thousand-row list.
_REQUEST_FIELDS = (
    "tracking_code",
    "state",
    "description",
    "reported_at",
    "updated_at",
    "resolve_due",
    "area_id",
    "grid_id",
    "latitude",
    "longitude",
    "category__name_zh",
    "category__code",
    "area__name",
    "grid__name",
)


def _request_list(request: HttpRequest) -> list[dict[str, Any]]:
    qs = _published()
    ids = _list_param(request, "service_request_id", MAX_REQUESTS, TRACKING_CODE_MAX_LENGTH)
    if ids:
        # As the specification says: a list of ids overrides every other parameter.
        qs = qs.filter(tracking_code__in=[code.upper() for code in ids])
    else:
        codes = _list_param(request, "service_code", 100, CODE_MAX_LENGTH)
        if codes:
            qs = qs.filter(category__code__in=codes)
        statuses = {s.lower() for s in _list_param(request, "status", 2, 10)}
        if not statuses <= {"open", "closed"}:
            raise Open311Error(400, _("status must be open or closed."))
        if statuses == {"open"}:
            qs = qs.exclude(state__in=FINAL_STATES)
        elif statuses == {"closed"}:
            qs = qs.filter(state__in=FINAL_STATES)
        start = _datetime_param(request, "start_date")
        end = _datetime_param(request, "end_date")
        if start is None:
            # Without a start, the last 90 days (before the end date, if one was given).
            try:
                start = (end or timezone.now()) - DEFAULT_WINDOW
            except OverflowError as exc:
                raise Open311Error(400, _("end_date is out of range.")) from exc
        qs = qs.filter(reported_at__gte=start)
        if end is not None:
            qs = qs.filter(reported_at__lte=end)
    return list(qs.order_by("-reported_at", "-id").values(*_REQUEST_FIELDS)[:MAX_REQUESTS])


def _post_params(request: HttpRequest) -> dict[str, Any]:
    """The POST parameters: form-encoded as the specification says, or a JSON object."""
    if request.content_type == "application/json":
        try:
            data = json.loads(request.body or b"null")
        except (ValueError, RecursionError) as exc:
            raise Open311Error(400, _("The body is not valid JSON.")) from exc
        if not isinstance(data, dict):
            raise Open311Error(400, _("The body must be a JSON object."))
        return data
    return {key: request.POST.get(key) for key in request.POST}


def _text(params: dict[str, Any], name: str, max_length: int, *, multiline: bool = False) -> str:
    value = params.get(name)
    if value is None or value == "":
        return ""
    if not isinstance(value, str):
        raise Open311Error(400, _("%(name)s must be text.") % {"name": name})
    if len(value) > max_length:
        raise Open311Error(
            400, _("%(name)s is too long: at most %(limit)d characters.") % {"name": name, "limit": max_length}
        )
    if not _is_clean(value, multiline=multiline):
        raise Open311Error(400, _("%(name)s contains control characters.") % {"name": name})
    return value.strip()


def _positive_int(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        number = value
    elif isinstance(value, str) and _DIGITS.fullmatch(value.strip()):
        number = int(value.strip())
    else:
        return None
    return number if 1 <= number <= MAX_ID else None


def _coordinate(value: Any, limit: float) -> Decimal | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, str):
        if len(value) > 40:
            return None
        try:
            value = float(value)
        except ValueError:
            return None
    if not isinstance(value, int | float) or not math.isfinite(value) or abs(value) > limit:
        return None
    return Decimal(str(round(float(value), 6)))


@dataclass(frozen=True)
class Location:
    """Where a new request goes: a grid or building, or (unplaced) the office of the key."""

    area: Area
    point: tuple[Decimal, Decimal] | None
    unplaced: bool = False


def _office_of(client: Open311Client, reason: str) -> Area:
    """The office an unplaced request waits at; without one, a clear refusal saying why."""
    office = client.office
    if office is None or office.level not in OFFICE_LEVELS:
        raise Open311Error(
            400,
            _(
                "%(reason)s This api_key belongs to no office that could place the request by hand: "
                "send address_id (the id of a grid or a building), or ask the operator to tie the key to an office."
            )
            % {"reason": reason},
        )
    return office


def _location(params: dict[str, Any], client: Open311Client, address: str) -> Location:
    address_id, lat, long = params.get("address_id"), params.get("lat"), params.get("long")
    point = None
    if lat not in (None, "") or long not in (None, ""):
        lat_value, long_value = _coordinate(lat, 90), _coordinate(long, 180)
        if lat_value is None or long_value is None:
            raise Open311Error(400, _("lat and long must both be given, as decimal degrees (WGS84)."))
        point = (lat_value, long_value)
    if address_id not in (None, ""):
        pk = _positive_int(address_id)
        area = Area.objects.filter(pk=pk, level__in=REQUEST_LEVELS).first() if pk is not None else None
        if area is None:
            raise Open311Error(400, _("address_id is not the id of a grid or a building."))
        return Location(area, point)
    if point is not None:
        # A point lands in the grid whose outline holds it: among the grids of the key's office
        # if it has one, else any grid (the client is not a person with a scope).
        office = client.office
        grids = Area.objects.filter(path__startswith=office.path) if office is not None else None
        grid = grid_at(point[0], point[1], grids)
        if grid is not None:
            return Location(grid, point)
        reason = _("The location (lat, long) is not inside any grid on record.")
        return Location(_office_of(client, reason), point, unplaced=True)
    if address:
        reason = _("A request located by address_string alone is placed in a grid by a person.")
        return Location(_office_of(client, reason), None, unplaced=True)
    raise Open311Error(
        400,
        _("A location is required: address_id (the id of a grid or a building), lat and long, or address_string."),
    )


def _create_request(request: HttpRequest) -> HttpResponse:
    params = _post_params(request)
    # The key may also come in the query string, as some clients send it.
    client = client_for_key(params.get("api_key") or request.GET.get("api_key"))
    if client is None:
        raise Open311Error(403, _("Invalid api_key: ask the operator of this server for a key."))
    service_code = _text(params, "service_code", PARAM_MAX_LENGTH)
    if not service_code:
        raise Open311Error(400, _("service_code is required."))
    category = _category_or_none(service_code)
    if category is None:
        raise Open311Error(400, _("No service has that service_code."))
    description = _text(params, "description", DESCRIPTION_MAX_LENGTH, multiline=True)
    if not description:
        raise Open311Error(400, _("description is required: say what is wrong and where."))
    address = _text(params, "address_string", ADDRESS_MAX_LENGTH)
    where = _location(params, client, address)
    # first_name, last_name, phone, email and device_id are ignored: this server keeps no
    # personal data from outside applications.
    try:
        with transaction.atomic():
            case = case_report(
                actor=None,
                category=category,
                description=description,
                area=where.area,
                source=Case.Source.OPEN311,
                reporter_name=client.name,
                address=address,
                unplaced=where.unplaced,
                latitude=where.point[0] if where.unplaced and where.point else None,
                longitude=where.point[1] if where.unplaced and where.point else None,
            )
            if where.point is not None and not where.unplaced:
                Case.objects.filter(pk=case.pk).update(latitude=where.point[0], longitude=where.point[1])
    except ValidationError as exc:  # a DomainError, or the model's own checks
        raise Open311Error(400, " ".join(exc.messages)) from exc
    notice = (
        _("Received. No grid holds this location yet: %(office)s will place it (位置待核实).")
        % {"office": where.area.name}
        if where.unplaced
        else ""
    )
    return _json([{"service_request_id": case.tracking_code, "token": None, "service_notice": notice}], status=201)
