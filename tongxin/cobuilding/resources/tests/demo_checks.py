"""Checks of the seeded demo's resources and bookings (collected by tongxin/interfaces/demo/tests/test_seed_demo.py)."""

from __future__ import annotations

import datetime

from tongxin.cobuilding.agreements.models import Delivery
from tongxin.cobuilding.resources.models import Booking, Resource
from tongxin.registry.cobuild.models import UnitContact

TODAY = datetime.date(2026, 11, 23)


def test_a_schools_playground_open_in_the_evening() -> None:
    playground = Resource.objects.get(unit__kind="school", bookable=True, name__endswith="操场")
    assert (playground.opens_at, playground.closes_at) == (datetime.time(18), datetime.time(21))
    assert playground.open_weekdays == "12345" and playground.commitment is not None


def test_the_unit_accounts_hall_has_bookings_of_every_kind() -> None:
    unit = UnitContact.objects.get(user__username="unit").unit
    hall = Resource.objects.get(unit=unit, bookable=True)
    assert hall.capacity and hall.capacity >= 50
    statuses = set(hall.bookings.values_list("status", flat=True))
    assert {"approved", "requested"} <= statuses
    assert hall.bookings.filter(attended__isnull=False).exists()


def test_used_hours_counted_toward_the_agreements() -> None:
    used = Booking.objects.filter(attended__isnull=False)
    counted = Delivery.objects.filter(source="booking", source_id__in=used.values("pk"))
    assert used.exists() and counted.count() == used.filter(resource__commitment__isnull=False).count()


def test_several_units_offer_resources() -> None:
    assert Resource.objects.values("unit").distinct().count() >= 8
    assert Resource.objects.filter(bookable=False).exists()


def test_the_places_rooms_are_bookable_resources_of_the_community() -> None:
    rooms = Resource.objects.filter(place__isnull=False).select_related("place")
    assert rooms.filter(place__kind="service_centre").count() >= 2
    assert rooms.filter(place__kind="day_care").exists()
    for room in rooms:
        assert room.bookable and room.unit_id is None
        assert room.place.area.path.startswith(room.community.path) or room.community.path.startswith(
            room.place.area.path
        )
    assert Booking.objects.filter(resource__place__isnull=False).exists()
