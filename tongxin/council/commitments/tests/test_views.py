"""Pages of commitments and the public board: what a user reads, fixed query counts at two sizes,
never a personal number, a photo only with consent."""

from __future__ import annotations

import io
from typing import Any

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from conftest import ID_ZHANGSAN, PASSWORD
from tongxin.council.commitments import services
from tongxin.council.commitments.tests.support import card, member, pledge, red_six, staff

pytestmark = pytest.mark.django_db


def _client(user: Any) -> Client:
    c = Client()
    c.login(username=user.username, password=PASSWORD)
    return c


def _grow(world: Any, n: int, start: int = 0) -> None:
    """n more members of 第一网格党支部 living in 张三's household, each on the board with a pledge
    and an entry."""
    for k in range(start, start + n):
        from tongxin.registry.people.models import Resident

        r = Resident.objects.create(household=world.household1, name=f"居民{k}")
        m = member(world.branch1, f"党员{k}", resident=r)
        card(m, world.community, post="楼栋长")
        pledge(m, world.community, entries=1)


def _count(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx)


def test_lists_and_the_board_in_a_fixed_number_of_queries(world: Any, secretary: Any) -> None:
    red_six(world.community)
    _grow(world, 2)
    client = _client(secretary)
    anonymous = Client()
    urls = [
        reverse("commitments:pledges", args=[world.community.pk]),
        reverse("commitments:cards", args=[world.community.pk]),
        reverse("commitments:items", args=[world.community.pk]),
    ]
    board = reverse("boards:board", args=[world.community.pk])
    small = [_count(client, u) for u in urls] + [_count(anonymous, board), _count(anonymous, board + "?screen=1")]
    _grow(world, 9, start=2)
    large = [_count(client, u) for u in urls] + [_count(anonymous, board), _count(anonymous, board + "?screen=1")]
    assert small == large


def test_the_board_shows_members_by_courtyard_and_branch_and_no_number(world: Any) -> None:
    from tongxin.registry.people.models import Resident

    zhangsan = Resident.objects.get(pk=world.zhangsan.pk)
    world.member1.resident = zhangsan  # 赵党员 lives in 1号楼 (第一网格)
    world.member1.save()
    card(world.member1, world.community, post="党员中心户")
    card(world.member2, world.community, post="楼栋长")  # no household: under 第二网格党支部
    hidden = member(world.branch1, "不公开")
    card(hidden, world.community, shown=False)
    pledge(world.member1, world.community, items=2)
    response = Client().get(reverse("boards:board", args=[world.community.pk]))
    html = response.content.decode()
    soup = BeautifulSoup(html, "html.parser")
    section = soup.select_one("#board-members")
    assert section is not None
    groups = [h.get_text(" ", strip=True) for h in section.select("h3.board-group")]
    assert groups[0].startswith("第一网格") and groups[1].startswith("第二网格党支部")
    cards = section.select(".member-card")
    names = [c.select_one(".member-name").get_text(" ", strip=True) for c in cards]
    assert names == ["赵党员 党员中心户", "钱党员 楼栋长"]
    assert "1号楼" in cards[0].get_text()
    assert [t.get_text() for t in cards[0].select(".pledge-tag")] == ["亮身份作表率", "联系服务群众"]
    assert "不公开" not in html
    assert ID_ZHANGSAN not in html and ID_ZHANGSAN[-4:] not in html and "13800" not in html
    assert not section.select("img")  # no consent, no photo
    # Coverage 2 of 2 members (赵, 钱; 不公开 is hidden) = 67% of 3
    figures = [p.get_text(" ", strip=True) for p in section.select(".board-figures .figure")]
    assert figures[0].startswith("67%")

    chosen = Client().get(reverse("boards:board", args=[world.community.pk]) + f"?place={world.grid1.pk}")
    soup = BeautifulSoup(chosen.content, "html.parser")
    assert [n.get_text(" ", strip=True) for n in soup.select("#board-members .member-name")] == ["赵党员 党员中心户"]


def _jpeg() -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (30, 40), (120, 120, 120)).save(out, "JPEG")
    return out.getvalue()


def test_a_photo_only_while_the_member_consents(world: Any) -> None:
    c = services.card_save(
        actor=staff(),
        member=world.member1,
        community=world.community,
        post="",
        shown=True,
        photo_consent=True,
        photo=_jpeg(),
    )
    board = reverse("boards:board", args=[world.community.pk])
    soup = BeautifulSoup(Client().get(board).content, "html.parser")
    img = soup.select_one("#board-members img.member-photo")
    assert img is not None and img["alt"] == "赵党员"
    assert Client().get(str(img["src"])).status_code == 200
    services.card_save(
        actor=staff(), member=world.member1, community=world.community, post="", shown=True, photo_consent=False
    )
    soup = BeautifulSoup(Client().get(board).content, "html.parser")
    assert soup.select_one("#board-members img") is None
    assert Client().get(reverse("commitments:member_photo", args=[c.pk])).status_code == 404


def test_the_convention_on_the_board_and_the_lobby_screen(world: Any) -> None:
    services.convention_adopt(
        actor=staff(), community=world.community, articles="爱护公共环境\n文明养犬", adopted_on=timezone.localdate(),
        decided_by="居民代表会议",
    )  # fmt: skip
    card(world.member1, world.community)
    screen = Client().get(reverse("boards:board", args=[world.community.pk]) + "?screen=1")
    soup = BeautifulSoup(screen.content, "html.parser")
    assert [li.get_text() for li in soup.select("#board-convention ol.articles li")] == ["爱护公共环境", "文明养犬"]
    assert soup.select_one("nav") is None and soup.select_one(".board-chooser") is None  # no menus, no chooser
    assert soup.select_one("noscript") is not None  # without scripts a meta refresh reloads the screen
    assert [li["data-for"] for li in soup.select(".screen-dots li")] == ["board-members", "board-convention"]


def test_the_chooser_of_boards_and_the_public_links(world: Any) -> None:
    soup = BeautifulSoup(Client().get(reverse("boards:index")).content, "html.parser")
    links = [a["href"] for a in soup.select(".big-links a")]
    assert reverse("boards:board", args=[world.community.pk]) in links
    home = Client().get(reverse("public:community", args=[world.community.pk])).content.decode()
    assert reverse("boards:board", args=[world.community.pk]) in home


def test_a_member_sees_their_pledge_on_their_own_page(world: Any, party_member: Any) -> None:
    p = pledge(world.member1, world.community, entries=1)
    services.fulfilment_verify(actor=staff(), entry=p.fulfilments.get())
    soup = BeautifulSoup(_client(party_member).get(reverse("me")).content, "html.parser")
    text = soup.get_text(" ", strip=True)
    assert "亮身份作表率" in text and "清理楼道1" in text


def test_the_secretary_records_a_pledge_and_an_entry(world: Any, secretary: Any) -> None:
    items = red_six(world.community)
    client = _client(secretary)
    url = reverse("commitments:pledge", args=[world.community.pk, world.member1.pk])
    today = timezone.localdate()
    response = client.post(url, {"items": [items[0].pk, items[2].pk], "words": "带头", "pledged_on": today.isoformat()})
    assert response.status_code == 302
    response = client.post(
        reverse("commitments:fulfilment_add", args=[world.member1.pk and world.community.pk, world.member1.pk]),
        {"done_on": today.isoformat(), "text": "帮独居老人买菜", "item": str(items[2].pk)},
        follow=True,
    )
    soup = BeautifulSoup(response.content, "html.parser")
    assert "帮独居老人买菜" in soup.select_one(".plain-list").get_text()
    # A date in the future: said in words, nothing written.
    response = client.post(url, {"items": [items[0].pk], "pledged_on": "2999-01-01"})
    assert response.status_code == 200
    assert BeautifulSoup(response.content, "html.parser").select(".error")


def test_the_secretary_uploads_a_photo_with_consent(world: Any, secretary: Any) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tongxin.council.commitments.models import MemberCard

    url = reverse("commitments:card", args=[world.member1.pk and world.community.pk, world.member1.pk])
    photo = SimpleUploadedFile("me.jpg", _jpeg(), content_type="image/jpeg")
    response = _client(secretary).post(
        url, {"post": "党员中心户", "shown": "on", "photo_consent": "on", "photo": photo}
    )
    assert response.status_code == 302
    card_row = MemberCard.objects.get(member=world.member1)
    assert card_row.photo and card_row.photo_consent and card_row.consent_recorded_by == secretary
    # Not a picture: said next to the field, nothing stored.
    bad = SimpleUploadedFile("x.jpg", b"not an image", content_type="image/jpeg")
    response = _client(secretary).post(url, {"post": "", "shown": "on", "photo": bad})
    assert response.status_code == 200
    assert BeautifulSoup(response.content, "html.parser").select(".has-error .error")


def test_a_large_board_opens_on_its_courtyards_and_the_lobby_screen_shows_every_card(
    world: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Past CARDS_AT_ONCE members, a phone opens on the courtyards with their counts (not 40 screens
    of cards); a courtyard opens its cards; the lobby screen still pages through every card."""
    from tongxin.council.commitments import board

    monkeypatch.setattr(board, "CARDS_AT_ONCE", 3)
    _grow(world, 3)  # 党员0–2 of 第一网格党支部 living in 1号楼 (第一网格)
    card(world.member2, world.community)  # no household here: under 第二网格党支部
    url = reverse("boards:board", args=[world.community.pk])
    soup = BeautifulSoup(Client().get(url).content, "html.parser")
    links = [(a["href"], a.get_text(" ", strip=True)) for a in soup.select("#board-members .board-courtyards a")]
    assert links == [
        (f"?place={world.grid1.pk}#board-members", "第一网格 3 名党员"),
        (f"?place=b{world.branch2.pk}#board-members", "第二网格党支部 1 名党员"),
    ]
    assert not soup.select("#board-members .member-card")
    chosen = BeautifulSoup(Client().get(url + f"?place={world.grid1.pk}").content, "html.parser")
    assert len(chosen.select("#board-members .member-card")) == 3
    screen = BeautifulSoup(Client().get(url + "?screen=1").content, "html.parser")
    assert len(screen.select(".member-card")) == 4
