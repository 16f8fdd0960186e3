"""Constants and helpers shared by the GeoReport tests."""

from __future__ import annotations

from typing import Any

from django.test import Client

from tongxin.grid.cases.models import Case

BASE = "/open311/v2"
REQUEST_KEYS = {
    "service_request_id",
    "status",
    "status_notes",
    "service_name",
    "service_code",
    "description",
    "requested_datetime",
    "updated_datetime",
    "expected_datetime",
    "address",
    "address_id",
    "lat",
    "long",
    "media_url",
}
PHONE = "13812345678"


def assert_error(response: Any, status: int) -> str:
    """The GeoReport error shape: `[{"code": status, "description": "…"}]` with that status."""
    assert response.status_code == status, response.content[:300]
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert isinstance(body, list) and len(body) == 1
    assert set(body[0]) == {"code", "description"}
    assert body[0]["code"] == status
    assert isinstance(body[0]["description"], str) and body[0]["description"]
    return str(body[0]["description"])


def submit(client: Client, key: str, **data: Any) -> Any:
    params = {"api_key": key, "service_code": "t_pothole", "description": "路面有坑"}
    params.update(data)
    return client.post(f"{BASE}/requests.json", {k: v for k, v in params.items() if v is not None})


def submitted(client: Client, key: str, **data: Any) -> Case:
    response = submit(client, key, **data)
    assert response.status_code == 201, response.content
    return Case.objects.get(tracking_code=response.json()[0]["service_request_id"])
