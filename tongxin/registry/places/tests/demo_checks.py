"""Checks of the seeded demo's places (collected by tongxin/interfaces/demo/tests/test_seed_demo.py)."""

from __future__ import annotations

from tongxin.registry.areas.models import Area
from tongxin.registry.cobuild.models import UnitContact
from tongxin.registry.places.models import Place


def _large() -> Area:
    contact = UnitContact.objects.select_related("unit__area").get(user__username="unit")
    return Area.objects.get(path__in=contact.unit.area.ancestor_paths() + [contact.unit.area.path], level="community")


def test_the_large_community_has_the_places_of_seeds_002_and_004() -> None:
    places = Place.objects.filter(area__path__startswith=_large().path)
    kinds = sorted(places.values_list("kind", flat=True))
    assert kinds == ["convenience", "day_care", "members_room", "service_centre"]
    centre = places.get(kind="service_centre")
    assert {"警务室", "老年驿站", "妇女儿童之家"} <= set(centre.facilities)
    assert centre.closed_on_holidays and centre.hours["1"] == [["08:30", "12:00"], ["14:00", "17:30"]]
    assert "1600" in places.get(kind="day_care").description


def test_the_convenience_station_is_run_by_the_opticians_shop() -> None:
    station = Place.objects.select_related("unit").get(kind="convenience")
    assert station.unit is not None and "眼镜" in station.unit.name
    assert len(station.hours) == 7


def test_a_red_harbour_in_another_community_and_every_place_on_the_map() -> None:
    harbour = Place.objects.get(kind="red_harbour")
    assert not harbour.area.path.startswith(_large().path)
    assert not Place.objects.filter(latitude__isnull=True).exists()
    assert Place.objects.filter(kind="service_centre").count() >= 3
