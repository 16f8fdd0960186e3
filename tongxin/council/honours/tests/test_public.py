"""The public pages and the board: nominating without an account (rate-limited), objecting,
names the public may read (never a number), photos only with consent, fixed queries."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.html import soup
from tongxin.council.honours.models import AwardState, Nomination, NominationObjection, NominationState, WallBoard
from tongxin.council.honours.tests.support import award, deed, in_publicity, nomination

pytestmark = pytest.mark.django_db


def _nominate(client, world, a, **extra):
    data = {"nominee": "张", "building": world.building1.pk, "reason": "孝敬老人", "address_note": "101"}
    data.update(extra)
    return client.post(reverse("honours:public_nominate", args=[world.community.pk, a.pk]), data)


def test_a_resident_nominates_a_family_and_the_phone_is_never_shown(client, world, secretary):
    a = award(world)
    page = soup(client.get(reverse("honours:public", args=[world.community.pk])), status=200)
    assert page.select_one(f"a[href='{reverse('honours:public_nominate', args=[world.community.pk, a.pk])}']")
    response = _nominate(client, world, a, phone="13912345678", name="李阿姨")
    assert response.status_code == 302
    n = Nomination.objects.get()
    assert (n.display_name, n.source, n.state) == ("张家", "public", NominationState.SUBMITTED)
    client.force_login(secretary)
    html = client.get(reverse("honours:award", args=[a.pk])).content.decode()
    assert "13912345678" not in html and n.phone_masked not in html


def test_public_nominations_are_limited_per_address(client, world, settings):
    settings.PUBLIC_REPORTS_PER_HOUR = 2
    a = award(world)
    assert _nominate(client, world, a, nominee="张").status_code == 302
    assert _nominate(client, world, a, nominee="李").status_code == 302
    response = _nominate(client, world, a, nominee="王")
    assert response.status_code == 429
    assert soup(response).select_one(".form-errors[role=alert]")
    assert Nomination.objects.count() == 2


@pytest.mark.parametrize(
    "extra",
    [
        {"nominee": "3-201"},
        {"nominee": ""},
        {"building": "99999999"},
        {"building": "<script>"},
        {"reason": "x" * 5000},
        {"phone": "12345"},
        {"nominee": "张\x00"},
    ],
)
def test_hostile_public_nomination_is_a_message(client, world, extra):
    response = _nominate(client, world, award(world), **extra)
    assert response.status_code == 200
    assert soup(response).select(".error, .form-errors")
    assert not Nomination.objects.exists()


def test_a_closed_or_private_award_takes_no_public_nomination(client, world):
    closed = award(world, state=AwardState.AWARDED)
    assert _nominate(client, world, closed).status_code == 200
    members = award(world, public_nominations=False)
    assert client.get(reverse("honours:public_nominate", args=[world.community.pk, members.pk])).status_code == 404
    assert not Nomination.objects.exists()


def test_objecting_during_publicity_holds_the_award(client, world):
    n = in_publicity(world)
    page = soup(client.get(reverse("honours:public", args=[world.community.pk])), status=200)
    assert [li.find("strong").get_text() for li in page.select(".publicity .nominees li")] == ["张家"]
    url = reverse("honours:public_object", args=[world.community.pk, n.pk])
    assert client.post(url, {"text": "与邻居常有争吵", "phone": "13800001111"}).status_code == 302
    assert NominationObjection.objects.get().status == "open"
    n.award.publicity_ends = timezone.now() - datetime.timedelta(minutes=1)
    n.award.save()
    assert client.post(url, {"text": "迟到的异议"}).status_code == 409


def test_submitted_nominations_are_not_public(client, world):
    n = nomination(world, award(world))
    url = reverse("honours:public_object", args=[world.community.pk, n.pk])
    assert client.get(url).status_code == 404


# --- the board -------------------------------------------------------------------------------


def test_board_shows_winners_by_family_name_and_publicity_never_a_number(client, world):
    year = timezone.localdate().year
    done = award(world, state=AwardState.AWARDED, year=year - 1)
    nomination(world, done, name="张家", state=NominationState.WINNER, address_note="101")
    nomination(world, done, name="李家", state=NominationState.DECLINED, place=world.building2)
    nomination(world, award(world, state=AwardState.AWARDED, year=year - 3), name="老家", state=NominationState.WINNER)
    in_publicity(world, name="王家")
    page = soup(client.get(reverse("boards:board", args=[world.community.pk])), status=200)
    section = page.select_one("#board-honours")
    cards = {
        c.find("h3").get_text(" ", strip=True): [li.get_text(strip=True) for li in c.select(".winners li")]
        for c in section.select(".honour-card")
    }
    assert cards == {f"{year - 1} 十佳孝老爱亲和谐家庭": ["★张家"], f"{year} 十佳孝老爱亲和谐家庭": ["王家"]}
    assert not any(ch.isdigit() for ch in "".join(li.get_text() for li in section.select(".winners li")))
    assert "101" not in section.get_text()


def test_the_board_of_another_community_shows_none_of_these(client, world):
    nomination(world, award(world, state=AwardState.AWARDED), state=NominationState.WINNER)
    deed(world)
    page = soup(client.get(reverse("boards:board", args=[world.other_community.pk])), status=200)
    assert not page.select("#board-honours, #board-deeds")


def test_consent_hides_photos_on_the_public_board(client, world):
    shown = deed(world, title="有同意")
    hidden = deed(world, consent=False, title="无同意")
    page = soup(client.get(reverse("boards:board", args=[world.community.pk])), status=200)
    cards = {c.find("h4").get_text(): c for c in page.select("#board-deeds .deed-card")}
    assert cards["有同意"].select_one("img.deed-thumb")
    assert cards["无同意"].select_one("img") is None
    assert "无同意" in page.select_one("#board-deeds").get_text()  # the entry is shown, without its photo
    assert client.get(reverse("honours:deed_photo", args=[hidden.pk, "thumb"])).status_code == 404
    assert client.get(reverse("honours:deed_photo", args=[shown.pk, "thumb"])).status_code == 200
    # Consent withdrawn: hidden at once, the file too.
    shown.photo_consent = False
    shown.save()
    assert client.get(reverse("honours:deed_photo", args=[shown.pk, "full"])).status_code == 404


def test_the_four_boards_are_shown(client, world):
    for board in WallBoard.values:
        deed(world, board=board, photo=False)
    page = soup(client.get(reverse("boards:board", args=[world.community.pk])), status=200)
    assert [b["data-board"] for b in page.select("#board-deeds .deed-board")] == list(WallBoard.values)


def _count(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_board_and_public_page_queries_do_not_grow(client, world):
    board = reverse("boards:board", args=[world.community.pk])
    public = reverse("honours:public", args=[world.community.pk])
    a = award(world, state=AwardState.AWARDED)
    nomination(world, a, state=NominationState.WINNER)
    in_publicity(world)
    deed(world)
    small = (_count(client, board), _count(client, public))
    for k in range(6):
        b = award(world, state=AwardState.AWARDED, name=f"奖{k}")
        nomination(world, b, name=f"{'赵钱孙吴郑王'[k]}家", state=NominationState.WINNER)
        p = award(world, state=AwardState.PUBLICITY, name=f"公示{k}")
        nomination(world, p, name=f"{'赵钱孙吴郑王'[k]}家", state=NominationState.ACCEPTED)
        deed(world, board=WallBoard.values[k % 4])
        award(world, name=f"开放{k}")
    assert (_count(client, board), _count(client, public)) == small


def test_a_photo_whose_file_is_gone_is_not_found(client, world):
    d = deed(world)
    d.photo.storage.delete(d.thumbnail.name)
    assert client.get(reverse("honours:deed_photo", args=[d.pk, "thumb"])).status_code == 404
