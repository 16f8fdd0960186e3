"""The campaign pages: lists, the campaign and the targets page at a fixed query count, a check
from the phone (a problem with a photo becoming a case, its EXIF gone), the summary, the
inspection points, and bad input answered with a message (never a 500)."""

from __future__ import annotations

from typing import Any

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from PIL import Image

from tongxin.fieldwork.campaigns import services
from tongxin.fieldwork.campaigns.models import Campaign, InspectionPoint, Target
from tongxin.fieldwork.campaigns.tests.support import campaign, grate, staff
from tongxin.grid.cases.models import CasePhoto
from tongxin.grid.cases.tests.photo_files import SHANGHAI, jpeg, upload
from tongxin.registry.areas.models import Household

pytestmark = pytest.mark.django_db


def _queries(client: Any, url: str) -> tuple[int, Any]:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries), response


def _more_households(world: Any, n: int) -> None:
    Household.objects.bulk_create(
        [Household(area=world.building1, grid=world.grid1, number=f"8{i:02d}") for i in range(n)]
        + [Household(area=world.building2, grid=world.grid2, number=f"8{i:02d}") for i in range(n)]
    )


def test_the_list_costs_the_same_for_2_and_12_campaigns(client: Any, world: Any, secretary: Any) -> None:
    client.force_login(secretary)
    for _ in range(2):
        campaign(world.community)
    url = reverse("campaigns:list")
    client.get(url)
    small, _ = _queries(client, url)
    for _ in range(10):
        campaign(world.community, start=False)
    large, response = _queries(client, url)
    assert small == large
    soup = BeautifulSoup(response.content, "html.parser")
    assert len(soup.select("#campaigns li.campaign-card")) == 12
    running = BeautifulSoup(client.get(url + "?status=running").content, "html.parser")
    assert len(running.select("#campaigns li.campaign-card")) == 2
    assert "0 / 2" in running.select_one("[data-figure=checked]").text


def test_the_campaign_and_targets_pages_cost_the_same_at_two_sizes(
    client: Any, world: Any, secretary: Any, grid_worker: Any
) -> None:
    small_c = campaign(world.community)
    _more_households(world, 25)
    large_c = campaign(world.community)
    services.target_check(actor=grid_worker, target=large_c.targets.filter(grid=world.grid1)[0], result="ok")
    for user in (secretary, grid_worker):
        client.force_login(user)
        for name in ("campaigns:campaign", "campaigns:summary"):
            client.get(reverse(name, args=[small_c.pk]))
            small, _ = _queries(client, reverse(name, args=[small_c.pk]))
            large, _ = _queries(client, reverse(name, args=[large_c.pk]))
            assert small == large, (user, name)
        grid = f"?grid={world.grid1.pk}"
        small, _ = _queries(client, reverse("campaigns:targets", args=[small_c.pk]) + grid)
        large, response = _queries(client, reverse("campaigns:targets", args=[large_c.pk]) + grid)
        assert small == large
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.select_one("[data-figure=grid-checked]").text == "1/26"
    assert len(soup.select("#pending .target-card")) == 25


def test_the_grid_worker_sees_only_their_grid(client: Any, world: Any, grid_worker: Any) -> None:
    c = campaign(world.community)
    client.force_login(grid_worker)
    soup = BeautifulSoup(client.get(reverse("campaigns:campaign", args=[c.pk])).content, "html.parser")
    assert [tr["data-grid"] for tr in soup.select("#grid-progress tbody tr")] == [str(world.grid1.pk)]
    # Without ?grid= their one grid opens; another grid's id is ignored.
    page = client.get(reverse("campaigns:targets", args=[c.pk]) + f"?grid={world.grid2.pk}")
    labels = [
        t.select_one(".target-label").text for t in BeautifulSoup(page.content, "html.parser").select(".target-card")
    ]
    assert labels == ["1号楼 101"]


def test_a_check_from_the_phone_and_a_problem_with_a_photo(client: Any, world: Any, grid_worker: Any) -> None:
    _more_households(world, 2)
    c = campaign(world.community)
    first, second = c.targets.filter(grid=world.grid1).order_by("sort_key", "id")[:2]
    client.force_login(grid_worker)
    response = client.post(reverse("campaigns:target_ok", args=[first.pk]))
    assert response.status_code == 302 and f"grid={world.grid1.pk}" in response["Location"]
    gps: dict[int, Any] = {int(k): v for k, v in SHANGHAI.items()}
    photo = upload("grate.jpg", jpeg(gps=gps))
    response = client.post(
        reverse("campaigns:target_problem", args=[second.pk]), {"note": "消防通道被占用", "photos": [photo]}
    )
    assert response.status_code == 302
    second.refresh_from_db()
    assert second.result == "problem" and second.case is not None
    stored = CasePhoto.objects.get(case=second.case)
    with Image.open(stored.image.open("rb")) as img:
        assert not img.getexif()
    page = client.get(reverse("campaigns:targets", args=[c.pk]))
    soup = BeautifulSoup(page.content, "html.parser")
    assert soup.select_one("[data-figure=grid-checked]").text == "2/3"
    assert [li["data-target"] for li in soup.select("#done li")] == [str(second.pk), str(first.pk)]


def test_a_bad_photo_or_no_note_saves_nothing(client: Any, world: Any, grid_worker: Any) -> None:
    c = campaign(world.community)
    t = c.targets.get(household=world.household1)
    client.force_login(grid_worker)
    url = reverse("campaigns:target_problem", args=[t.pk])
    response = client.post(url, {"note": "漏水", "photos": [upload("x.jpg", b"not a photo")]})
    assert response.status_code == 200 and "x.jpg" in response.content.decode()
    response = client.post(url, {"note": "", "photos": []})
    assert response.status_code == 200
    response = client.post(url, {"note": "长" * 5000})
    assert response.status_code == 200
    t.refresh_from_db()
    assert t.checked_at is None and t.case is None


def test_a_closed_campaign_refuses_a_check_with_a_message(client: Any, world: Any, grid_worker: Any) -> None:
    c = campaign(world.community)
    services.campaign_close(actor=staff(), campaign=c, summary="结束")
    t = c.targets.get(household=world.household1)
    client.force_login(grid_worker)
    response = client.post(reverse("campaigns:target_ok", args=[t.pk]), follow=True)
    assert response.status_code == 200
    assert "已结束" in response.content.decode() or "closed" in response.content.decode()
    t.refresh_from_db()
    assert t.checked_at is None


def test_new_start_close_and_the_printable_summary(client: Any, world: Any, secretary: Any) -> None:
    client.force_login(secretary)
    response = client.post(
        reverse("campaigns:new"),
        {"kind": "census", "place": world.grid1.pk, "starts_on": "2026-11-01", "ends_on": "2026-11-30"},
    )
    assert response.status_code == 302
    c = Campaign.objects.get()
    assert c.targets.count() == 1 and c.status == "draft"
    client.post(reverse("campaigns:start", args=[c.pk]))
    c.refresh_from_db()
    assert c.status == "running"
    response = client.post(reverse("campaigns:close", args=[c.pk]), {"summary": "第一网格入户普查完成。"})
    assert response["Location"] == reverse("campaigns:summary", args=[c.pk])
    soup = BeautifulSoup(client.get(response["Location"]).content, "html.parser")
    assert "第一网格入户普查完成。" in soup.select_one("#summary-text").text
    assert soup.select_one("#closed-counts") is not None


def test_hostile_input_is_answered_without_a_500(client: Any, world: Any, secretary: Any) -> None:
    client.force_login(secretary)
    c = campaign(world.community)
    for url in (
        reverse("campaigns:list") + "?status=%00&node=99999999999999999999&page=-1",
        reverse("campaigns:targets", args=[c.pk]) + "?grid=abc",
        reverse("campaigns:targets", args=[c.pk]) + "?grid=99999999999999999999",
        reverse("campaigns:points") + "?kind=<script>&grid=x&q=%00%00",
    ):
        assert client.get(url).status_code in (200, 404), url
    assert client.get(reverse("campaigns:campaign", args=[2**63 - 1])).status_code == 404
    for data in (
        {"kind": "census", "place": "abc", "starts_on": "2026-13-01", "ends_on": "x"},
        {"kind": "census", "place": world.other_community.pk, "starts_on": "2026-11-01", "ends_on": "2026-11-02"},
        {"kind": "<b>", "place": world.community.pk, "starts_on": "2026-11-01", "ends_on": "2026-11-02"},
        {
            "kind": "census",
            "place": world.community.pk,
            "name": "名" * 500,
            "starts_on": "2026-11-01",
            "ends_on": "2026-11-02",
        },
    ):
        assert client.post(reverse("campaigns:new"), data).status_code == 200
    assert Campaign.objects.count() == 1
    for data in (
        {"community": world.community.pk, "kind": "rain_grate", "name": "A", "latitude": "1e999", "longitude": "1"},
        {"community": world.community.pk, "kind": "rain_grate", "name": "A", "latitude": "30", "longitude": "1",
         "building": world.other_household.area_id},
        {"community": world.other_community.pk, "kind": "rain_grate", "name": "A", "latitude": "30", "longitude": "1",
         "grid": world.other_grid.pk},
        {"community": world.community.pk, "kind": "rain_grate", "name": "x" * 61, "latitude": "30", "longitude": "1",
         "grid": world.grid1.pk},
    ):  # fmt: skip
        assert client.post(reverse("campaigns:point_new"), data).status_code == 200
    assert not InspectionPoint.objects.exists()
    assert client.post(reverse("campaigns:close", args=[c.pk]), {"summary": "x" * 5000}).status_code == 200


def test_points_list_and_edit(client: Any, world: Any, secretary: Any) -> None:
    p = grate(world.community, world.grid1, "YS-001")
    client.force_login(secretary)
    soup = BeautifulSoup(client.get(reverse("campaigns:points")).content, "html.parser")
    assert "YS-001" in soup.select_one("#points").text
    response = client.post(
        reverse("campaigns:point_edit", args=[p.pk]),
        {
            "kind": "rain_grate",
            "name": "YS-001A",
            "latitude": "30.6",
            "longitude": "114.4",
            "building": world.building2.pk,
        },
    )
    assert response.status_code == 302
    p.refresh_from_db()
    assert (p.name, p.grid_id, p.building_id, p.is_active) == ("YS-001A", world.grid2.pk, world.building2.pk, False)


def test_targets_of_a_draft_never_reach_the_field(client: Any, world: Any, grid_worker: Any) -> None:
    c = campaign(world.community, start=False)
    client.force_login(grid_worker)
    assert client.get(reverse("campaigns:targets", args=[c.pk])).status_code == 404
    t = Target.objects.filter(campaign=c, grid=world.grid1).first()
    assert client.post(reverse("campaigns:target_ok", args=[t.pk])).status_code == 404
    t.refresh_from_db()
    assert t.checked_at is None


def test_the_points_list_costs_the_same_for_2_and_30(client: Any, world: Any, secretary: Any) -> None:
    client.force_login(secretary)
    for i in range(2):
        grate(world.community, world.grid1, f"YS-{i:03d}", world.building1)
    url = reverse("campaigns:points")
    client.get(url)
    small, _ = _queries(client, url)
    for i in range(2, 30):
        grate(world.community, world.grid2 if i % 2 else world.grid1, f"YS-{i:03d}")
    large, response = _queries(client, url)
    assert small == large
    assert len(BeautifulSoup(response.content, "html.parser").select("#points tbody tr")) == 30


def test_the_new_campaign_page_offers_every_template(client: Any, world: Any, secretary: Any) -> None:
    client.force_login(secretary)
    soup = BeautifulSoup(client.get(reverse("campaigns:new")).content, "html.parser")
    kinds = [i["value"] for i in soup.select("input[name=kind]")]
    assert kinds == ["flood", "safety", "geological", "census", "vaccination", "other"]
    places = [o.text.strip() for o in soup.select("select[name=place] option") if o["value"]]
    assert places == ["甲社区", "第一网格", "1号楼", "第二网格", "2号楼"]
