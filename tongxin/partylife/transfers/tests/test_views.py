"""The transfer and floating-member pages: what each shows, scoping, hostile input, fixed query counts."""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from conftest import _make_user
from tests.html import soup
from tongxin.partylife.meetings.tests.support import member
from tongxin.partylife.transfers.models import ContactLog, FloatingIn, FloatingOut, Transfer
from tongxin.partylife.transfers.services import contact_log_add
from tongxin.partylife.transfers.tests.support import (
    admin,
    floating_in,
    floating_out,
    in_transfer,
    internal_transfer,
    out_transfer,
    station,
    walk,
)
from tongxin.platform.core.models import AuditEvent

pytestmark = pytest.mark.django_db
D = datetime.date
NOW = datetime.datetime(2026, 8, 1, 9, tzinfo=ZoneInfo("Asia/Shanghai"))


@pytest.fixture(autouse=True)
def _now():
    with time_machine.travel(NOW, tick=False):
        yield


def text(response) -> str:
    return soup(response).get_text(" ", strip=True)


def names(response) -> list[str]:
    return [a.get_text(strip=True) for a in soup(response).select("table tbody tr td:first-child a")]


def field_errors(response) -> set[str]:
    """Names of the fields shown with an error."""
    return {str(el.get("name")) for div in soup(response).select("div.field.has-error") for el in div.select("[name]")}


@pytest.fixture
def branch2_secretary(world):
    return _make_user("t_branch2", "org_secretary", world.branch2.pk)


# --- transfer list and detail --------------------------------------------------------------------


def test_list_shows_overdue_letters_and_filters(client, world, secretary):
    late = walk(out_transfer(world, letter_scope="city", initiated_on=D(2026, 7, 1)), "sent", on=D(2026, 7, 10))
    walk(
        internal_transfer(world, member=world.member2, to_org=world.branch1, initiated_on=D(2026, 7, 29)),
        "sent",
        on=D(2026, 7, 30),
    )
    client.force_login(secretary)
    url = reverse("transfers:list")
    response = client.get(url)
    assert response.status_code == 200
    assert sorted(names(response)) == ["赵党员", "钱党员"]
    page = soup(response)
    overdue = page.select("tr.overdue")
    assert len(overdue) == 1 and "赵党员" in overdue[0].get_text()
    assert page.select('a.status-overdue[href="?overdue=on"]')
    assert names(client.get(url + "?overdue=on")) == ["赵党员"]
    assert names(client.get(url + "?direction=internal")) == ["钱党员"]
    assert names(client.get(url + "?state=completed")) == []
    detail = client.get(reverse("transfers:detail", args=[late.pk]))
    assert soup(detail).select("[data-overdue]")
    assert "2026-07-20" in detail.content.decode() or "2026年7月20日" in text(detail)


@pytest.mark.parametrize(
    "query",
    ["?state=x", "?direction=%00", "?overdue=zz", "?node=abc", "?page=-1", "?page=99999999999999999999", "?node=1e9"],
)
def test_list_hostile_parameters(client, world, secretary, query):
    out_transfer(world)
    client.force_login(secretary)
    response = client.get(reverse("transfers:list") + query)
    assert response.status_code in (200, 404)
    if response.status_code == 200 and "overdue" not in query:
        assert names(response) == ["赵党员"]


def test_scope_either_side(client, world, org_secretary, branch2_secretary, party_member):
    outgoing = out_transfer(world)  # from branch 1 to outside
    between = internal_transfer(world, member=world.member2, to_org=world.branch1)  # branch 2 → branch 1
    incoming = in_transfer(world)  # into the committee, placed in branch 2
    detail = lambda t: reverse("transfers:detail", args=[t.pk])  # noqa: E731
    client.force_login(org_secretary)
    assert sorted(names(client.get(reverse("transfers:list")))) == ["赵党员", "钱党员"]
    assert client.get(detail(outgoing)).status_code == 200
    assert client.get(detail(between)).status_code == 200
    assert client.get(detail(incoming)).status_code == 404
    assert client.get(reverse("transfers:list") + f"?node={world.branch2.pk}").status_code == 404
    client.force_login(branch2_secretary)
    assert sorted(names(client.get(reverse("transfers:list")))) == ["孙转入", "钱党员"]
    assert client.get(detail(outgoing)).status_code == 404
    assert client.get(detail(between)).status_code == 200
    assert client.get(detail(incoming)).status_code == 200
    assert client.get(reverse("transfers:detail", args=[999999])).status_code == 404
    # The member sees their own transfer, and no one else's.
    client.force_login(party_member)
    assert client.get(detail(outgoing)).status_code == 200
    assert client.get(detail(between)).status_code == 404


def test_detail_masks_personal_numbers(client, world, secretary):
    t = in_transfer(world, phone="13611112222")
    client.force_login(secretary)
    body = client.get(reverse("transfers:detail", args=[t.pk])).content.decode()
    assert "110101197001010016" not in body and "13611112222" not in body
    assert "孙转入" in body and "外市某社区党委" in body


def test_detail_offers_only_the_steps_the_user_may_take(client, world, org_secretary, branch2_secretary):
    t = walk(internal_transfer(world, initiated_on=D(2026, 7, 1)), "sent", on=D(2026, 7, 2))
    client.force_login(org_secretary)
    assert not soup(client.get(reverse("transfers:detail", args=[t.pk]))).select("[data-step]")
    client.force_login(branch2_secretary)
    steps = soup(client.get(reverse("transfers:detail", args=[t.pk]))).select("[data-step]")
    assert sorted(s["data-step"] for s in steps) == ["received", "returned"]


# --- starting and moving a transfer --------------------------------------------------------------


def test_start_a_transfer_out(client, world, org_secretary):
    client.force_login(org_secretary)
    url = reverse("transfers:create") + "?direction=out"
    page = client.get(url)
    assert page.status_code == 200
    options = [o.get_text() for o in soup(page).select("select[name=member] option")]
    assert any("赵党员" in o for o in options) and not any("钱党员" in o for o in options)
    response = client.post(
        url,
        {
            "member": world.member1.pk,
            "to_name": "外省某街道党工委",
            "letter_scope": "elsewhere",
            "letter_number": "甲转字第3号",
            "initiated_on": "2026-07-30",
        },
    )
    t = Transfer.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("transfers:detail", args=[t.pk])
    assert (t.direction, t.member, t.from_org, t.to_name, t.initiated_on) == (
        "out",
        world.member1,
        world.branch1,
        "外省某街道党工委",
        D(2026, 7, 30),
    )
    assert AuditEvent.objects.filter(object_type="transfers.transfer", action="create").exists()


@pytest.mark.parametrize(
    ("direction", "data", "needle"),
    [
        ("out", {"member": "abc", "to_name": "x", "letter_scope": "city", "initiated_on": "2026-07-30"}, "member"),
        ("out", {"member": "1e9", "to_name": "x", "letter_scope": "city", "initiated_on": "2026-07-30"}, "member"),
        ("out", {"member": "{m2}", "to_name": "x", "letter_scope": "city", "initiated_on": "2026-07-30"}, "member"),
        ("out", {"member": "{m1}", "to_name": "", "letter_scope": "city", "initiated_on": "2026-07-30"}, "to_name"),
        ("out", {"member": "{m1}", "to_name": "x", "letter_scope": "moon", "initiated_on": "x"}, "letter_scope"),
        ("out", {"member": "{m1}", "to_name": "x", "letter_scope": "city", "initiated_on": "2030-01-01"}, "initiated_on"),  # noqa: E501
        ("out", {"member": "{m1}", "to_name": "x" * 5000, "letter_scope": "city", "initiated_on": "2026-07-30"}, "to_name"),  # noqa: E501
        ("internal", {"member": "{m1}", "to_org": "{b1}", "letter_scope": "city", "initiated_on": "2026-07-30"}, "to_org"),  # noqa: E501
        ("in", {"name": "甲", "from_name": "某地", "to_org": "{c}", "member_kind": "retired", "member_status": "full",
                "letter_scope": "city", "initiated_on": "2026-07-30"}, "place_in"),
        ("in", {"name": "甲", "from_name": "某地", "to_org": "{c}", "member_kind": "direct", "member_status": "full",
                "id_number": "12345", "letter_scope": "city", "initiated_on": "2026-07-30"}, "id_number"),
    ],
)  # fmt: skip
def test_start_refused_with_a_message(client, world, secretary, org_secretary, direction, data, needle):
    client.force_login(org_secretary if direction != "in" else secretary)
    values = {"{m1}": world.member1.pk, "{m2}": world.member2.pk, "{b1}": world.branch1.pk, "{c}": world.committee.pk}
    data = {k: values.get(v, v) for k, v in data.items()}
    response = client.post(reverse("transfers:create") + f"?direction={direction}", data)
    assert response.status_code == 200
    assert needle in field_errors(response)
    assert not Transfer.objects.exists()


def test_take_in_a_retired_member(client, world, secretary):
    client.force_login(secretary)
    url = reverse("transfers:create") + "?direction=in"
    response = client.post(
        url,
        {
            "name": "李退休",
            "from_name": "外市某厂党委",
            "to_org": world.committee.pk,
            "place_in": world.branch2.pk,
            "member_kind": "retired",
            "member_status": "full",
            "letter_scope": "city",
            "letter_number": "L-9",
            "initiated_on": "2026-07-01",
        },
    )
    assert response.status_code == 302
    t = Transfer.objects.get()
    assert (t.place_in, t.member_kind) == (world.branch2, "retired")
    for to, on in (("sent", "2026-07-02"), ("received", "2026-07-05"), ("completed", "2026-07-06")):
        response = client.post(reverse("transfers:transition", args=[t.pk]), {"to": to, "on": on})
        assert response.status_code == 302
    t.refresh_from_db()
    assert t.state == "completed" and (t.member.org, t.member.kind) == (world.branch2, "retired")
    detail = client.get(reverse("transfers:detail", args=[t.pk]))
    assert soup(detail).select("#history-title")


@pytest.mark.parametrize(
    ("data", "state"),
    [
        ({"to": "returned", "on": "2026-07-05", "reason": ""}, "sent"),
        ({"to": "bogus"}, "sent"),
        ({"to": "completed", "on": "2026-07-05"}, "sent"),
        ({"to": "received", "on": "not-a-date"}, "sent"),
        ({"to": "received", "on": "2030-07-05"}, "sent"),
        ({"to": "received", "on": "2026-07-01"}, "sent"),
        ({"to": "received", "on": "2026-07-05", "reason": "x" * 5000}, "sent"),
        ({"to": "received", "on": "2026-07-05"}, "received"),
        ({"to": "returned", "on": "2026-07-05", "reason": "材料不全"}, "returned"),
    ],
)
def test_transition_input(client, world, secretary, data, state):
    t = walk(internal_transfer(world, initiated_on=D(2026, 7, 1)), "sent", on=D(2026, 7, 2))
    client.force_login(secretary)
    response = client.post(reverse("transfers:transition", args=[t.pk]), data, follow=True)
    assert response.status_code == 200
    assert Transfer.objects.get(pk=t.pk).state == state
    if state == "sent":
        assert soup(response).select(".flash-error")


def test_transition_of_a_transfer_out_of_scope(client, world, org_secretary):
    t = in_transfer(world)
    client.force_login(org_secretary)
    assert client.post(reverse("transfers:transition", args=[t.pk]), {"to": "sent"}).status_code == 404
    assert client.get(reverse("transfers:transition", args=[t.pk])).status_code in (404, 405)


# --- floating members ----------------------------------------------------------------------------


def test_floating_pages(client, world, secretary):
    away = floating_out(world, left_on=D(2026, 1, 10))
    contact_log_add(actor=admin(), floating=away, on=D(2026, 1, 20), how="phone", note="电话联系")
    floating_in(world)
    client.force_login(secretary)
    response = client.get(reverse("transfers:floating"))
    assert names(response) == ["赵党员"]
    assert soup(response).select("[data-flag=silent]")  # last contact 2026-01-20, before 2026-02-01
    assert "13812340000" not in response.content.decode()
    assert names(client.get(reverse("transfers:floating") + "?show=in")) == ["周流入"]
    assert names(client.get(reverse("transfers:floating") + "?flag=needs_transfer")) == []
    detail = client.get(reverse("transfers:floating_detail", args=["out", away.pk]))
    assert "电话联系" in text(detail) and "流证20250001" in text(detail)
    assert "13812340000" not in detail.content.decode()


def test_register_floating_members_and_log_contacts(client, world, secretary):
    client.force_login(secretary)
    st = station(world)
    response = client.post(
        reverse("transfers:floating_create"),
        {
            "member": world.member2.pk,
            "certificate_number": "流证2026-7",
            "destination": "杭州市西湖区",
            "station": st.pk,
            "phone": "13600001111",
            "left_on": "2026-07-01",
        },
    )
    away = FloatingOut.objects.get()
    assert response.status_code == 302 and away.station == st and away.phone_masked
    response = client.post(
        reverse("transfers:floating_create") + "?kind=in",
        {
            "station": st.pk,
            "name": "吴流入",
            "home_org": "某省某村党支部",
            "certificate_number": "流证X",
            "arrived_on": "2026-07-02",
        },
    )
    assert response.status_code == 302 and FloatingIn.objects.get().name == "吴流入"
    url = reverse("transfers:contact_create", args=[away.pk])
    assert client.post(url, {"on": "2026-07-20", "how": "visit", "note": "上门看望家属"}).status_code == 302
    for bad in (
        {"on": "2026-06-30", "how": "phone"},
        {"on": "x", "how": "phone"},
        {"on": "2026-07-21", "how": "pigeon"},
        {"on": "2026-07-21", "how": "phone", "note": "x" * 5000},
    ):
        response = client.post(url, bad, follow=True)
        assert response.status_code == 200 and soup(response).select(".flash-error"), bad
    assert list(ContactLog.objects.values_list("on", "how")) == [(D(2026, 7, 20), "visit")]


@pytest.mark.parametrize(
    ("kind", "data"),
    [
        ("out", {"member": "x", "certificate_number": "", "destination": "", "left_on": "nope"}),
        ("out", {"member": "{m1}", "certificate_number": "c", "destination": "d", "left_on": "2026-07-01", "station": "{b1}"}),  # noqa: E501
        ("out", {"member": "{m1}", "certificate_number": "c", "destination": "d", "left_on": "2026-07-01", "back_on": "2026-06-01"}),  # noqa: E501
        ("out", {"member": "{m1}", "certificate_number": "c", "destination": "d", "left_on": "2026-07-01", "phone": "abc"}),  # noqa: E501
        ("in", {"station": "{b1}", "name": "x", "home_org": "y", "certificate_number": "z", "arrived_on": "2026-07-01"}),  # noqa: E501
        ("in", {"station": "", "name": "", "home_org": "", "certificate_number": "", "arrived_on": ""}),
    ],
)  # fmt: skip
def test_bad_floating_registrations(client, world, secretary, kind, data):
    client.force_login(secretary)
    station(world)
    values = {"{m1}": world.member1.pk, "{b1}": world.branch1.pk}
    data = {k: values.get(v, v) for k, v in data.items()}
    response = client.post(reverse("transfers:floating_create") + f"?kind={kind}", data)
    assert response.status_code == 200
    assert field_errors(response) or soup(response).select(".form-errors")
    assert not FloatingOut.objects.exists() and not FloatingIn.objects.exists()


def test_floating_scope(client, world, org_secretary, branch2_secretary):
    mine = floating_out(world)
    theirs = floating_out(world, member=world.member2)
    client.force_login(org_secretary)
    assert names(client.get(reverse("transfers:floating"))) == ["赵党员"]
    assert client.get(reverse("transfers:floating_detail", args=["out", theirs.pk])).status_code == 404
    url = reverse("transfers:contact_create", args=[theirs.pk])
    assert client.post(url, {"on": "2026-07-20", "how": "visit"}).status_code == 404
    client.force_login(branch2_secretary)
    assert client.get(reverse("transfers:floating_detail", args=["out", mine.pk])).status_code == 404
    assert client.get(reverse("transfers:floating_detail", args=["out", theirs.pk])).status_code == 200


# --- query counts --------------------------------------------------------------------------------


def grow(world, n: int) -> None:
    st = station(world)
    for i in range(n):
        a = member(world.branch1, f"甲{i:03d}")
        b = member(world.branch2, f"乙{i:03d}")
        walk(out_transfer(world, member=a, initiated_on=D(2026, 7, 1)), "sent", on=D(2026, 7, 2))
        internal_transfer(world, member=b, to_org=world.branch1, initiated_on=D(2026, 7, 1))
        in_transfer(world, name=f"丙{i:03d}", id_number="", place_in=None if i % 2 else world.branch2)
        f = floating_out(world, member=a if i % 3 else b, station=st if i % 2 else None)
        contact_log_add(actor=admin(), floating=f, on=D(2026, 3, 1), how="phone")
        floating_in(world, name=f"丁{i:03d}")


def count(client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


@pytest.mark.parametrize(
    "page",
    [
        lambda w: reverse("transfers:list"),
        lambda w: reverse("transfers:list") + f"?node={w.branch1.pk}&state=sent&overdue=on",
        lambda w: reverse("transfers:floating"),
        lambda w: reverse("transfers:floating") + f"?node={w.committee.pk}&flag=silent",
        lambda w: reverse("transfers:floating") + "?show=in",
        lambda w: reverse("transfers:create") + "?direction=out",
        lambda w: reverse("transfers:create") + "?direction=in",
        lambda w: reverse("transfers:floating_create"),
    ],
)
def test_query_counts_do_not_grow(client, world, secretary, page):
    client.force_login(secretary)
    grow(world, 2)
    small = count(client, page(world))
    grow(world, 20)
    assert count(client, page(world)) == small


def test_record_the_return_and_the_leaving(client, world, secretary):
    away = floating_out(world, left_on=D(2026, 3, 1))
    here = floating_in(world, arrived_on=D(2026, 3, 1))
    client.force_login(secretary)
    page = client.get(reverse("transfers:floating_detail", args=["out", away.pk]))
    assert soup(page).select("form[data-end]")
    url = reverse("transfers:floating_end", args=["out", away.pk])
    for bad in ({"on": "2026-02-28"}, {"on": "x"}, {"on": "2030-01-01"}, {}):
        response = client.post(url, bad, follow=True)
        assert response.status_code == 200 and soup(response).select(".flash-error"), bad
    assert FloatingOut.objects.get().back_on is None
    assert client.post(url, {"on": "2026-07-01"}).status_code == 302
    assert FloatingOut.objects.get().back_on == D(2026, 7, 1)
    # Recorded once: the form is gone and a second post is refused with a message.
    assert not soup(client.get(reverse("transfers:floating_detail", args=["out", away.pk]))).select("form[data-end]")
    response = client.post(url, {"on": "2026-07-02"}, follow=True)
    assert soup(response).select(".flash-error") and FloatingOut.objects.get().back_on == D(2026, 7, 1)
    # Back home: the member may be registered as away again.
    assert floating_out(world, left_on=D(2026, 7, 20)).pk != away.pk
    url = reverse("transfers:floating_end", args=["in", here.pk])
    assert client.post(url, {"on": "2026-07-15"}).status_code == 302
    assert FloatingIn.objects.get().left_on == D(2026, 7, 15)
    assert names(client.get(reverse("transfers:floating") + "?show=in")) == ["周流入"]


def test_a_member_long_at_a_fixed_place_is_offered_the_transfer(client, world, org_secretary):
    away = floating_out(world, left_on=D(2026, 1, 10), fixed_place=True)
    client.force_login(org_secretary)
    link = soup(client.get(reverse("transfers:floating_detail", args=["out", away.pk]))).select_one(
        "[data-start-transfer]"
    )
    assert link is not None
    page = client.get(link["href"])
    assert page.status_code == 200
    assert soup(page).select_one("select[name=member] option[selected]")["value"] == str(world.member1.pk)
