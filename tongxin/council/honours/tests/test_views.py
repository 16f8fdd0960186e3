"""The office's pages: lists by year with their counts, an award's review and publicity, the
wall with photos checked and consent recorded; fixed queries at two sizes; hostile input."""

from __future__ import annotations

import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from PIL import Image

from tests.html import soup
from tongxin.council.honours.models import AwardState, Deed, Nomination, NominationState, NomineeKind
from tongxin.council.honours.tests.support import award, deed, in_publicity, nomination
from tongxin.grid.cases.tests.photo_files import bomb_png, jpeg, pdf, upload

pytestmark = pytest.mark.django_db


def _awards(world, n):
    for k in range(n):
        a = award(world, name=f"奖项{k}")
        nomination(world, a, name="张家")
        nomination(world, a, name="李家", state=NominationState.ACCEPTED)


def _queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_awards_list_counts_per_award_and_a_fixed_number_of_queries(client, world, secretary):
    client.force_login(secretary)
    _awards(world, 2)
    page = soup(client.get(reverse("honours:awards")), status=200)
    rows = page.select("#awards tbody tr")
    assert len(rows) == 2
    assert [td.get_text(strip=True) for td in rows[0].select("td.num")] == ["2", "1", "1 / 10"]
    small = _queries(client, reverse("honours:awards"))
    _awards(world, 8)
    assert _queries(client, reverse("honours:awards")) == small


def test_award_detail_queries_do_not_grow_with_nominations(client, world, secretary):
    client.force_login(secretary)
    a = award(world)
    for k in range(2):
        nomination(world, a, name=f"{'张李'[k]}家")
    url = reverse("honours:award", args=[a.pk])
    small = _queries(client, url)
    for k in range(10):
        nomination(world, a, name=f"{'赵钱孙吴郑王冯陈褚卫'[k]}家", state=NominationState.ACCEPTED)
    assert _queries(client, url) == small


def test_review_then_publish_through_the_page(client, world, secretary):
    client.force_login(secretary)
    a = award(world)
    n = nomination(world, a)
    declined = nomination(world, a, name="李家", household=world.household2, place=world.building2)
    client.post(reverse("honours:review", args=[declined.pk]), {"decision": "decline", "reason": ""})
    declined.refresh_from_db()
    assert declined.state == NominationState.SUBMITTED  # a decline needs its reason
    client.post(reverse("honours:review", args=[declined.pk]), {"decision": "decline", "reason": "材料不全"})
    client.post(reverse("honours:review", args=[n.pk]), {"decision": "accept"})
    response = client.post(reverse("honours:publish", args=[a.pk]), follow=True)
    a.refresh_from_db()
    assert a.state == AwardState.PUBLICITY
    assert "公示" in soup(response).select_one(".messages, [role=status], body").get_text()


def test_publish_refused_is_a_message_not_an_error(client, world, secretary):
    client.force_login(secretary)
    a = award(world)
    nomination(world, a)  # still waiting for review
    response = client.post(reverse("honours:publish", args=[a.pk]), follow=True)
    assert response.status_code == 200
    a.refresh_from_db()
    assert a.state == AwardState.OPEN


def test_staff_nominate_by_searching_the_registry(client, world, secretary):
    client.force_login(secretary)
    a = award(world)
    url = reverse("honours:nominate", args=[a.pk])
    page = soup(client.get(url, {"q": "zs"}), status=200)
    picks = [link.get_text(" ", strip=True) for link in page.select(".big-links a")]
    assert picks and picks[0].startswith("张家")
    response = client.post(url, {"nominee": world.household1.pk, "reason": "照顾老人"})
    assert response.status_code == 302
    assert Nomination.objects.get(award=a).display_name == "张家"
    # A household of another community cannot be slipped in.
    response = client.post(url, {"nominee": world.other_household.pk, "reason": "x"})
    assert response.status_code == 200
    assert Nomination.objects.filter(award=a).count() == 1


def test_branch_secretary_picks_only_the_branchs_members(client, world, org_secretary):
    client.force_login(org_secretary)
    a = award(world, kind=NomineeKind.PARTY_MEMBER, public_nominations=False)
    page = soup(client.get(reverse("honours:branch")), status=200)
    assert page.select_one(f"a[href='{reverse('honours:nominate', args=[a.pk])}']")
    page = soup(client.get(reverse("honours:nominate", args=[a.pk])), status=200)
    assert [x.find("strong").get_text() for x in page.select(".big-links a")] == ["赵党员"]
    client.post(reverse("honours:nominate", args=[a.pk]), {"nominee": world.member2.pk, "reason": "x"})
    assert not Nomination.objects.filter(award=a).exists()
    client.post(reverse("honours:nominate", args=[a.pk]), {"nominee": world.member1.pk, "reason": "带头服务"})
    assert Nomination.objects.get(award=a).source == "branch"


def test_answering_an_objection_upheld_withdraws_the_nominee(client, world, secretary):
    client.force_login(secretary)
    n = in_publicity(world)
    o = n.objections.create(text="不属实")
    client.post(reverse("honours:answer", args=[o.pk]), {"decision": "uphold", "answer": "经核实属实，撤销提名"})
    n.refresh_from_db()
    assert n.state == NominationState.DECLINED


def test_nominee_page_shows_the_households_honours_on_the_residents_page(client, world, grid_worker):
    client.force_login(grid_worker)
    nomination(world, award(world, state=AwardState.AWARDED), state=NominationState.WINNER)
    page = soup(client.get(reverse("honours:nominee", args=["resident", world.zhangsan.pk])), status=200)
    assert "十佳孝老爱亲和谐家庭" in page.select_one(".plain-list").get_text()


# --- the wall ---------------------------------------------------------------------------------


def _deed_post(world, **extra):
    data = {
        "board": "filial",
        "title": "十年照顾婆婆",
        "story": "每天翻身擦洗。",
        "happened_on": "2026-01-05",
        "area": world.community.pk,
        "person_name": "张家",
    }
    data.update(extra)
    return data


def test_a_photo_is_reencoded_without_exif_and_consent_recorded(client, world, secretary):
    client.force_login(secretary)
    gps = {1: "N", 2: (31.0, 13.0, 48.6), 3: "E", 4: (121.0, 28.0, 12.0)}
    data = _deed_post(world, photo=upload("p.jpg", jpeg(gps=gps)), photo_consent="on")
    response = client.post(reverse("honours:deed_new"), data)
    assert response.status_code == 302, soup(response).select(".error")
    d = Deed.objects.get()
    assert d.photo_consent and d.consent_recorded_by == secretary and d.consent_recorded_at
    stored = Image.open(io.BytesIO(d.photo.read()))
    assert not stored.getexif()


@pytest.mark.parametrize("data", [bomb_png(), pdf()], ids=["bomb", "pdf"])
def test_a_hostile_photo_is_refused_with_a_message(client, world, secretary, data):
    client.force_login(secretary)
    response = client.post(reverse("honours:deed_new"), _deed_post(world, photo=upload("x.png", data, "image/png")))
    assert response.status_code == 200
    assert soup(response).select_one(".has-error .error")
    assert not Deed.objects.exists()


@pytest.mark.parametrize(
    "field,value",
    [
        ("title", "x" * 500),
        ("person_name", "3号楼201"),
        ("person_name", "<script>alert(1)</script>"),
        ("story", "a\x00b"),
        ("happened_on", "2999-01-01"),
        ("happened_on", "not a date"),
        ("area", "99999999"),
        ("board", "nope"),
    ],
)
def test_hostile_wall_input_is_a_message_never_a_500(client, world, secretary, field, value):
    client.force_login(secretary)
    response = client.post(reverse("honours:deed_new"), _deed_post(world, **{field: value}))
    assert response.status_code == 200
    assert soup(response).select(".error, .form-errors")
    assert not Deed.objects.exists()


@pytest.mark.parametrize(
    "data",
    [
        {"name": "x" * 200, "nominee_kind": "household", "places": "10", "year": "2026", "publicity_days": "7"},
        {"name": "奖", "nominee_kind": "robot", "places": "10", "year": "2026", "publicity_days": "7"},
        {"name": "奖", "nominee_kind": "household", "places": "-1", "year": "2026", "publicity_days": "7"},
        {"name": "奖", "nominee_kind": "household", "places": "10", "year": "99999", "publicity_days": "7"},
        {"name": "奖", "nominee_kind": "household", "places": "10", "year": "2026", "publicity_days": "365"},
        {"name": "奖\x00", "nominee_kind": "household", "places": "1e9", "year": "2026", "publicity_days": "7"},
    ],
)
def test_hostile_award_input_is_a_message(client, world, secretary, data):
    client.force_login(secretary)
    response = client.post(reverse("honours:award_new"), {**data, "area": world.community.pk})
    assert response.status_code == 200
    assert soup(response).select(".error, .form-errors")


def test_hostile_ids_and_paths_are_404(client, world, secretary):
    client.force_login(secretary)
    for url in ("/honours/99999999999/", "/honours/of/resident/99999999999/", "/public/honours/0/"):
        assert client.get(url).status_code == 404
    assert client.get(reverse("honours:awards"), {"year": "x'; drop", "waiting": "<b>"}).status_code == 200
    assert (
        client.get(reverse("honours:nominate", args=[award(world).pk]), {"q": "\x00" * 5, "pick": "9" * 30}).status_code
        == 200
    )


def test_wall_list_fixed_queries_and_consent_withdrawn(client, world, secretary):
    client.force_login(secretary)
    d = deed(world)
    deed(world, consent=False)
    url = reverse("honours:deeds")
    small = _queries(client, url)
    for k in range(8):
        deed(world, consent=bool(k % 2), photo=bool(k % 3))
    assert _queries(client, url) == small
    client.post(reverse("honours:deed_consent", args=[d.pk]), {"consent": "no"})
    d.refresh_from_db()
    assert not d.photo_consent and d.consent_recorded_by == secretary


def test_out_of_scope_award_and_deed_are_404_for_the_secretary(client, world, secretary):
    client.force_login(secretary)
    a = award(world, area=world.other_community)
    d = deed(world)
    d.area = world.other_community
    d.save()
    for url in (
        reverse("honours:award", args=[a.pk]),
        reverse("honours:nominate", args=[a.pk]),
        reverse("honours:deed", args=[d.pk]),
    ):
        assert client.get(url).status_code == 404
    assert client.post(reverse("honours:publish", args=[a.pk])).status_code == 404
