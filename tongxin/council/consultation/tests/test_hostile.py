"""Hostile input on every consultation page: each URL name of the `consultation` namespace, reached
through its own permission-matrix row (which builds what the URL acts on), gets overlong text,
control characters, NUL bytes, non-numeric, negative and huge numbers and bogus ids in every field
any consultation form has, in the query string and the body, as the community secretary and as
nobody; bogus and huge path ids; methods the page does not take.

Never a 500; a refusal (4xx, a form shown again, an error or warning message) writes nothing, not
even an audit row. The API's hostile step bodies are in test_api.py.
"""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from django import forms
from django.apps import apps
from django.contrib.messages import constants, get_messages
from django.urls import URLPattern, URLResolver, get_resolver

from conftest import World, world_copy
from tongxin.council.consultation import forms as staff_forms
from tongxin.council.consultation import public_forms, services, views_figures
from tongxin.council.consultation.tests.matrix import ROWS
from tongxin.council.consultation.tests.support import council, staff, topic
from tongxin.council.consultation.views_meetings import forms as meeting_forms
from tongxin.platform.core.models import AuditEvent

pytestmark = pytest.mark.usefixtures("nothing_left_behind")

HOSTILE = [
    "x" * 10_000,
    "<script>alert(1)</script>",
    "a\x00b\x01\x02\x1b",
    "-1",
    "9" * 40,
    "1e309",
    "𠀀𪚥🙂",
]
HUGE_ID = "9" * 25


def _form_fields() -> list[str]:
    names: set[str] = set()
    for module in (staff_forms, public_forms, meeting_forms, views_figures):
        for value in vars(module).values():
            if isinstance(value, type) and issubclass(value, forms.Form) and value.__module__ == module.__name__:
                names |= set(value.base_fields)
    return sorted(names)


# Every form's fields, the query parameters the lists read, and the ballots of a vote by name.
FIELDS = _form_fields()
PARAMS = ["community", "node", "at", "council", "figure", "from", "to", "state", "waiting", "q", "page", "close"]


def _body(payload: str) -> dict[str, Any]:
    body: dict[str, Any] = {name: payload for name in [*FIELDS, *PARAMS]}
    body["present"] = [payload, HUGE_ID, "-1"]
    body["ballot-1"] = payload
    body[f"ballot-{HUGE_ID}"] = "yes"
    body["ballot-x"] = "yes"
    return body


def _url_names() -> list[str]:
    def walk(resolver: URLResolver, prefix: str) -> list[str]:
        found = []
        for entry in resolver.url_patterns:
            if isinstance(entry, URLResolver):
                found += walk(entry, f"{prefix}{entry.namespace}:" if entry.namespace else prefix)
            elif isinstance(entry, URLPattern) and entry.name:
                found.append(prefix + entry.name)
        return found

    return sorted({n for n in walk(get_resolver(), "") if n.startswith("consultation:")})


def _row_for(name: str) -> Any:
    """The first matrix row of `name` the secretary may use (in scope), else its first row."""
    rows = [r for r in ROWS if r[0] == name]
    assert rows, f"{name} has no permission-matrix row"
    return next((r for r in rows if r[4].split()[2] in ("200", "302")), rows[0])


NAMES = _url_names()


def _counts() -> tuple[int, ...]:
    models = apps.get_app_config("consultation").get_models()
    return (*(m._default_manager.count() for m in models), AuditEvent.objects.exclude(action__in=["login"]).count())


def _refused(response: Any, method: str) -> bool:
    if response.status_code >= 400:
        return True
    levels = {m.level for m in get_messages(response.wsgi_request)}
    if levels & {constants.ERROR, constants.WARNING}:
        return True
    return method == "POST" and response.status_code == 200


@pytest.fixture(scope="module")
def hostile_world(world_once: Any, django_db_blocker: Any) -> World:
    """The world with a case reported in building 1 (what a council hand-over hands on)."""
    from tongxin.grid.cases.models import CaseCategory
    from tongxin.grid.cases.services import case_report

    with django_db_blocker.unblock():
        category = CaseCategory.objects.create(code="t_hostile", name_zh="噪音扰民")
        world_once.case = case_report(
            actor=None, category=category, description="夜间噪音", area=world_once.building1, source="public"
        )
    return world_once


@pytest.fixture
def world(hostile_world: World, db: None) -> World:
    return world_copy(hostile_world)


def _send(client: Any, method: str, url: str, data: dict[str, Any]) -> Any:
    before = _counts()
    response = client.post(url, data) if method == "POST" else client.get(url, data)
    assert response.status_code < 500, f"{method} {url}: {response.status_code}"
    if _refused(response, method):
        assert _counts() == before, f"{method} {url} refused ({response.status_code}) but wrote rows"
    assert b"<script>alert(1)</script>" not in response.content
    return response


# A visitor without an account meets the sign-in page before any field is read, except on the
# residents' public pages: those are tried as a visitor too.
CASES = [(name, "secretary") for name in NAMES] + [(n, "anonymous") for n in NAMES if ":public_" in n]


@pytest.mark.parametrize(("name", "who"), CASES)
def test_every_page_survives_hostile_fields(client: Any, world: Any, request: Any, name: str, who: str) -> None:
    if who == "secretary":
        client.force_login(request.getfixturevalue("secretary"))
    _, method, url, _, _ = _row_for(name)
    target = url(world).split("?")[0]
    for payload in HOSTILE:
        _send(client, "GET", target, {p: payload for p in PARAMS})
        _send(client, method, target, _body(payload))


@pytest.mark.parametrize("name", NAMES)
def test_bogus_path_ids_and_wrong_methods(client: Any, world: Any, secretary: Any, name: str) -> None:
    client.force_login(secretary)
    _, method, url, data, _ = _row_for(name)
    target = url(world).split("?")[0]
    data = {k: v(world) if callable(v) else v for k, v in data.items()}
    for bogus in (HUGE_ID, "0"):  # ids out of any integer column's range, and none
        wrong = re.sub(r"/\d+(?=/|\.)", f"/{bogus}", target)
        if wrong != target:
            response = _send(client, method, wrong, data)
            assert response.status_code == 404, f"{method} {wrong}: {response.status_code}"
    # A tracking code is a path string: odd ones are a plain 404 (a NUL byte was a 500 on PostgreSQL).
    for code in ("%00", "x" * 300, "..%2F..%2Fetc"):
        wrong = re.sub(r"/topics/[A-Z0-9]{6,}/", f"/topics/{code}/", target)
        if wrong != target:
            response = _send(client, method, wrong, data)
            assert response.status_code == 404, f"{method} {wrong}: {response.status_code}"
    for other in ("put", "delete", "patch"):
        before = _counts()
        response = getattr(client, other)(target, data="a=b", content_type="application/x-www-form-urlencoded")
        assert response.status_code < 500 and _counts() == before, f"{other.upper()} {target}"


API_BODIES: list[Any] = [
    {"step": "se\x00t", "decision": "x"},
    {"step": "\x00"},
    {"step": "set", "decision": "a\x00b"},
    {"step": "set", "participants": "a\x00b", "decision": "x"},
    {"step": "set", "held_on": "9" * 40, "decision": "x"},
    {"step": "set", "held_on": "0001-01-01", "decision": "x"},
    {"step": "set", "decision": "x" * 100_000},
    {"step": 9**40, "decision": "x"},
    {"step": None},
    {"step": {"$ne": ""}},
    [{"step": "set"}],
    "set",
    9**40,
]


def test_api_step_refuses_hostile_bodies_and_ids(client: Any, world: Any, secretary: Any) -> None:
    """POST /api/v1/topics/{id}/steps: a 4xx with a detail for each; a NUL byte in the step's code
    was a 500 on PostgreSQL."""
    t = topic(world.building1)
    services.topic_accept(topic=t, actor=staff(), council=council(world.community))
    elsewhere = topic(world.other_community)
    client.force_login(secretary)
    before = _counts()
    for body in API_BODIES:
        response = client.post(f"/api/v1/topics/{t.pk}/steps", json.dumps(body), content_type="application/json")
        assert 400 <= response.status_code < 500, (str(body)[:40], response.status_code)
        assert "detail" in response.json()
    for pk in (HUGE_ID, "0", "-1", "x", "%00", str(elsewhere.pk)):
        response = client.post(f"/api/v1/topics/{pk}/steps", '{"step": "set", "decision": "x"}', "application/json")
        assert 400 <= response.status_code < 500, (pk, response.status_code)
    for method in ("get", "put", "delete", "patch"):
        response = getattr(client, method)(f"/api/v1/topics/{t.pk}/steps")
        assert 400 <= response.status_code < 500, (method, response.status_code)
    assert _counts() == before
    t.refresh_from_db()
    assert t.next_position == 1
