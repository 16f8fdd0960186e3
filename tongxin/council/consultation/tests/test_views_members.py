"""A council member linked to the registry: the add-member form's search of the council's
residents (or its Party members), scoped to what the user sees and to the council's place, in a
fixed number of queries; a record from elsewhere is a form error, never a member."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.html import soup
from tongxin.council.consultation.tests.support import at, council
from tongxin.platform.core.people import pinyin_of
from tongxin.registry.party.models import PartyMember
from tongxin.registry.people.models import Resident

pytestmark = pytest.mark.django_db
DAY = datetime.date(2026, 3, 2)


@pytest.fixture(autouse=True)
def _now():
    with time_machine.travel(at(DAY, 9), tick=False):
        yield


def url(name: str, *args: Any) -> str:
    return reverse(f"consultation:{name}", args=args)


def search(client: Any, c: Any, q: str, kind: str = "resident", **headers: Any) -> Any:
    return client.get(url("member_people", c.pk), {"q": q, "member-kind": kind}, **headers)


def options(response: Any) -> list[tuple[str, str]]:
    page = soup(response, status=200)
    return [(str(b["data-place-id"]), b.select_one("strong").get_text()) for b in page.select("button.place-option")]


MEMBER = {"member-kind": "resident", "member-role": "member", "member-term_start": "2026-01-01"}


def test_find_a_resident_by_name_or_initials_and_add_them(client, world, secretary):
    c = council(world.community, members=0)
    client.force_login(secretary)
    page = soup(client.get(url("council", c.pk)), status=200)
    picker = page.select_one(".member-add [data-place-picker]")
    assert picker.select_one("input[type=search]")["hx-get"] == url("member_people", c.pk)
    assert picker.select_one("input[type=hidden][name=member-record]") is not None
    # 张三 by his name, his initials or his pinyin; 王五 of 乙社区 never.
    for q in ("张", "zs", "ZhangSan"):
        assert options(search(client, c, q, HTTP_HX_REQUEST="true")) == [(f"r:{world.zhangsan.pk}", "张三")]
    assert options(search(client, c, "ww")) == []
    assert "王五" in soup(search(client, c, "王五")).get_text()  # said as "no one matches"
    response = client.post(url("member_add", c.pk), {**MEMBER, "member-record": f"r:{world.zhangsan.pk}"})
    assert response.status_code == 302
    member = c.members.get()
    assert (member.name, member.resident, member.party_member) == ("张三", world.zhangsan, None)


def test_party_members_of_the_place_for_kind_party_member(client, world, secretary):
    c = council(world.grid1, code="micro", members=0)
    client.force_login(secretary)
    # 赵党员's branch is built on the first grid; 钱党员's on the second.
    assert options(search(client, c, "党员", "party_member")) == [(f"p:{world.member1.pk}", "赵党员")]
    assert options(search(client, c, "党员")) == []  # no resident of that name
    data = {**MEMBER, "member-kind": "party_member", "member-record": f"p:{world.member1.pk}", "member-name": "别名"}
    assert client.post(url("member_add", c.pk), data).status_code == 302
    member = c.members.get()
    # The name comes from the record, not from what was typed.
    assert (member.name, member.party_member, member.kind) == ("赵党员", world.member1, "party_member")
    # A member of another branch who lives in the place belongs to it too.
    world.member2.resident = world.zhangsan
    world.member2.save()
    assert [p for p, _name in options(search(client, c, "qdy", "party_member"))] == [f"p:{world.member2.pk}"]
    data = {**data, "member-record": f"p:{world.member2.pk}"}
    assert client.post(url("member_add", c.pk), data).status_code == 302


@pytest.mark.parametrize(
    "record",
    [
        lambda w: f"r:{w.wangwu.pk}",  # a resident of another community
        lambda w: f"r:{w.lisi.pk}",  # of the community, but not of the first grid
        lambda w: f"p:{w.member2.pk}",  # a Party member of the second grid's branch
        lambda w: "r:999999999",  # no one
        lambda w: "r:0",
        lambda w: "x:1",
        lambda w: f"r:{w.zhangsan.pk} OR 1=1",
    ],
)
def test_a_record_outside_the_place_is_a_form_error_not_a_member(client, world, secretary, record):
    c = council(world.grid1, code="micro", members=0)
    client.force_login(secretary)
    value = record(world)
    kind = "party_member" if value.startswith("p:") else "resident"
    response = client.post(url("member_add", c.pk), {**MEMBER, "member-kind": kind, "member-record": value})
    page = soup(response, status=200)
    assert page.select_one(".member-record .has-error .error") is not None
    # Sent back empty: the refused person is not named on the page, nor kept for the next try.
    assert page.select_one("input[name=member-record]").get("value", "") == ""
    assert "王五" not in page.get_text() and "钱党员" not in page.get_text()
    assert not c.members.exists()


def test_a_record_the_user_cannot_see_is_refused(client, world, grid_worker):
    """A grid worker who ran a council of their grid would still not link someone of another grid."""
    from tongxin.platform.access.models import RoleAssignment

    RoleAssignment.objects.filter(user=grid_worker).update(role="community", node_id=world.grid1.pk)
    c = council(world.grid1, code="micro", members=0)
    client.force_login(grid_worker)
    assert options(search(client, c, "李四")) == []
    assert options(search(client, c, "张三")) == [(f"r:{world.zhangsan.pk}", "张三")]


def test_the_kind_and_the_record_must_agree_and_a_name_is_needed(client, world, secretary):
    c = council(world.community, members=0)
    client.force_login(secretary)
    for kind, value in (("party_member", f"r:{world.zhangsan.pk}"), ("unit", f"r:{world.zhangsan.pk}")):
        response = client.post(url("member_add", c.pk), {**MEMBER, "member-kind": kind, "member-record": value})
        page = soup(response, status=200)
        assert page.select_one(".member-record .error") is not None
    page = soup(client.post(url("member_add", c.pk), MEMBER), status=200)
    assert page.select_one(".has-error input[name=member-name]") is not None
    # A name alone, as before.
    assert client.post(url("member_add", c.pk), {**MEMBER, "member-name": "王阿姨"}).status_code == 302
    assert c.members.get().resident is None


@pytest.mark.parametrize("q", ["张" * 500, "\x00张\x01", "%", "_", "' OR 1=1 --", "<script>", "z\u202es"])
def test_hostile_searches_answer_calmly(client, world, secretary, q):
    c = council(world.community, members=0)
    client.force_login(secretary)
    response = search(client, c, q)
    assert response.status_code == 200
    page = soup(response)
    assert page.select("script") == []
    # Control characters are dropped (PostgreSQL refuses NUL); a long text is cut to 20 characters.
    expected = [(f"r:{world.zhangsan.pk}", "张三")] if q == "\x00张\x01" else []
    assert options(response) == expected
    response = search(client, c, q, "party_member")
    assert response.status_code == 200


def test_the_search_costs_the_same_queries_for_one_match_or_twelve(client, world, secretary):
    c = council(world.community, members=0)
    client.force_login(secretary)
    search(client, c, "张")
    with CaptureQueriesContext(connection) as one:
        assert len(options(search(client, c, "张"))) == 1
    with CaptureQueriesContext(connection) as one_member:
        assert len(options(search(client, c, "党员", "party_member"))) == 2
    for n in range(20):
        r = Resident(household=world.household1 if n % 2 else world.household2, name=f"张{n}号")
        r.name_pinyin, r.name_initials = pinyin_of(r.name)
        r.save()
    with CaptureQueriesContext(connection) as many:
        assert len(options(search(client, c, "张"))) == 12
    assert len(many.captured_queries) == len(one.captured_queries)
    for n in range(15):
        m = PartyMember(org=world.branch1, name=f"孙党员{n}")
        m.name_pinyin, m.name_initials = pinyin_of(m.name)
        m.save()
    with CaptureQueriesContext(connection) as members:
        assert len(options(search(client, c, "党员", "party_member"))) == 12
    assert len(members.captured_queries) == len(one_member.captured_queries)
