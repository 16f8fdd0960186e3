"""GET /api/v1/dues/rate and /api/v1/members/{id}/dues."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tongxin.platform.web.testing import ApiClient, assert_error

RATE = "/api/v1/dues/rate"


@pytest.mark.parametrize(
    "params,rate,dues",
    [
        ({"kind": "employed", "monthly_income": "4500.00"}, "0.01", "45.00"),
        ({"kind": "employed", "monthly_income": "3000.00"}, "0.005", "15.00"),
        ({"kind": "employed", "monthly_income": "3000.01"}, "0.01", "30.00"),
        ({"kind": "employed", "monthly_income": "10000"}, "0.015", "150.00"),
        ({"kind": "employed", "monthly_income": "10000.01"}, "0.02", "200.00"),
        ({"kind": "retired", "monthly_income": "5000.00"}, "0.005", "25.00"),
        ({"kind": "retired", "monthly_income": "5000.01"}, "0.01", "50.00"),
        ({"kind": "low_income"}, None, "0.20"),
        ({"kind": "low_income", "monthly_income": "800"}, None, "0.20"),
    ],
)
def test_rate(client, outsider, params, rate, dues):
    response = ApiClient(client, outsider).get(RATE, **params)
    assert response.status_code == 200, response.content
    assert response.json() == {"rate": rate, "monthly_dues": dues}


@pytest.mark.parametrize(
    "params,status",
    [
        ({"kind": "employed", "monthly_income": "-1"}, 422),
        ({"kind": "employed", "monthly_income": "NaN"}, 422),
        ({"kind": "employed", "monthly_income": "Infinity"}, 422),
        ({"kind": "employed", "monthly_income": "4500.001"}, 422),
        ({"kind": "employed", "monthly_income": "12345678901234"}, 422),
        ({"kind": "employed", "monthly_income": "abc"}, 422),
        ({"kind": "employed", "monthly_income": "4500\x00"}, 422),
        ({"kind": "pensioner", "monthly_income": "4500"}, 422),
        ({"monthly_income": "4500"}, 422),
        ({"kind": "employed"}, 400),  # the income is needed for this kind
        ({"kind": "employed", "monthly_income": "99999999.99"}, 400),  # beyond any wage
    ],
)
def test_rate_refuses_bad_input(client, outsider, params, status):
    message = assert_error(ApiClient(client, outsider).get(RATE, **params), status)
    assert "monthly_income" in message or "kind" in message


def test_rate_needs_a_signed_in_caller(client, world):
    assert_error(client.get(RATE, {"kind": "employed", "monthly_income": "1"}), 401)


def test_member_dues(client, ledger, org_secretary):
    url = reverse("api:member_dues", kwargs={"member_id": ledger.member1.pk})
    body = ApiClient(client, org_secretary, token=True).get(url, year=2025).json()
    assert body["year_totals"] == {"due": "450.00", "paid": "190.00", "owed": "270.00"}
    assert body["owed_to_date"] == "270.00"
    assert [m["owed"] for m in body["months"][:6]] == ["0.00", "45.00", "45.00", "0.00", "90.00", "90.00"]
    assert body["months"][6] == {"month": "2025-07", "due": "90.00", "paid": "0.00", "owed": "90.00", "future": True}
    assert [b["rate"] for b in body["bases"]] == ["0.01", "0.015"]
    assert len(body["payments"]) == 3


def test_member_dues_scoping(client, ledger, party_member, grid_worker, neighbour_grid_worker):
    url = reverse("api:member_dues", kwargs={"member_id": ledger.member1.pk})
    assert ApiClient(client, party_member).get(url).status_code == 200  # their own
    other = reverse("api:member_dues", kwargs={"member_id": ledger.member2.pk})
    assert_error(ApiClient(client, party_member).get(other), 404)
    assert_error(ApiClient(client, grid_worker).get(url), 403)  # sees the member, not the dues
    assert_error(ApiClient(client, neighbour_grid_worker).get(url), 404)
    assert_error(ApiClient(client, party_member).get("/api/v1/members/99999999999999999999/dues"), 422)
    assert_error(ApiClient(client, party_member).get(url, year=1900), 422)
