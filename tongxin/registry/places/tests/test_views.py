"""The places pages: fixed query counts at two sizes (the list, the API list, the community's
public page, the case map's data), bad input answered with a message, the public place page
(open now, nothing personal), the rooms from co-building with their calendar link, and the
resource form's place select."""

from __future__ import annotations

import datetime
import json
from typing import Any

import pytest
import time_machine
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tongxin.registry.areas.models import Area
from tongxin.registry.places.models import Place
from tongxin.registry.places.tests.support import centre, upload, with_photo

pytestmark = pytest.mark.django_db
# A Monday at 10:00 in Shanghai: the weekday hours of `centre` are open.
MONDAY_10 = datetime.datetime(2026, 11, 23, 10, 0, tzinfo=datetime.timezone(datetime.timedelta(hours=8)))


def _many(world: Any, n: int, start: int = 0) -> None:
    for i in range(start, start + n):
        centre(
            world.grid1 if i % 2 else world.community,
            name=f"阵地{i:02d}",
            kind=["service_centre", "red_harbour", "convenience", "day_care"][i % 4],
            latitude="39.90",
            longitude=f"116.{300 + i}",
        )


def _queries(client: Any, url: str) -> tuple[int, Any]:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries), response


@pytest.mark.parametrize(
    "url",
    [
        lambda w: reverse("places:list"),
        lambda w: reverse("places:list") + "?kind=red_harbour",
        lambda w: reverse("api:places"),
        lambda w: reverse("public:community", args=[w.community.pk]),
        lambda w: reverse("cases:map_data"),
    ],
)
def test_lists_cost_the_same_for_2_and_12_places(client: Any, world: Any, secretary: Any, url: Any) -> None:
    client.force_login(secretary)
    _many(world, 2)
    target = url(world)
    client.get(target)  # warm the session and caches
    small, _ = _queries(client, target)
    _many(world, 10, start=2)
    large, response = _queries(client, target)
    assert small == large
    if target == reverse("places:list"):
        assert len(BeautifulSoup(response.content, "html.parser").select("#places tbody tr")) == 12
    if target == reverse("cases:map_data"):
        assert sum(1 for f in response.json()["features"] if f["properties"]["kind"] == "place") == 12


@time_machine.travel(MONDAY_10, tick=False)
def test_the_list_says_open_now_and_counts_by_kind(client: Any, world: Any, secretary: Any) -> None:
    centre(world.community)
    centre(world.grid1, name="红色港湾", kind="red_harbour", hours={"6": "09:00-11:00"})
    client.force_login(secretary)
    soup = BeautifulSoup(client.get(reverse("places:list")).content, "html.parser")
    states = {
        tr.select_one(".card-title a").text: tr.select_one(".open-state")["data-open"]
        for tr in soup.select("#places tbody tr")
    }
    assert states == {"党群服务中心": "1", "红色港湾": "0"}
    assert soup.select_one('[data-kind="red_harbour"] .count').text == "1"


def test_the_grid_worker_sees_the_communitys_places_but_not_the_edit_button(
    client: Any, world: Any, grid_worker: Any
) -> None:
    place = centre(world.community)
    client.force_login(grid_worker)
    soup = BeautifulSoup(client.get(reverse("places:place", args=[place.pk])).content, "html.parser")
    assert soup.select_one("h1").text.startswith("党群服务中心")
    assert not soup.find("a", href=reverse("places:edit", args=[place.pk]))


def test_hostile_form_input_is_a_message_not_a_500(client: Any, world: Any, secretary: Any) -> None:
    client.force_login(secretary)
    data = {
        "area": str(world.other_community.pk),
        "kind": "castle",
        "name": "名" * 5000,
        "address": "\x00",
        "capacity": "1e99",
        "latitude": "1" * 40,
        "longitude": "abc",
        "hours_1": "<script>alert(1)</script>",
        "hours_2": "23:00-01:00",
        "services": "x" * 4000,
    }
    response = client.post(reverse("places:new"), data)
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    errors = soup.select(".error")
    assert len(errors) >= 8 and all(e.text.strip() for e in errors)
    assert "<script>alert(1)</script>" not in response.content.decode()
    assert not Place.objects.exists()


def test_an_out_of_range_id_is_a_404(client: Any, world: Any, secretary: Any) -> None:
    client.force_login(secretary)
    for url in ("/places/99999999999999999999/", "/places/photos/0/", "/public/places/9223372036854775808/"):
        assert client.get(url).status_code == 404
    assert client.get(reverse("places:list") + "?node=99999999999999999999").status_code == 200
    api = client.get(reverse("api:places") + "?community=99999999999999999999")
    assert api.status_code in (200, 422)
    assert client.get("/api/v1/places/abc").status_code in (404, 422)


def test_a_file_that_is_not_a_photo_is_named_in_the_message(client: Any, world: Any, secretary: Any) -> None:
    place = centre(world.community)
    client.force_login(secretary)
    response = client.post(
        reverse("places:photo_add", args=[place.pk]), {"photos": upload("合同.jpg", b"MZ\x90\x00junk"), "caption": "x"}
    )
    assert response.status_code == 200 and "合同.jpg" in response.content.decode()
    assert not place.photos.exists()


@time_machine.travel(MONDAY_10, tick=False)
def test_the_public_page_is_open_to_anyone_and_says_nothing_personal(client: Any, world: Any) -> None:
    place = centre(world.community, latitude="39.9087", longitude="116.3975")
    shown = with_photo(place)
    hidden = with_photo(place, public=False)
    community = BeautifulSoup(client.get(reverse("public:community", args=[world.community.pk])).content, "html.parser")
    card = community.select_one(f'#part-places\\.list [data-place="{place.pk}"]')
    assert card is not None and card.select_one(".open-state")["data-open"] == "1"
    assert card.a["href"] == reverse("places:public", args=[place.pk])
    page = client.get(reverse("places:public", args=[place.pk]))
    soup = BeautifulSoup(page.content, "html.parser")
    assert soup.select_one("#open-state .open-state")["data-open"] == "1"
    assert soup.select_one("a.call")["href"] == "tel:010-65123456"
    assert [li.text for li in soup.select("#services li")] == ["代缴水电费", "老年证办理"]
    photos = [img["src"] for img in soup.select("#photos img")]
    assert photos == [reverse("places:public_photo", args=[shown.pk]) + "?size=thumb"]
    assert reverse("places:public_photo", args=[hidden.pk]) not in page.content.decode()
    point = json.loads(str(soup.select_one("#place-map-config").string))
    assert (point["lat"], point["lng"]) == (39.9087, 116.3975)
    assert "t_places_staff" not in page.content.decode()
    assert client.get(reverse("places:public_photo", args=[shown.pk])).status_code == 200


def test_an_inactive_place_leaves_the_public_page(client: Any, world: Any) -> None:
    centre(world.community, active=False)
    page = BeautifulSoup(client.get(reverse("public:community", args=[world.community.pk])).content, "html.parser")
    assert page.select_one("#part-places\\.list") is None


def _room(world: Any, place: Place) -> Any:
    import datetime as dt

    from tongxin.cobuilding.resources import services
    from tongxin.registry.places.tests.support import staff

    return services.resource_save(
        actor=staff(), community=world.community, unit=None, kind="venue", name="多功能活动室", bookable=True,
        capacity=40, opens_at=dt.time(9), closes_at=dt.time(17), open_weekdays="12345", place=place,
    )  # fmt: skip


def test_the_rooms_link_to_their_calendar_for_who_may_open_it(
    client: Any, world: Any, secretary: Any, grid_worker: Any
) -> None:
    place = centre(world.community)
    room = _room(world, place)
    calendar = reverse("resources:calendar", args=[room.pk])
    client.force_login(secretary)
    part = BeautifulSoup(client.get(reverse("places:place", args=[place.pk])).content, "html.parser")
    rooms = part.select_one('[data-part="resources.rooms"]')
    assert rooms is not None and rooms.find("a", href=calendar) is not None
    assert client.get(calendar).status_code == 200
    client.force_login(grid_worker)
    part = BeautifulSoup(client.get(reverse("places:place", args=[place.pk])).content, "html.parser")
    rooms = part.select_one('[data-part="resources.rooms"]')
    assert "多功能活动室" in rooms.text and rooms.find("a", href=calendar) is None
    client.logout()
    public = BeautifulSoup(client.get(reverse("places:public", args=[place.pk])).content, "html.parser")
    assert "多功能活动室" in public.text and public.find("a", href=calendar) is None


def test_the_resource_form_offers_the_communitys_places_only(client: Any, world: Any, secretary: Any) -> None:
    mine = centre(world.community)
    theirs = centre(world.other_community, name="乙社区党群服务中心")
    room = _room(world, mine)
    client.force_login(secretary)
    soup = BeautifulSoup(client.get(reverse("resources:edit", args=[room.pk])).content, "html.parser")
    offered = [o["value"] for o in soup.select("#id_place option") if o["value"]]
    assert offered == [str(mine.pk)]
    assert soup.select_one("#id_place option[selected]")["value"] == str(mine.pk)
    from tongxin.cobuilding.resources import services
    from tongxin.platform.core.exceptions import DomainError
    from tongxin.registry.places.tests.support import staff

    with pytest.raises(DomainError) as refused:
        services.resource_save(
            actor=staff(), resource=room, community=world.community, unit=None, kind="venue", name="x", place=theirs
        )
    assert "place" in refused.value.error_dict


def test_the_case_map_has_the_places_layer(client: Any, world: Any, secretary: Any) -> None:
    centre(world.community, latitude="39.9", longitude="116.4")
    centre(world.community, name="未定位")
    client.force_login(secretary)
    features = [
        f for f in client.get(reverse("cases:map_data")).json()["features"] if f["properties"]["kind"] == "place"
    ]
    assert [f["properties"]["name"] for f in features] == ["党群服务中心"]
    assert features[0]["geometry"]["coordinates"] == [116.4, 39.9]
    assert features[0]["properties"]["hours"]


def test_the_api_filters_by_kind_and_community(client: Any, world: Any, secretary: Any, street_officer: Any) -> None:
    centre(world.community)
    centre(world.grid1, name="红色港湾", kind="red_harbour")
    centre(world.other_community, name="乙社区党群服务中心")
    client.force_login(street_officer)
    url = reverse("api:places")
    assert client.get(url).json()["count"] == 3
    items = client.get(url + f"?community={world.community.pk}").json()["items"]
    assert sorted(i["name"] for i in items) == ["党群服务中心", "红色港湾"]
    assert [i["name"] for i in client.get(url + "?kind=red_harbour").json()["items"]] == ["红色港湾"]
    assert client.get(url + "?kind=castle").status_code == 422
    client.force_login(secretary)
    other = Place.objects.get(area=world.other_community)
    assert client.get(reverse("api:place", args=[other.pk])).status_code == 404
    mine = Place.objects.get(name="党群服务中心")
    detail = client.get(reverse("api:place", args=[mine.pk])).json()
    assert detail["services"] == ["代缴水电费", "老年证办理"] and isinstance(detail["open_now"], bool)
    assert detail["hours"]["1"] == [["08:30", "12:00"], ["14:00", "17:30"]]
    assert Area.objects.filter(pk=detail["area_id"]).exists()
