from __future__ import annotations

from django.urls import URLPattern, get_resolver

from tests.html import soup
from tongxin.interfaces.api.urls import urlpatterns
from tongxin.platform.web.testing import assert_error

# The operations of the API (ninja's own views and ours excluded).
NOT_OPERATIONS = {"openapi-json", "openapi-view", "api-root", "docs_asset", "not_found"}


def operation_paths() -> set[str]:
    resolver = urlpatterns[0]
    paths = set()
    for pattern in resolver.url_patterns:
        assert isinstance(pattern, URLPattern)
        if pattern.name not in NOT_OPERATIONS:
            route = str(pattern.pattern).replace("<", "{").replace(">", "}")
            paths.add(f"/api/v1/{route}")
    return paths


def test_openapi_lists_every_path(client, db):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["info"]["title"] == "Tongxin API"
    assert schema["info"]["version"] == "1"
    assert set(schema["paths"]) == operation_paths()
    assert set(schema["paths"]) >= {
        "/api/v1/areas",
        "/api/v1/areas/{area_id}",
        "/api/v1/households",
        "/api/v1/residents",
        "/api/v1/residents/{resident_id}",
        "/api/v1/orgs",
        "/api/v1/members",
        "/api/v1/units",
    }
    assert "/api/v1/cases/{case_id}/transitions" in schema["paths"]
    assert {"/api/v1/councils", "/api/v1/councils/{council_id}/meetings", "/api/v1/decisions"} <= set(schema["paths"])
    assert {"/api/v1/topics", "/api/v1/topics/{topic_id}", "/api/v1/topics/{topic_id}/steps"} <= set(schema["paths"])
    # Registries are read-only; cases are also reported and moved through the API, a topic
    # takes its next step, and a unit contact claims a co-building need.
    writable = {
        "/api/v1/cases",
        "/api/v1/cases/{case_id}/transitions",
        "/api/v1/topics/{topic_id}/steps",
        "/api/v1/needs/{need_id}/claim",
    }
    assert {"/api/v1/needs", "/api/v1/projects", "/api/v1/agreements", "/api/v1/resources"} <= set(schema["paths"])
    for path, item in schema["paths"].items():
        assert set(item) <= {"get", "post"}, path
        assert "post" not in item or path in writable, path
        for operation in item.values():
            assert {"401", "422"} <= set(operation["responses"]), path
            # Every operation takes the session or a bearer token.
            assert {next(iter(s)) for s in operation["security"]} == {"ApiTokenAuth", "SessionAuth"}, path


def test_openapi_documents_pagination_and_filters(client, db):
    schema = client.get("/api/v1/openapi.json").json()
    params = {p["name"] for p in schema["paths"]["/api/v1/residents"]["get"]["parameters"]}
    assert params == {"node", "category", "search", "limit", "offset"}
    paged = schema["components"]["schemas"]["PagedResidentOut"]
    assert set(paged["properties"]) == {"items", "count"}


def test_a_step_documents_its_conflict(client, db):
    responses = client.get("/api/v1/openapi.json").json()["paths"]["/api/v1/topics/{topic_id}/steps"]["post"]
    assert {"201", "400", "401", "403", "404", "409", "422"} <= set(responses["responses"])


def test_the_api_is_mounted_at_the_root_urlconf(db):
    match = get_resolver().resolve("/api/v1/residents")
    assert match.view_name == "api:residents"


def test_docs_load_nothing_from_outside(client, db):
    response = client.get("/api/v1/docs")
    assert response.status_code == 200
    html = soup(response)
    urls = [tag.get("src") for tag in html.find_all("script") if tag.get("src")]
    urls += [tag.get("href") for tag in html.find_all("link")]
    assert len(urls) == 4
    for url in urls:
        assert url.startswith("/api/v1/docs/assets/"), url
        asset = client.get(url)
        assert asset.status_code == 200, url
        assert b"".join(asset.streaming_content)


def test_docs_assets_are_a_fixed_list(client, db):
    for name in ["swagger.html", "..%2F..%2Fmain.py", "redoc.standalone.js.map", "x"]:
        assert_error(client.get(f"/api/v1/docs/assets/{name}"), 404)
