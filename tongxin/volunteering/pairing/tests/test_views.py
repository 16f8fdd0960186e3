"""Pairing pages: the list's order, filters and fixed query count; the record; the phone-first visit
form with a photo; a helper's own pairings; hostile input."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.html import soup
from tongxin.registry.people.models import Resident
from tongxin.volunteering.pairing.models import Beneficiary, Pairing, PairingPhoto, PairingVisit
from tongxin.volunteering.pairing.tests.support import D, beneficiary, paired, png, visited

pytestmark = pytest.mark.django_db
NOW = datetime.datetime(2025, 6, 30, 10, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(NOW, tick=False):
        yield


def names(response) -> list[str]:
    return [a.get_text(strip=True) for a in soup(response).select("#beneficiaries tbody td:first-child a")]


def _people(w, n: int) -> list[Beneficiary]:
    """n more beneficiaries in building 1, each paired with 赵党员 and visited once."""
    rows = []
    for i in range(n):
        r = Resident.objects.create(household=w.household1, name=f"居民{i}")
        b = beneficiary(w, resident=r)
        visited(paired(b, w.member1), D(2025, 6, 1) - datetime.timedelta(days=i))
        rows.append(b)
    return rows


def test_list_orders_never_visited_first_then_longest_waiting(client, world, secretary):
    a = beneficiary(world, resident=world.zhangsan)
    b = beneficiary(world, resident=world.lisi, kind="disabled")
    c = beneficiary(world, member=world.member2, kind="needy_member")
    visited(paired(a, world.member1), D(2025, 6, 20))
    visited(paired(b, world.member1), D(2025, 3, 1))
    paired(c, world.member1)
    client.force_login(secretary)
    response = client.get(reverse("pairing:list"))
    assert names(response) == ["钱党员", "李四", "张三"]
    cards = [li.select_one(".value").get_text() for li in soup(response).select(".pairing-counts li")]
    assert cards == ["3", "3", "2"]  # listed, paired, not visited in 30 days
    # Not visited in 30 days: 钱党员 (never) and 李四; in 100 days: 钱党员 and 李四 (121 days).
    assert names(client.get(reverse("pairing:list") + "?stale=on&days=30")) == ["钱党员", "李四"]
    assert names(client.get(reverse("pairing:list") + "?stale=on&days=150")) == ["钱党员"]
    assert names(client.get(reverse("pairing:list") + "?kind=disabled")) == ["李四"]
    assert names(client.get(reverse("pairing:list") + f"?node={world.grid1.pk}")) == ["张三"]


def test_list_state_filters(client, world, secretary):
    a = beneficiary(world, resident=world.zhangsan)
    b = beneficiary(world, resident=world.lisi)
    beneficiary(world, member=world.member2, kind="needy_member")
    paired(a, world.member1)
    paired(b, world.member1, closed_on=D(2025, 3, 1))
    client.force_login(secretary)
    assert names(client.get(reverse("pairing:list") + "?state=open")) == ["张三"]
    assert names(client.get(reverse("pairing:list") + "?state=closed")) == ["李四"]
    assert names(client.get(reverse("pairing:list") + "?state=never")) == ["钱党员"]


@pytest.mark.parametrize(
    "query", ["?days=-1", "?days=abc", "?days=99999999999999999999", "?kind=x&state=y", "?stale=1&days=0"]
)
def test_list_shrugs_off_bad_filters(client, world, secretary, query):
    beneficiary(world)
    client.force_login(secretary)
    response = client.get(reverse("pairing:list") + query)
    assert response.status_code == 200


@pytest.mark.parametrize("query", ["?node=abc", "?node=99999999", "?node=-1"])
def test_list_unknown_node_is_404(client, world, secretary, query):
    client.force_login(secretary)
    assert client.get(reverse("pairing:list") + query).status_code == 404


def test_list_costs_the_same_at_two_sizes(client, world, secretary, django_assert_num_queries):
    client.force_login(secretary)
    _people(world, 2)
    client.get(reverse("pairing:list"))  # warm the per-session caches
    with CaptureQueriesContext(connection) as small:
        client.get(reverse("pairing:list"))
    _people(world, 12)
    with django_assert_num_queries(len(small.captured_queries)):
        response = client.get(reverse("pairing:list") + "?stale=on")
    assert len(names(response)) == 12  # the two visited on 1 June (29 days ago) are not due


def test_detail_costs_the_same_at_two_sizes(client, world, secretary, django_assert_num_queries):
    client.force_login(secretary)
    b = beneficiary(world)
    p = paired(b, world.member1)
    visited(p, D(2025, 3, 1))
    client.get(reverse("pairing:detail", args=[b.pk]))
    with CaptureQueriesContext(connection) as small:
        client.get(reverse("pairing:detail", args=[b.pk]))
    for day in range(2, 20):
        visited(p, D(2025, 3, day), kind="goods", amount="50")
    with django_assert_num_queries(len(small.captured_queries)):
        response = client.get(reverse("pairing:detail", args=[b.pk]))
    assert len(soup(response).select(".pairing-visits > li")) == 19


def test_add_a_beneficiary_through_the_form(client, world, secretary):
    client.force_login(secretary)
    form = soup(client.get(reverse("pairing:create")))
    options = [o.get_text() for o in form.select("#id_resident option")]
    assert any("张三" in o for o in options) and not any("王五" in o for o in options)
    response = client.post(
        reverse("pairing:create"),
        {
            "community": world.community.pk,
            "kind": "needy_household",
            "resident": world.zhangsan.pk,
            "whole_household": "on",
            "since": "2025-01-01",
            "needs": "低保户",
        },
    )
    b = Beneficiary.objects.get()
    assert response.status_code == 302 and b.resident is None and b.household == world.household1


@pytest.mark.parametrize(
    "data,field",
    [
        ({"community": "abc"}, "community"),
        ({"community": "99999"}, "community"),
        ({"resident": "99999"}, "resident"),
        ({"resident": ""}, "resident"),
        ({"since": "2025-02-30"}, "since"),
        ({"since": "2099-01-01"}, "since"),
        ({"kind": "x" * 500}, "kind"),
        ({"needs": "长" * 2001}, "needs"),
    ],
)
def test_add_hostile_input(client, world, secretary, data, field):
    client.force_login(secretary)
    post = {"community": world.community.pk, "kind": "disabled", "resident": world.lisi.pk, "since": "2025-01-01"}
    post.update(data)
    response = client.post(reverse("pairing:create"), post)
    assert response.status_code == 200
    assert soup(response).select(".has-error, .form-errors")
    assert not Beneficiary.objects.exists()


def test_another_communitys_resident_cannot_be_added(client, world, secretary):
    client.force_login(secretary)
    response = client.post(
        reverse("pairing:create"),
        {"community": world.community.pk, "kind": "other", "resident": world.wangwu.pk, "since": "2025-01-01"},
    )
    assert response.status_code == 200 and not Beneficiary.objects.exists()


def test_start_a_pairing_through_the_form(client, world, secretary):
    client.force_login(secretary)
    b = beneficiary(world)
    response = client.post(
        reverse("pairing:start", args=[b.pk]),
        {
            "goal": "每周探望",
            "started_on": "2025-02-01",
            "visit_interval_days": "7",
            "members": [world.member1.pk, world.member2.pk],
            "units": [world.unit.pk],
        },
    )
    assert response.status_code == 302
    p = Pairing.objects.get()
    assert p.helpers.count() == 3
    # A second open pairing is refused with a message.
    response = client.post(
        reverse("pairing:start", args=[b.pk]),
        {"goal": "x", "started_on": "2025-02-01", "visit_interval_days": "7", "members": [world.member1.pk]},
    )
    assert response.status_code == 200 and "请先结束该结对" in soup(response).select_one(".form-errors").get_text()


@pytest.mark.parametrize(
    "data",
    [
        {"members": ["abc"]},
        {"members": ["99999"]},
        {"units": [lambda w: w.other_unit.pk]},
        {},
        {"members": [lambda w: w.member1.pk], "visit_interval_days": "0"},
        {"members": [lambda w: w.member1.pk], "started_on": "2025-13-01"},
    ],
)
def test_start_hostile_input(client, world, secretary, data):
    client.force_login(secretary)
    b = beneficiary(world)
    post = {"goal": "探望", "started_on": "2025-02-01", "visit_interval_days": "30"}
    post.update({k: [x(world) if callable(x) else x for x in v] if isinstance(v, list) else v for k, v in data.items()})
    response = client.post(reverse("pairing:start", args=[b.pk]), post)
    assert response.status_code == 200 and not Pairing.objects.exists()


def test_visit_form_is_phone_first_and_takes_a_photo(client, world, party_member):
    b = beneficiary(world)
    p = paired(b, world.member1)
    client.force_login(party_member)
    page = soup(client.get(reverse("pairing:visit", args=[p.pk])))
    assert page.select("input[type=radio][name=help_kind]") and page.select("input[capture=environment]")
    # A helper without a staff role there does not report cases from this form.
    assert not page.select("[name=problem]")
    response = client.post(
        reverse("pairing:visit", args=[p.pk]),
        {"help_kind": "goods", "amount": "120.50", "visited_on": "2025-06-29", "note": "送米面油", "photos": png()},
    )
    assert response.status_code == 302 and response["Location"] == reverse("pairing:mine")
    visit = PairingVisit.objects.get()
    assert visit.helper.member == world.member1 and visit.by_user == party_member
    photo = PairingPhoto.objects.get()
    served = client.get(reverse("pairing:photo", args=[photo.pk]))
    assert served.status_code == 200 and served["Content-Type"] == "image/jpeg"
    assert served["X-Content-Type-Options"] == "nosniff"
    assert b"".join(served.streaming_content)[:2] == b"\xff\xd8"


def test_visit_refuses_a_file_that_is_not_a_photo(client, world, secretary):
    from django.core.files.uploadedfile import SimpleUploadedFile

    p = paired(beneficiary(world), world.member1)
    client.force_login(secretary)
    bad = SimpleUploadedFile("x.jpg", b"<?php echo 1; ?>", content_type="image/jpeg")
    response = client.post(
        reverse("pairing:visit", args=[p.pk]), {"help_kind": "visit", "visited_on": "2025-06-29", "photos": bad}
    )
    assert response.status_code == 200 and not PairingVisit.objects.exists()
    assert soup(response).select(".photo-field .error")


@pytest.mark.parametrize(
    "data",
    [
        {"visited_on": "2025-07-01"},
        {"visited_on": "2025-01-01"},
        {"help_kind": "hug"},
        {"help_kind": "money"},
        {"amount": "1e9", "help_kind": "money"},
        {"hours": "100"},
        {"helper": "99999"},
        {"helper": "abc"},
        {"note": "长" * 2001},
    ],
)
def test_visit_hostile_input(client, world, secretary, data):
    p = paired(beneficiary(world), world.member1)
    client.force_login(secretary)
    post = {"help_kind": "visit", "visited_on": "2025-06-29"}
    post.update(data)
    response = client.post(reverse("pairing:visit", args=[p.pk]), post)
    assert response.status_code == 200 and not PairingVisit.objects.exists()


def test_staff_report_a_problem_as_a_case_from_the_visit(client, world, secretary):
    from tongxin.grid.cases.models import Case, CaseCategory

    category = CaseCategory.objects.create(code="t_leak", name_zh="漏水")
    p = paired(beneficiary(world), world.member1)
    client.force_login(secretary)
    response = client.post(
        reverse("pairing:visit", args=[p.pk]),
        {"help_kind": "visit", "visited_on": "2025-06-29", "problem": "卫生间漏水到楼下", "category": category.pk},
    )
    assert response.status_code == 302
    case = Case.objects.get()
    assert PairingVisit.objects.get().case == case and case.household == world.household1


def test_a_closed_pairing_takes_no_visit(client, world, secretary):
    p = paired(beneficiary(world), world.member1, closed_on=D(2025, 3, 1))
    client.force_login(secretary)
    response = client.post(reverse("pairing:visit", args=[p.pk]), {"help_kind": "visit", "visited_on": "2025-02-15"})
    assert response.status_code == 302 and not PairingVisit.objects.exists()


def test_close_through_the_form(client, world, secretary):
    p = paired(beneficiary(world), world.member1)
    client.force_login(secretary)
    response = client.post(reverse("pairing:close", args=[p.pk]), {"closed_on": "2025-06-01", "outcome": "other"})
    assert response.status_code == 200  # "other" needs a note
    response = client.post(
        reverse("pairing:close", args=[p.pk]), {"closed_on": "2025-06-01", "outcome": "moved", "note": "搬去女儿家"}
    )
    assert response.status_code == 302
    p.refresh_from_db()
    assert p.outcome == "moved" and p.beneficiary.closed_on == D(2025, 6, 1)


def test_mine_lists_the_helpers_pairings_longest_waiting_first(client, world, party_member):
    a = paired(beneficiary(world), world.member1)
    b = paired(beneficiary(world, resident=world.lisi), world.member1)
    paired(beneficiary(world, member=world.member2, kind="needy_member"), world.member2)
    visited(a, D(2025, 6, 1))
    client.force_login(party_member)
    page = soup(client.get(reverse("pairing:mine")))
    assert [h.get_text(" ", strip=True).split()[0] for h in page.select(".pairing-mine h2")] == ["李四", "张三"]
    assert page.select_one(f'a[href="{reverse("pairing:visit", args=[b.pk])}"]')
    # The list page sends a helper without a staff role to their own pairings.
    assert client.get(reverse("pairing:list"))["Location"] == reverse("pairing:mine")


def test_figures_page_links_numbers_to_the_list(client, world, secretary):
    visited(paired(beneficiary(world), world.member1), D(2025, 6, 1))
    client.force_login(secretary)
    page = soup(client.get(reverse("pairing:figures") + f"?node={world.community.pk}&start=2025-01-01&end=2025-06-30"))
    values = [v.get_text() for v in page.select("#pairing-figures .value")]
    assert values == ["1", "1", "0", "1", "1", "0"]
    assert page.select_one("#pairing-figures a")["href"].startswith(reverse("pairing:list"))


def test_a_members_own_page_shows_their_pairings(client, world, party_member, django_assert_num_queries):
    from tongxin.volunteering.pairing.own_life import pairing_part

    assert pairing_part(world.member1, 2025) is None
    p = paired(beneficiary(world), world.member1)
    paired(beneficiary(world, resident=world.lisi), world.member1, closed_on=D(2025, 3, 1))
    visit = visited(p, D(2025, 6, 1))
    visit.helper = p.helpers.get()
    visit.save()
    with django_assert_num_queries(2):
        part = pairing_part(world.member1, 2025)
    assert (part["open"], part["pairings"], part["visits"]) == (1, 2, 1)
    client.force_login(party_member)
    page = soup(client.get(reverse("me")))
    assert page.select_one(f'a[href="{reverse("pairing:mine")}"]')


@pytest.mark.parametrize("pk", ["999999", "0"])
def test_unknown_photo_is_404(client, world, secretary, pk):
    client.force_login(secretary)
    assert client.get(f"/pairing/photos/{pk}/").status_code == 404
    assert client.get(f"/pairing/photos/{pk}/thumbnail/").status_code == 404


def test_a_volunteer_with_an_account_logs_hours_that_wait_for_a_leader(client, world, outsider):
    from tongxin.volunteering.pairing.tests.support import volunteer
    from tongxin.volunteering.service.models import HoursSource, ServiceHours

    v = volunteer(world.community, "孙志愿", user=outsider)
    p = paired(beneficiary(world), v)
    client.force_login(outsider)
    assert [a["href"] for a in soup(client.get(reverse("pairing:mine"))).select(".pairing-mine .btn")] == [
        reverse("pairing:visit", args=[p.pk])
    ]
    response = client.post(
        reverse("pairing:visit", args=[p.pk]),
        {"help_kind": "service", "visited_on": "2025-06-29", "hours": "2", "note": "陪同就医"},
    )
    assert response.status_code == 302
    row = ServiceHours.objects.get()
    assert (row.volunteer, row.source, row.source_id, row.confirmed_at) == (
        v,
        HoursSource.PAIRING,
        PairingVisit.objects.get().pk,
        None,
    )
    # Another volunteer's pairing is not theirs to see.
    other = paired(beneficiary(world, resident=world.lisi), volunteer(world.community, "周志愿"))
    assert client.get(reverse("pairing:visit", args=[other.pk])).status_code == 404
