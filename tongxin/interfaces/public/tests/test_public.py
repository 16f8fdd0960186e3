from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from tests.html import soup
from tongxin.grid.cases import services
from tongxin.grid.cases.defaults import ensure_default_categories
from tongxin.grid.cases.models import Case, CaseCategory
from tongxin.grid.cases.workflow import State

PHONE = "13912345678"


@pytest.fixture
def category(db):
    # A default category; a transactional test elsewhere may have emptied the table.
    ensure_default_categories()
    return CaseCategory.objects.get(code="roof_leak")


def report(client, world, category, **extra):
    data = {
        "category": category.pk,
        "community": world.community.pk,
        "building": world.building1.pk,
        "description": "顶楼漏水，楼道积水",
        "name": "王阿姨",
        "phone": PHONE,
        **extra,
    }
    return client.post(reverse("public:report"), data, REMOTE_ADDR="10.0.0.9")


def close(case, world, admin_user):
    for to, extra in [
        (State.ACCEPTED, {}),
        (State.ASSIGNED, {"assignee": admin_user}),
        (State.IN_PROGRESS, {}),
        (State.RESOLVED, {"comment": "已修补"}),
        (State.VERIFIED, {}),
        (State.CLOSED, {}),
    ]:
        case = services.case_transition(case=case, to_state=to, actor=admin_user, **extra)
    return case


def test_a_resident_reports_and_lands_in_the_grid(world, category, client):
    response = report(client, world, category)
    case = Case.objects.get()
    assert response["Location"] == reverse("public:reported", args=[case.tracking_code])
    assert (case.grid, case.source, case.reporter_name, case.phone_masked) == (
        world.grid1,
        "public",
        "王阿姨",
        "139****5678",
    )
    page = client.get(response["Location"]).content.decode()
    assert case.tracking_code in page and PHONE not in page


def test_buildings_are_found_by_what_the_resident_types(world, client):
    url = reverse("public:places")
    html = soup(client.get(url, {"community": world.community.pk, "q": "1"}))
    found = [(b["data-place-id"], b["data-place-label"]) for b in html.select("button.place-option")]
    assert found == [(str(world.building1.pk), "1号楼 · 第一网格")]
    # Nothing typed, no community, or a hostile value: an empty answer, never an error.
    assert not soup(client.get(url, {"community": world.community.pk})).select("button")
    assert client.get(url, {"community": "x' OR 1=1", "q": "1"}).status_code == 200
    html = soup(client.get(url, {"community": world.community.pk, "q": "99"}))
    assert not html.select("button") and "99" in html.text


def test_after_a_report_the_code_is_shown_large_with_a_copy_button(world, category, client):
    response = report(client, world, category)
    case = Case.objects.get()
    html = soup(client.get(response["Location"]))
    assert html.select_one("#tracking-code").text.strip() == case.tracking_code
    assert html.select_one("button.copy-button")["data-copy"] == case.tracking_code
    # The place is the building the resident chose, named with its community.
    assert "甲社区 1号楼" in html.select_one("dl.facts").text
    # Another browser cannot open it.
    assert Client().get(response["Location"]).status_code == 404


def test_the_tracking_page_names_the_building_chosen(world, category, client):
    report(client, world, category)
    case = Case.objects.get()
    html = soup(client.get(reverse("public:case", args=[case.tracking_code])))
    facts = html.select_one("dl.facts").text
    assert world.building1.name in facts and world.grid1.name not in facts


def test_each_community_has_a_landing_page(world, client):
    html = soup(client.get(reverse("public:index")))
    links = [a["href"] for a in html.select("a.big-link")]
    assert reverse("public:community", args=[world.community.pk]) in links
    page = soup(client.get(reverse("public:community", args=[world.community.pk])))
    hrefs = [a["href"] for a in page.select("a.big-link")]
    assert f"{reverse('public:report')}?community={world.community.pk}" in hrefs
    assert reverse("public:track") in hrefs
    for href in hrefs:
        assert client.get(href).status_code == 200, href
    assert client.get(reverse("public:community", args=[world.grid1.pk])).status_code == 404


def test_large_text_for_a_visitor_without_an_account(db, client):
    url = reverse("public:track")

    def elder() -> bool:
        return "elder" in str(soup(client.get(url)).html.get("class") or "")

    assert not elder()
    response = client.post(reverse("elder_mode"), {"next": url})
    assert response.status_code == 302 and response["Location"] == url
    assert elder()
    client.post(reverse("elder_mode"), {"next": url})
    assert not elder()
    # A foreign address is not followed.
    assert client.post(reverse("elder_mode"), {"next": "https://evil.example/"})["Location"] == "/"


def test_a_building_of_another_community_is_refused(world, category, client):
    response = report(client, world, category, building=world.other_grid.pk)
    assert response.status_code == 200 and not Case.objects.exists()


def test_follow_by_code_and_phone_from_another_device(world, category, client):
    report(client, world, category)
    case = Case.objects.get()
    other = Client()
    assert (
        other.get(reverse("public:case", args=[case.tracking_code])).status_code == 404
    )  # the code alone is not enough
    wrong = other.post(reverse("public:track"), {"code": case.tracking_code, "phone": "13900000000"})
    assert wrong.status_code == 200 and not wrong.context["form"].is_valid()
    right = other.post(reverse("public:track"), {"code": case.tracking_code.lower(), "phone": PHONE})
    assert right["Location"] == reverse("public:case", args=[case.tracking_code])


def test_rating_and_one_reopen(world, category, admin_user, client):
    report(client, world, category)
    case = close(Case.objects.get(), world, admin_user)
    url = reverse("public:rate", args=[case.tracking_code])
    client.post(url, {"rating": "unsatisfied", "comment": "还在漏"})
    case.refresh_from_db()
    assert (case.state, case.reopen_count, case.rating) == (State.REOPENED, 1, "")
    case = services.case_transition(case=case, to_state=State.IN_PROGRESS, actor=admin_user)
    case = services.case_transition(case=case, to_state=State.RESOLVED, actor=admin_user, comment="重新修补")
    case = services.case_transition(case=case, to_state=State.VERIFIED, actor=admin_user)
    case = services.case_transition(case=case, to_state=State.CLOSED, actor=admin_user)
    client.post(url, {"rating": "unsatisfied"})  # a second 不满意 stays on the record, no reopen
    case.refresh_from_db()
    assert (case.state, case.rating, case.reopen_count) == (State.CLOSED, "unsatisfied", 1)
    client.post(url, {"rating": "satisfied"})  # rated already: refused
    case.refresh_from_db()
    assert case.rating == "unsatisfied"


def test_rate_limit_per_address(world, category, client, settings):
    settings.PUBLIC_REPORTS_PER_HOUR = 2
    assert report(client, world, category).status_code == 302
    assert report(client, world, category).status_code == 302
    assert report(client, world, category).status_code == 429
    assert Case.objects.count() == 2


def test_tracking_failures_are_limited_per_address(world, category, client, settings):
    settings.PUBLIC_TRACK_FAILURES_PER_HOUR = 2
    report(client, world, category)
    case = Case.objects.get()
    url = reverse("public:track")
    for _ in range(2):
        client.post(url, {"code": case.tracking_code, "phone": "13900000000"}, REMOTE_ADDR="10.0.0.7")
    # The right code and number, too late from this address; another address still gets through.
    refused = Client().post(url, {"code": case.tracking_code, "phone": PHONE}, REMOTE_ADDR="10.0.0.7")
    assert refused.status_code == 200 and refused.context["form"].non_field_errors()
    right = Client().post(url, {"code": case.tracking_code, "phone": PHONE}, REMOTE_ADDR="10.0.0.8")
    assert right["Location"] == reverse("public:case", args=[case.tracking_code])


@pytest.mark.parametrize("payload", ["x" * 5000, "<script>alert(1)</script>", "\x00", "１３９"])
def test_hostile_public_input(world, category, client, payload):
    response = client.post(
        reverse("public:report"),
        {"category": payload, "community": payload, "building": payload, "description": payload, "phone": payload},
    )
    assert response.status_code == 200
    assert not Case.objects.exists()
    assert client.post(reverse("public:track"), {"code": payload, "phone": payload}).status_code == 200
    assert client.get(reverse("public:case", args=["ZZZZZZZZ"])).status_code == 404


def test_the_tracking_page_of_a_case_not_yet_placed_says_so(world, category, client):
    # An Open311 request located by an address alone waits at the community office (位置待核实).
    from tongxin.platform.core.personal import protect_phone

    case = services.case_report(
        actor=None, category=category, description="井盖松动", area=world.community, address="东门外", unplaced=True
    )
    case.set_phone(protect_phone(PHONE))
    case.save()
    right = client.post(reverse("public:track"), {"code": case.tracking_code, "phone": PHONE})
    assert right["Location"] == reverse("public:case", args=[case.tracking_code])
    page = soup(client.get(right["Location"]), status=200)
    location = next(dt for dt in page.select("dl.facts dt") if dt.text == "地点").find_next_sibling("dd")
    assert location.select_one(".status-unplaced").text == "位置待核实" and "甲社区" in location.text
