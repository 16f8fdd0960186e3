"""The places' rules: hours read from what is typed and "open now" at given moments (answers
written by hand), who may write, bad input refused with a message, photos re-encoded without
EXIF and a limit on how many a place keeps."""

from __future__ import annotations

import datetime
import io
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from PIL import Image

from tongxin.platform.core.exceptions import DomainError, Forbidden
from tongxin.platform.core.images import photos_process
from tongxin.registry.places import services
from tongxin.registry.places.hours import HoursError, day_parse, open_state, week_summary
from tongxin.registry.places.models import MAX_PHOTOS, Place, PlacePhoto
from tongxin.registry.places.queries import places_visible_to
from tongxin.registry.places.tests.support import centre, jpeg_bytes, staff, upload, with_photo

SH = ZoneInfo("Asia/Shanghai")
# Monday 23 November 2026.
MONDAY = datetime.date(2026, 11, 23)
HOURS = {"1": [["08:30", "12:00"], ["14:00", "17:30"]], "3": [["09:00", "11:00"]]}


def at(day: datetime.date, hh: int, mm: int = 0) -> datetime.datetime:
    return datetime.datetime(day.year, day.month, day.day, hh, mm, tzinfo=SH)


@pytest.mark.parametrize(
    "typed,kept",
    [
        ("08:30-12:00 14:00-17:30", [["08:30", "12:00"], ["14:00", "17:30"]]),
        ("8:30至12:00，14：00～17:30", [["08:30", "12:00"], ["14:00", "17:30"]]),
        ("14:00-17:30, 08:30-12:00", [["08:30", "12:00"], ["14:00", "17:30"]]),
        ("00:00-24:00", [["00:00", "24:00"]]),
        ("", []),
    ],
)
def test_hours_are_read_as_people_type_them(typed: str, kept: list[list[str]]) -> None:
    assert day_parse(typed) == kept


@pytest.mark.parametrize(
    "typed", ["早上八点", "12:00-08:30", "08:00-12:00 11:00-13:00", "25:00-26:00", "8-12", "x" * 200, "9:00-9:00"]
)
def test_nonsense_hours_are_refused_in_words(typed: str) -> None:
    with pytest.raises(HoursError) as refused:
        day_parse(typed)
    assert str(refused.value)


@pytest.mark.parametrize(
    "moment,is_open,words",
    [
        (at(MONDAY, 8, 29), False, "Opens at 08:30"),
        (at(MONDAY, 8, 30), True, "Open until 12:00"),
        (at(MONDAY, 12, 0), False, "Opens at 14:00"),
        (at(MONDAY, 17, 29), True, "Open until 17:30"),
        (at(MONDAY, 17, 30), False, "Opens Wednesday at 09:00"),
        (at(MONDAY + datetime.timedelta(days=1), 10), False, "Opens tomorrow at 09:00"),
        (at(MONDAY + datetime.timedelta(days=2), 10), True, "Open until 11:00"),
        (at(MONDAY + datetime.timedelta(days=6), 10), False, "Opens tomorrow at 08:30"),
    ],
)
def test_open_now_and_what_comes_next(moment: datetime.datetime, is_open: bool, words: str) -> None:
    from django.utils import translation

    with translation.override("en"):
        state = open_state(HOURS, moment)
    assert (state.open, state.words) == (is_open, words)


def test_closed_on_an_official_holiday_when_the_place_says_so() -> None:
    assert open_state(HOURS, at(MONDAY, 9), holiday=True, closed_on_holidays=False).open
    assert not open_state(HOURS, at(MONDAY, 9), holiday=True, closed_on_holidays=True).open


def test_a_week_summary_groups_days_with_the_same_hours() -> None:
    from django.utils import translation

    week = {d: [["08:30", "17:30"]] for d in "12345"}
    with translation.override("en"):
        assert week_summary(week) == [("Monday to Friday", "08:30–17:30"), ("Saturday to Sunday", "Closed")]


@pytest.mark.django_db
def test_the_secretary_keeps_her_communitys_places_only(world: Any, secretary: Any, grid_worker: Any) -> None:
    place = centre(world.community)
    assert services.place_save(actor=secretary, place=place, area=world.grid1, kind="red_harbour", name="港湾",
                               address="胡同1号").area == world.grid1  # fmt: skip
    with pytest.raises(Forbidden):
        services.place_save(actor=secretary, area=world.other_community, kind="other", name="x", address="y")
    with pytest.raises(Forbidden):
        services.place_save(actor=grid_worker, area=world.grid1, kind="other", name="x", address="y")
    # The grid worker reads the community's places (above the grid), not the neighbour community's.
    centre(world.other_community, name="乙社区党群服务中心")
    assert [p.name for p in places_visible_to(grid_worker)] == ["港湾"]


@pytest.mark.django_db
def test_bad_input_is_refused_field_by_field(world: Any) -> None:
    bad: list[tuple[str, dict[str, Any]]] = [
        ("kind", {"kind": "castle"}),
        ("name", {"name": ""}),
        ("name", {"name": "名" * 101}),
        ("address", {"address": " \x00 "}),
        ("hours", {"hours": {"1": "早上八点"}}),
        ("hours", {"hours": {"9": "08:00-12:00"}}),
        ("hours", {"hours": "08:00-12:00"}),
        ("capacity", {"capacity": "很多"}),
        ("capacity", {"capacity": 10**9}),
        ("phone", {"phone": "李主任 13800138000 家里"}),
        ("latitude", {"latitude": "91", "longitude": "116"}),
        ("latitude", {"latitude": "39.9"}),
        ("latitude", {"latitude": "NaN", "longitude": "1"}),
        ("services", {"services": [f"服务{i}" for i in range(31)]}),
        ("area", {"area": world.building1}),
        ("unit", {"unit": world.other_unit}),
    ]
    for field, change in bad:
        values: dict[str, Any] = {"area": world.community, "kind": "service_centre", "name": "中心", "address": "路1号"}
        values.update(change)
        with pytest.raises(DomainError) as refused:
            services.place_save(actor=staff(), **values)
        assert field in refused.value.error_dict, (field, change)
    assert not Place.objects.exists()


@pytest.mark.django_db
def test_lists_keep_their_order_and_lose_repeats(world: Any) -> None:
    place = centre(world.community, services="代缴水电费\n\n老年证办理\n代缴水电费\n", facilities=["阅览室、", " "])
    assert place.services == ["代缴水电费", "老年证办理"] and place.facilities == ["阅览室"]


@pytest.mark.django_db
def test_a_photo_is_kept_without_exif_and_a_place_keeps_at_most_twelve(world: Any) -> None:
    place = centre(world.community)
    exif = Image.Exif()
    exif[0x010F] = "SecretCam"  # Make
    raw = io.BytesIO()
    Image.new("RGB", (3000, 2000), "blue").save(raw, "JPEG", exif=exif)
    photo = services.photos_add(actor=staff(), place=place, photos=photos_process([upload("a.jpg", raw.getvalue())]))[0]
    with photo.image.open("rb") as f:
        kept = Image.open(io.BytesIO(f.read()))
        assert not kept.getexif() and max(kept.size) <= 1600
    for _ in range(MAX_PHOTOS - 1):
        with_photo(place)
    with pytest.raises(DomainError) as refused:
        with_photo(place)
    assert "photos" in refused.value.error_dict
    assert PlacePhoto.objects.filter(place=place).count() == MAX_PHOTOS


@pytest.mark.django_db
def test_not_a_photo_is_refused_by_name(world: Any) -> None:
    with pytest.raises(DomainError) as refused:
        photos_process([upload("合同.jpg", b"%PDF-1.4 not an image")])
    assert "合同.jpg" in " ".join(refused.value.message_dict["photos"])
    assert photos_process([upload("ok.jpg", jpeg_bytes())])[0].width == 64


@pytest.mark.django_db
def test_removing_a_photo_removes_its_files(world: Any, django_capture_on_commit_callbacks: Any) -> None:
    from django.core.files.storage import default_storage

    photo = with_photo(centre(world.community))
    names = [photo.image.name, photo.thumbnail.name]
    with django_capture_on_commit_callbacks(execute=True):
        services.photo_remove(actor=staff(), photo=photo)
    assert not any(default_storage.exists(n) for n in names)
