"""Hostile and malformed input: always a 4xx (or an honest 200), never a 500."""

from __future__ import annotations

import json

import pytest
from django.core.exceptions import PermissionDenied
from django.test import RequestFactory

from tongxin.interfaces.api.main import api
from tongxin.platform.core.exceptions import DomainError
from tongxin.platform.web.testing import assert_error

HOSTILE = [
    "x" * 10_000,
    "张" * 10_000,
    "<script>alert(1)</script>",
    "' OR 1=1 --",
    "1; DROP TABLE people_resident; --",
    "%",
    "_",
    "\\",
    "%00",
    "\x00",
    "\x1f",
    "😀🏠",
    "../../etc/passwd",
    "{{ 7*7 }}",
    "[]",
    "-1",
    "0",
    "1.5",
    "9" * 30,
    "9" * 5000,
    "null",
    "true",
    " ",
]

PARAMS = {
    "/api/v1/areas": ["parent", "node", "level", "search", "limit", "offset"],
    "/api/v1/households": ["node", "category", "search", "limit", "offset"],
    "/api/v1/residents": ["node", "category", "search", "limit", "offset"],
    "/api/v1/orgs": ["parent", "node", "kind", "search", "limit", "offset"],
    "/api/v1/members": ["node", "kind", "search", "limit", "offset"],
    "/api/v1/units": ["node", "kind", "search", "limit", "offset"],
    "/api/v1/councils": ["area", "limit", "offset"],
    "/api/v1/topics": ["state", "council", "area", "limit", "offset"],
    "/api/v1/decisions": ["council", "area", "limit", "offset"],
}


@pytest.mark.parametrize("url,param", [(url, p) for url, params in PARAMS.items() for p in params])
def test_hostile_query_parameters(as_user, secretary, url, param):
    api_client = as_user(secretary)
    for value in HOSTILE:
        response = api_client.get(url, **{param: value})
        assert response.status_code < 500, (param, value[:20])
        if response.status_code >= 400:
            assert_error(response, response.status_code)
            # The message never echoes the input back (it could be 10,000 characters of HTML).
            assert "<script>" not in response.json()["detail"]
        else:
            assert set(response.json()) == {"items", "count"}


@pytest.mark.parametrize("url", ["/api/v1/residents", "/api/v1/areas"])
def test_repeated_and_array_parameters(as_user, secretary, url):
    api_client = as_user(secretary)
    for query in ["?node=1&node=2", "?node[]=1", "?search=a&search=b", "?limit=1&limit=x", "?unknown=1", "?=&&=="]:
        response = api_client.client.get(url + query)
        assert response.status_code < 500, query


@pytest.mark.parametrize("base", ["/api/v1/residents/", "/api/v1/areas/", "/api/v1/topics/", "/api/v1/councils/"])
def test_hostile_path_ids(as_user, secretary, base):
    api_client = as_user(secretary)
    for value in ["abc", "-1", "0", "1.5", "9" * 30, "%3Cscript%3E", "%00", "1%20OR%201=1", "😀", "1/2"]:
        response = api_client.get(base + value)
        assert 400 <= response.status_code < 500, value
        assert_error(response, response.status_code)


def test_unknown_path_and_method_are_json(as_user, secretary):
    api_client = as_user(secretary)
    assert_error(api_client.get("/api/v1/nothing-here"), 404)
    assert_error(api_client.get("/api/v1/"), 404)
    assert_error(api_client.get("/api/v1/residents/"), 404)
    response = api_client.client.post("/api/v1/residents", {"name": "x"})
    assert_error(response, 405)
    assert response["Allow"] == "GET"
    assert_error(api_client.client.delete("/api/v1/residents/1"), 405)


def test_domain_and_validation_errors_become_400(db):
    request = RequestFactory().get("/api/v1/residents")
    response = api.on_exception(request, DomainError("The household is full."))
    assert response.status_code == 400
    assert response.content.decode() == '{"detail": "The household is full."}'
    response = api.on_exception(request, DomainError({"id_number": ["Wrong check digit."]}))
    assert response.status_code == 400
    assert "Wrong check digit." in response.content.decode()


def test_permission_denied_becomes_403(db):
    response = api.on_exception(RequestFactory().get("/api/v1/residents"), PermissionDenied())
    assert response.status_code == 403
    assert set(json.loads(response.content)) == {"detail"}
