"""Ratings' pages: the desk table (all or nothing, per-cell errors, hostile input, a fixed number
of queries at two sizes), the phone card, the round's moves, and what other pages show of a
published round (the area and household pages, the tree, the public board, the workbench)."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.html import soup
from tongxin.council.ratings import services
from tongxin.council.ratings.models import RatingEntry, RatingRound, RoundState, Score
from tongxin.council.ratings.services.scoring import cell_key
from tongxin.council.ratings.tests.support import open_round, published, scheme, score_all, staff
from tongxin.platform.core.tree_ops import node_insert
from tongxin.registry.areas.models import Area, Household, Level

pytestmark = pytest.mark.django_db


@pytest.fixture
def client(client):
    """Pages read in English here, so the messages asserted are the msgids (zh: tests/test_i18n.py)."""
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


HAND: dict[str, list[Any]] = {
    "1号楼": [9, 9, 4.5, 18],
    "2号楼": [8, 7, 4, 10],
}  # 90 → 五星, 74 → 三星 (test_services.py)


def _cells(rnd: RatingRound, rows: dict[str, list[str]]) -> dict[str, str]:
    criteria = list(rnd.scheme.criteria.order_by("position"))
    entries = {e.label: e.pk for e in rnd.entries.all()}
    return {
        cell_key(entries[label], c.pk): v
        for label, values in rows.items()
        for c, v in zip(criteria, values, strict=True)
    }


def test_the_desk_saves_every_cell_at_once_and_shows_the_results(client, world, secretary):
    rnd = open_round(scheme(world.community))
    client.force_login(secretary)
    url = reverse("ratings:round_desk", args=[rnd.pk])
    page = soup(client.get(url), status=200)
    assert len(page.select(".desk-table tbody tr")) == 2
    assert len(page.select(".desk-table input")) == 8
    response = client.post(url, _cells(rnd, {"1号楼": ["9", "9", "4.5", "18"], "2号楼": ["８", "7", "4,0", "10"]}))
    assert response.status_code == 302
    page = soup(client.get(reverse("ratings:round", args=[rnd.pk])), status=200)
    rows = {tr.select_one(".card-title").get_text(strip=True): tr for tr in page.select(".rating-results tbody tr")}
    assert rows["1号楼"].select_one(".score").get_text(strip=True) == "90.00"
    assert rows["1号楼"].select_one(".level-name").get_text(strip=True) == "五星"
    assert rows["2号楼"].select_one(".score").get_text(strip=True) == "74.00"
    assert rows["2号楼"].select_one(".stars").get_text(strip=True) == "★★★☆☆"
    by_level = {li["data-level"]: li.select_one(".num").get_text(strip=True) for li in page.select("#by-level li")}
    assert by_level == {"五星": "1", "三星": "1"}


HOSTILE = [
    "abc",
    "11",
    "-1",
    "1e999",
    "NaN",
    "Infinity",
    "9.55",
    "\x00",
    "x" * 5000,
    "<script>alert(1)</script>",
    "1/2",
]


def test_hostile_cells_save_nothing_and_each_is_named(client, world, secretary):
    rnd = open_round(scheme(world.community))
    score_all(rnd, {"1号楼": [1, 1, 1, 1]})
    client.force_login(secretary)
    url = reverse("ratings:round_desk", args=[rnd.pk])
    entries = list(rnd.entries.order_by("position"))
    criteria = list(rnd.scheme.criteria.order_by("position"))
    for bad in HOSTILE:
        data = _cells(rnd, {"1号楼": ["9", "9", "4", "18"], "2号楼": ["8", bad, "4", "10"]})
        # Cells of no round, another round's entry, a criterion of no scheme: ignored.
        data.update({"s_999999_1": "5", f"s_{entries[0].pk}_999999": "5", "s_x_y": "5", "to": "publish"})
        response = client.post(url, data)
        page = soup(response, status=200)
        bad_cell = page.select_one(f"#{cell_key(entries[1].pk, criteria[1].pk)}")
        assert bad_cell["aria-invalid"] == "true", bad
        errors = page.select(".desk-table .error")
        assert len(errors) == 1, (bad, [e.get_text() for e in errors])
        text = errors[0].get_text()
        assert ("Not a number" in text) or ("Out of range" in text) or ("decimal place" in text), (bad, text)
        assert "Nothing was saved" in page.select_one("#desk-errors").get_text()
        assert not page.select("script:-soup-contains('alert(1)')")
        assert sorted(Score.objects.filter(entry__round=rnd).values_list("value", flat=True)) == [1, 1, 1, 1]
    assert rnd.entries.count() == 2


def test_the_desk_costs_the_same_queries_for_2_or_14_buildings(client, world, secretary):
    def measure() -> tuple[int, int]:
        s = scheme(world.community, name=f"星级楼组{Area.objects.count()}")
        rnd = open_round(s)
        url = reverse("ratings:round_desk", args=[rnd.pk])
        labels = list(rnd.entries.values_list("label", flat=True))
        data = _cells(rnd, {label: ["9", "9", "4.5", "18"] for label in labels})
        with CaptureQueriesContext(connection) as shown:
            assert client.get(url).status_code == 200
        with CaptureQueriesContext(connection) as saved:
            assert client.post(url, data).status_code == 302
        assert Score.objects.filter(entry__round=rnd).count() == 4 * len(labels)
        RatingRound.objects.filter(pk=rnd.pk).update(state=RoundState.PUBLISHED)
        return len(shown), len(saved)

    client.force_login(secretary)
    small = measure()
    for n in range(12):
        node_insert(Area(parent=world.grid1, level=Level.BUILDING, name=f"{n + 3}号楼"))
    assert measure() == small


def test_the_round_page_and_index_cost_the_same_queries_at_two_sizes(client, world, secretary):
    rnd = open_round(scheme(world.community))
    client.force_login(secretary)
    urls = [reverse("ratings:round", args=[rnd.pk]), reverse("ratings:index")]
    with CaptureQueriesContext(connection) as small:
        for url in urls:
            client.get(url)
    for n in range(10):
        node_insert(Area(parent=world.grid1, level=Level.BUILDING, name=f"{n + 3}号楼"))
    other = open_round(scheme(world.community, name="文明楼栋"))
    urls[0] = reverse("ratings:round", args=[other.pk])
    with CaptureQueriesContext(connection) as large:
        for url in urls:
            client.get(url)
    assert len(large) == len(small)


def test_a_card_scores_one_subject_then_the_next(client, world, secretary):
    rnd = open_round(scheme(world.community))
    first, second = rnd.entries.order_by("position")
    client.force_login(secretary)
    url = reverse("ratings:round_card", args=[rnd.pk, first.pk])
    page = soup(client.get(url), status=200)
    assert len(page.select(".score-card input[inputmode=decimal]")) == 4
    data = {**_cells(rnd, {"1号楼": ["9", "9", "4.5", "18"]}), "next": "1"}
    response = client.post(url, data)
    assert response["Location"] == reverse("ratings:round_card", args=[rnd.pk, second.pk])
    page = soup(
        client.post(
            reverse("ratings:round_card", args=[rnd.pk, second.pk]), _cells(rnd, {"2号楼": ["8", "70", "4", "10"]})
        ),
        status=200,
    )
    assert "Out of range: a score from 0 to 10." in page.select_one(".score-card .error").get_text()
    other = open_round(scheme(world.other_community))
    assert client.get(reverse("ratings:round_card", args=[rnd.pk, other.entries.first().pk])).status_code == 404


def test_moves_through_the_page_and_the_publish_button_waits_for_publicity(client, world, secretary):
    rnd = open_round(scheme(world.community), start=False)
    client.force_login(secretary)
    move = reverse("ratings:round_move", args=[rnd.pk])
    client.post(move, {"to": "start"})
    score_all(rnd, HAND)
    client.post(move, {"to": "publicise"})
    rnd.refresh_from_db()
    assert rnd.state == RoundState.PUBLICITY
    page = soup(client.get(reverse("ratings:round", args=[rnd.pk])), status=200)
    assert page.select_one("button[disabled]").get_text(strip=True) == "Publish the results"
    response = client.post(move, {"to": "publish"}, follow=True)
    assert "Publicity runs until" in response.content.decode()
    RatingRound.objects.filter(pk=rnd.pk).update(publicity_ends=timezone.now() - datetime.timedelta(minutes=1))
    client.post(move, {"to": "publish"})
    rnd.refresh_from_db()
    assert rnd.state == RoundState.PUBLISHED


def test_a_building_and_a_household_show_their_ratings_and_the_tree_its_badge(client, world, secretary):
    published(world.community, HAND, 2025)
    s = scheme(world.community, kind="household", name="道德评议")
    rnd = open_round(s)
    score_all(rnd, {"1号楼 101": [9, 9, 4.5, 18], "2号楼 201": [1, 1, 1, 1]})
    services.round_publicise(actor=staff(), rnd=rnd)
    client.force_login(secretary)
    page = soup(client.get(reverse("areas:detail", args=[world.building1.pk])), status=200)
    history = page.select_one("#ratings-history")
    assert "2025年度星级楼组创建" in history.get_text()
    assert history.select_one(".level-name").get_text(strip=True) == "五星"
    page = soup(client.get(reverse("households:detail", args=[world.household1.pk])), status=200)
    history = page.select_one("#ratings-history")
    assert "道德评议" in history.get_text() and "in publicity" in history.get_text()
    page = soup(client.get(reverse("areas:detail", args=[world.grid1.pk])), status=200)
    node = page.select_one(f"#node-{world.building1.pk}")
    assert node.select_one(".tree-mark").get_text(strip=True) == "★★★★★ 五星"
    assert not page.select_one(f"#node-{world.building1.pk} #ratings-history")
    # A place with no rating shows no empty section.
    page = soup(client.get(reverse("areas:detail", args=[world.grid2.pk])), status=200)
    assert not page.select("#ratings-history")


def test_the_public_board_shows_published_places_and_no_household(client, world):
    published(world.community, HAND, 2025)
    s = scheme(world.community, kind="household", name="道德评议")
    rnd = open_round(s)
    score_all(rnd, {"1号楼 101": [9, 9, 4.5, 18], "2号楼 201": [9, 9, 4.5, 18]})
    services.round_publicise(actor=staff(), rnd=rnd, now=timezone.now() - datetime.timedelta(days=10))
    services.round_publish(actor=staff(), rnd=rnd)
    page = soup(client.get(reverse("boards:board", args=[world.community.pk])), status=200)
    section = page.select_one("#board-ratings")
    levels = {li["data-level"]: li.get_text(" ", strip=True) for li in section.select("li[data-level]")}
    assert set(levels) == {"五星", "三星"}
    assert "1号楼" in levels["五星"] and "2号楼" in levels["三星"]
    assert "101" not in section.get_text() and "道德评议" not in section.get_text()
    other = soup(client.get(reverse("boards:board", args=[world.other_community.pk])), status=200)
    assert not other.select("#board-ratings")


def test_the_workbench_counts_the_rounds_its_links_list(client, world, secretary, grid_worker):
    waiting = open_round(scheme(world.community))
    ending = open_round(scheme(world.community, name="文明楼栋"))
    score_all(ending, HAND)
    services.round_publicise(actor=staff(), rnd=ending, now=timezone.now() - datetime.timedelta(days=6))
    client.force_login(secretary)
    page = soup(client.get(reverse("home")), status=200)
    items = {li["data-item"]: li for li in page.select("li.wb-item")}
    assert items["ratings.scoring"].select_one(".wb-row a")["href"] == reverse("ratings:round", args=[waiting.pk])
    assert items["ratings.publicity"].select_one(".wb-row a")["href"] == reverse("ratings:round", args=[ending.pk])
    for key in ("ratings.scoring", "ratings.publicity"):
        link = items[key].select_one("a.wb-item-head")["href"]
        listed = soup(client.get(link), status=200).select("#rounds tbody tr")
        assert len(listed) == int(items[key].select_one(".wb-count").get_text(strip=True)) == 1
    client.force_login(grid_worker)
    page = soup(client.get(reverse("home")), status=200)
    assert not [li for li in page.select("li.wb-item") if li["data-item"].startswith("ratings.")]


def test_a_new_scheme_from_the_form_with_a_bad_row_says_which(client, world, secretary):
    client.force_login(secretary)
    data = {
        "community": str(world.community.pk), "name": "星级楼组", "subject_kind": "building", "cadence": "yearly",
        "publicity_days": "7", "c1_name": "环境", "c1_weight": "abc", "c1_max": "10", "l1_name": "五星",
        "l1_threshold": "90",
    }  # fmt: skip
    page = soup(client.post(reverse("ratings:scheme_create"), data), status=200)
    assert (
        page.select_one("#id_c1_weight").find_parent(class_="field").select_one(".error").get_text()
        == "Enter a number."
    )
    data["c1_weight"] = "100"
    response = client.post(reverse("ratings:scheme_create"), data)
    assert response.status_code == 302
    assert Household.objects.count() == 3  # untouched
    assert RatingEntry.objects.count() == 0


def test_the_board_section_costs_the_same_queries_at_two_sizes(client, world):
    from tongxin.council.ratings.board import build

    published(world.community, HAND, 2024)
    with CaptureQueriesContext(connection) as small:
        assert build(world.community, 2026) is not None
    for n in range(10):
        node_insert(Area(parent=world.grid1, level=Level.BUILDING, name=f"{n + 3}号楼"))
    s = scheme(world.community, name="文明楼栋")
    rnd = open_round(s)
    score_all(rnd, {label: [9, 9, 4.5, 18] for label in rnd.entries.values_list("label", flat=True)})
    services.round_publicise(actor=staff(), rnd=rnd, now=timezone.now() - datetime.timedelta(days=10))
    with CaptureQueriesContext(connection) as large:
        board = build(world.community, 2026)
    assert board is not None and len(board["rounds"]) == 2
    assert len(large) == len(small)
