"""Case photos: what is accepted and how it is stored, hostile uploads, consent to keep the
location, the report and step forms, and the scoped photo URLs."""

from __future__ import annotations

import io
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from PIL import ExifTags, Image

from tests.html import soup
from tongxin.grid.cases import services
from tongxin.grid.cases.models import Case, CaseCategory, CasePhoto
from tongxin.grid.cases.photos import files_removed_on_failure, photos_process
from tongxin.grid.cases.tests import photo_files as files
from tongxin.grid.cases.workflow import State
from tongxin.platform.core.exceptions import DomainError

# 39°54'18"N 116°23'6"E = 39.905, 116.385: inside grid 1's outline below.
IN_GRID1 = {
    ExifTags.GPS.GPSLatitudeRef: "N",
    ExifTags.GPS.GPSLatitude: (39.0, 54.0, 18.0),
    ExifTags.GPS.GPSLongitudeRef: "E",
    ExifTags.GPS.GPSLongitude: (116.0, 23.0, 6.0),
}


@pytest.fixture
def category(db):
    return CaseCategory.objects.create(code="t_leak", name_zh="屋顶漏水")


@pytest.fixture
def media(settings, tmp_path) -> Path:
    settings.MEDIA_ROOT = str(tmp_path)
    return tmp_path


def stored_files(media: Path) -> list[Path]:
    return [p for p in media.rglob("*") if p.is_file()]


def refusal(exc: pytest.ExceptionInfo[DomainError]) -> str:
    return " ".join(exc.value.message_dict["photos"])


# --- Processing: by the bytes, not the name ---------------------------------------------


def test_a_jpeg_is_turned_upright_resized_and_stripped_of_exif():
    [photo] = photos_process([files.upload("IMG_0001.JPG", files.jpeg((4000, 3000), orientation=6))])
    # Orientation 6 (camera held upright): stored as a portrait, longest edge 1600.
    assert (photo.width, photo.height) == (1200, 1600)
    stored = Image.open(io.BytesIO(photo.image))
    assert stored.format == "JPEG" and stored.size == (1200, 1600)
    assert dict(stored.getexif()) == {}
    thumb = Image.open(io.BytesIO(photo.thumbnail))
    assert max(thumb.size) == 360 and thumb.size == (270, 360)
    assert photo.latitude is None and photo.longitude is None


def test_a_small_photo_is_not_enlarged(settings):
    settings.CASE_PHOTO_MAX_EDGE = 1600
    [photo] = photos_process([files.upload("small.jpg", files.jpeg((800, 600)))])
    assert (photo.width, photo.height) == (800, 600)


def test_the_location_is_kept_only_with_consent():
    data = files.jpeg(gps=files.SHANGHAI)
    [without] = photos_process([files.upload("a.jpg", data)])
    [with_consent] = photos_process([files.upload("a.jpg", data)], keep_location=True)
    assert (without.latitude, without.longitude) == (None, None)
    assert (with_consent.latitude, with_consent.longitude) == (Decimal("31.230167"), Decimal("121.470000"))
    # Even when kept, the location lives on the row, never in the stored file.
    assert dict(Image.open(io.BytesIO(with_consent.image)).getexif()) == {}


def test_southern_and_western_references_give_negative_degrees():
    gps = {
        ExifTags.GPS.GPSLatitudeRef: "S",
        ExifTags.GPS.GPSLatitude: (33.0, 52.0, 4.0),
        ExifTags.GPS.GPSLongitudeRef: "W",
        ExifTags.GPS.GPSLongitude: (70.0, 30.0, 0.0),
    }
    [photo] = photos_process([files.upload("a.jpg", files.jpeg(gps=gps))], keep_location=True)
    assert (photo.latitude, photo.longitude) == (Decimal("-33.867778"), Decimal("-70.500000"))


def test_a_png_with_transparency_becomes_a_jpeg_on_white():
    [photo] = photos_process([files.upload("screen.png", files.png((640, 480)), "image/png")])
    stored = Image.open(io.BytesIO(photo.image))
    assert stored.format == "JPEG" and stored.mode == "RGB"
    assert all(channel > 240 for channel in stored.getpixel((5, 5)))  # the transparent corner


def test_a_heic_from_an_iphone_is_accepted_with_its_location():
    heic = files.upload("IMG_0002.HEIC", files.heic(gps=files.SHANGHAI), "image/heic")
    [photo] = photos_process([heic], keep_location=True)
    assert Image.open(io.BytesIO(photo.image)).format == "JPEG"
    assert (photo.width, photo.height) == (640, 480)
    assert photo.latitude == Decimal("31.230167")


def test_a_pdf_renamed_jpg_is_not_a_photo():
    with pytest.raises(DomainError, match="“invoice.jpg”不是照片") as exc:
        photos_process([files.upload("invoice.jpg", files.pdf())])
    assert "invoice.jpg" in refusal(exc)


def test_other_image_formats_are_refused_too():
    gif = io.BytesIO()
    Image.new("RGB", (10, 10)).save(gif, "GIF")
    with pytest.raises(DomainError, match="“anim.jpg”不是照片") as exc:
        photos_process([files.upload("anim.jpg", gif.getvalue())])
    assert "anim.jpg" in refusal(exc)


def test_a_decompression_bomb_is_refused_without_decoding_it():
    bomb = files.bomb_png(30_000, 30_000)  # 900 megapixels in about 100 KB
    assert len(bomb) < 500_000
    with pytest.raises(DomainError, match="“cute-cat.png”像素太多") as exc:
        photos_process([files.upload("cute-cat.png", bomb, "image/png")])
    assert "cute-cat.png" in refusal(exc)


def test_a_picture_over_our_own_pixel_limit_is_refused(settings):
    settings.CASE_PHOTO_MAX_MEGAPIXELS = 1  # under Pillow's own limit: ours applies
    with pytest.raises(DomainError, match="“big.png”像素太多，无法安全打开（最多 1 百万像素）") as exc:
        photos_process([files.upload("big.png", files.bomb_png(1200, 1000), "image/png")])
    assert "big.png" in refusal(exc)


def test_a_30_mb_file_is_refused_by_its_size():
    with pytest.raises(DomainError, match="每张照片最多 10 MB") as exc:
        photos_process([files.upload("huge.jpg", files.huge(30))])
    assert "huge.jpg" in refusal(exc) and "30.0" in refusal(exc)


def test_a_truncated_or_empty_photo_is_refused():
    cut = files.jpeg((800, 600))[:3000]
    with pytest.raises(DomainError, match="“cut.jpg”无法读取，可能已损坏") as exc:
        photos_process([files.upload("cut.jpg", cut), files.upload("empty.jpg", b"")])
    assert "cut.jpg" in refusal(exc) and "empty.jpg" in refusal(exc)


def test_a_tenth_photo_is_one_too_many():
    photos = [files.upload(f"{i}.jpg", files.jpeg((64, 48))) for i in range(10)]
    with pytest.raises(DomainError, match="每次最多 9 张") as exc:
        photos_process(photos)
    assert str(settings.CASE_PHOTO_MAX_COUNT) in refusal(exc)
    assert len(photos_process(photos[:9])) == 9


def test_every_refused_file_is_named_at_once():
    good = files.upload("good.jpg", files.jpeg())
    with pytest.raises(DomainError, match="“b.jpg”不是照片") as exc:
        photos_process([good, files.upload("a.jpg", files.pdf()), files.upload("b.jpg", b"nonsense")])
    assert len(exc.value.message_dict["photos"]) == 2


# --- Storing ------------------------------------------------------------------------------


def test_a_rolled_back_report_leaves_no_rows_and_no_files(world, grid_worker, category, media):
    photos = photos_process([files.upload("a.jpg", files.jpeg()), files.upload("b.png", files.png(), "image/png")])
    with (
        pytest.raises(RuntimeError, match="the caller's transaction fails later"),
        files_removed_on_failure(),
        transaction.atomic(),
    ):
        case = services.case_report(
            actor=grid_worker, category=category, description="漏水", area=world.building1, photos=photos
        )
        assert case.photos.count() == 2 and len(stored_files(media)) == 4
        raise RuntimeError("the caller's transaction fails later")
    assert not Case.objects.exists() and not CasePhoto.objects.exists()
    assert stored_files(media) == []


def test_photos_of_a_step_belong_to_its_timeline_row(world, grid_worker, category, media):
    case = services.case_report(actor=grid_worker, category=category, description="漏水", area=world.building1)
    for to in (State.ACCEPTED, State.ASSIGNED, State.IN_PROGRESS):
        case = services.case_transition(case=case, to_state=to, actor=grid_worker, assignee=grid_worker)
    after = photos_process([files.upload("after.jpg", files.jpeg(gps=files.SHANGHAI))])
    case = services.case_transition(case=case, to_state=State.RESOLVED, actor=grid_worker, photos=after)
    [photo] = case.photos.all()
    assert photo.transition == case.transitions.get(to_state=State.RESOLVED)
    assert (photo.uploaded_by, photo.latitude, photo.content_type) == (grid_worker, None, "image/jpeg")
    assert Path(photo.image.path).is_file() and Path(photo.thumbnail.path).is_file()
    assert photo.size == Path(photo.image.path).stat().st_size


# --- The report form ------------------------------------------------------------------------


def post_report(client, world, category, photos, **extra):
    data = {"category": category.pk, "description": "顶楼漏水", "area": world.building1.pk, "photos": photos, **extra}
    return client.post(reverse("cases:report"), data)


def test_a_grid_worker_reports_with_photos_and_sees_them_on_the_case(world, grid_worker, category, client, media):
    client.force_login(grid_worker)
    photos = [files.upload("a.jpg", files.jpeg((4000, 3000))), files.upload("b.heic", files.heic(), "image/heic")]
    response = post_report(client, world, category, photos, people_involved="502 租户")
    case = Case.objects.get()
    assert response["Location"] == reverse("cases:detail", args=[case.pk])
    assert case.people_involved == "502 租户"
    assert [(p.width, p.height, p.transition_id) for p in case.photos.all()] == [(1600, 1200, None), (640, 480, None)]
    page = soup(client.get(response["Location"]))
    links = [a["href"] for a in page.select("section.panel .photo-grid a")]
    thumbs = [img["src"] for img in page.select("section.panel .photo-grid img")]
    first = case.photos.first()
    assert links[0] == reverse("cases:photo", args=[case.pk, first.pk])
    assert thumbs[0] == reverse("cases:photo_thumb", args=[case.pk, first.pk])
    assert len(links) == 2
    full = client.get(links[0])
    assert full.status_code == 200 and full["Content-Type"] == "image/jpeg"
    assert full["Cache-Control"].startswith("private")
    assert Image.open(io.BytesIO(b"".join(full.streaming_content))).size == (1600, 1200)
    thumb = client.get(thumbs[0])
    assert Image.open(io.BytesIO(b"".join(thumb.streaming_content))).size == (360, 270)
    assert settings.MEDIA_URL not in page.decode()


def test_a_bad_photo_among_good_ones_leaves_no_case_behind(world, grid_worker, category, client, media):
    client.force_login(grid_worker)
    photos = [
        files.upload("a.jpg", files.jpeg()),
        files.upload("notes.jpg", files.pdf()),
        files.upload("c.png", files.png()),
    ]
    response = post_report(client, world, category, photos)
    assert response.status_code == 200
    errors = response.context["form"].errors["photos"]
    assert len(errors) == 1 and "notes.jpg" in errors[0]
    assert not Case.objects.exists() and not CasePhoto.objects.exists() and stored_files(media) == []
    page = soup(response)
    # The message is next to the photo field, and the form says the photos must be chosen again.
    assert "notes.jpg" in page.select_one("fieldset.photo-field .error").text
    assert page.select_one("fieldset.photo-field strong") is not None


def test_hostile_uploads_through_the_form_get_a_message_not_an_error_page(world, grid_worker, category, client, media):
    client.force_login(grid_worker)
    for name, data in [("huge.jpg", files.huge(30)), ("bomb.png", files.bomb_png()), ("doc.jpg", files.pdf())]:
        response = post_report(client, world, category, [files.upload(name, data)])
        assert response.status_code == 200, name
        assert name in " ".join(response.context["form"].errors["photos"])
    assert not Case.objects.exists() and stored_files(media) == []


def test_a_30_mb_upload_is_not_even_kept_in_full(world, grid_worker, category, client, media, monkeypatch):
    """The upload handler drops the bytes past the limit: the view sees only name and size."""
    seen = []
    real = photos_process

    def spy(uploads, **kwargs):
        seen.extend((u.name, u.size, getattr(u, "refused", ""), len(u.read())) for u in uploads)
        return real(uploads, **kwargs)

    monkeypatch.setattr("tongxin.grid.cases.photos.photos_process", spy)
    client.force_login(grid_worker)
    post_report(client, world, category, [files.upload("huge.jpg", files.huge(30))])
    assert seen == [("huge.jpg", 30 * 1024 * 1024 + 4, "too_big", 0)]


def test_ten_photos_on_the_form_are_refused(world, grid_worker, category, client, media):
    client.force_login(grid_worker)
    photos = [files.upload(f"{i}.jpg", files.jpeg((64, 48))) for i in range(10)]
    response = post_report(client, world, category, photos)
    assert "photos" in response.context["form"].errors and not Case.objects.exists()


def test_the_photo_location_stays_off_unless_ticked(world, grid_worker, category, client, media):
    client.force_login(grid_worker)
    post_report(client, world, category, [files.upload("a.jpg", files.jpeg(gps=files.SHANGHAI))])
    case = Case.objects.get()
    assert (case.latitude, case.photos.get().latitude) == (None, None)
    page = soup(client.get(reverse("cases:report")))
    assert not page.select_one("#id_keep_location").has_attr("checked")


def test_with_consent_the_photo_places_the_case_on_the_map(world, grid_worker, category, client, media):
    world.grid1.outline = {
        "type": "Polygon",
        "coordinates": [[[116.38, 39.9], [116.39, 39.9], [116.39, 39.91], [116.38, 39.91], [116.38, 39.9]]],
    }
    world.grid1.save(update_fields=["outline"])
    client.force_login(grid_worker)
    photo = files.upload("a.jpg", files.jpeg(gps=IN_GRID1))
    response = post_report(client, world, category, [photo], area="", keep_location="on")
    case = Case.objects.get()
    assert response.status_code == 302
    # No place chosen: the photo's location is the map point, and the grid is the one holding it.
    assert (case.latitude, case.longitude, case.grid, case.area) == (
        Decimal("39.905000"),
        Decimal("116.385000"),
        world.grid1,
        world.grid1,
    )
    assert case.photos.get().latitude == Decimal("39.905000")


def test_a_map_point_from_the_phone_places_the_case(world, grid_worker, category, client, media):
    client.force_login(grid_worker)
    response = post_report(
        client, world, category, [], household=world.household1.pk, latitude="39.9051234", longitude="116.3851234"
    )
    case = Case.objects.get()
    assert response.status_code == 302
    assert (case.household, case.latitude, case.longitude) == (
        world.household1,
        Decimal("39.905123"),
        Decimal("116.385123"),
    )


def test_nothing_to_place_the_case_is_said_next_to_the_place(world, grid_worker, category, client, media):
    client.force_login(grid_worker)
    response = post_report(client, world, category, [], area="")
    assert "area" in response.context["form"].errors and not Case.objects.exists()


def test_a_household_of_another_grid_is_not_a_choice(world, grid_worker, category, client, media):
    client.force_login(grid_worker)
    response = post_report(client, world, category, [], household=world.household2.pk)
    assert "household" in response.context["form"].errors and not Case.objects.exists()


def test_the_photo_forms_still_check_the_csrf_token(world, grid_worker, category, media):
    client = Client(enforce_csrf_checks=True)
    client.force_login(grid_worker)
    response = post_report(client, world, category, [files.upload("a.jpg", files.jpeg())])
    assert response.status_code == 403 and not Case.objects.exists()
    case = services.case_report(actor=grid_worker, category=category, description="x", area=world.building1)
    response = client.post(reverse("cases:transition", args=[case.pk]), {"to": "accepted", "version": 1})
    assert response.status_code == 403


def test_the_report_page_offers_camera_and_gallery(world, grid_worker, category, client):
    client.force_login(grid_worker)
    page = soup(client.get(reverse("cases:report")))
    form = page.select_one("form.report-form")
    assert form["enctype"] == "multipart/form-data"
    inputs = form.select("input[type=file][name=photos]")
    assert [i.get("capture") for i in inputs] == ["environment", None]
    assert inputs[1].has_attr("multiple") and "image/*" in inputs[1]["accept"]
    assert all(page.select_one(f"label[for={i['id']}]") for i in inputs)
    # The place is found by typing (a hidden field behind a search), the building's households
    # loaded from the households URL.
    picker = page.select_one("[data-place-picker]")
    assert picker["data-households"] == reverse("cases:households")
    assert picker.select_one("#id_area")["type"] == "hidden"
    assert picker.select_one("input[type=search]")["hx-get"] == reverse("cases:places")
    # The photo comes first, before the kind of problem and the place.
    fields = [
        el.get("name") or el.get("data-place-picker")
        for el in page.select("form input[name=photos], form select[name=category], form [data-place-picker]")
    ]
    assert fields[0] == "photos"


# --- Households for the form (htmx) -------------------------------------------------------


def test_households_of_a_building_load_into_the_form(world, grid_worker, client):
    client.force_login(grid_worker)
    url = reverse("cases:households") + f"?area={world.building1.pk}"
    for headers in ({}, {"HX-Request": "true"}):
        html = soup(client.get(url, headers=headers))
        assert [(o["value"], o.text) for o in html.select("option")] == [("", "—"), (str(world.household1.pk), "101")]
    grid = soup(client.get(reverse("cases:households") + f"?area={world.grid1.pk}"))
    assert [o["value"] for o in grid.select("option")] == [""]
    assert client.get(reverse("cases:households") + f"?area={world.building2.pk}").status_code == 404
    assert client.get(reverse("cases:households") + "?area=x").status_code == 404


# --- Steps with photos, and the case page ---------------------------------------------------


def test_the_resolved_step_takes_after_photos(world, grid_worker, category, client, media):
    case = services.case_report(actor=grid_worker, category=category, description="漏水", area=world.building1)
    for to in (State.ACCEPTED, State.ASSIGNED, State.IN_PROGRESS):
        case = services.case_transition(case=case, to_state=to, actor=grid_worker, assignee=grid_worker)
    client.force_login(grid_worker)
    page = soup(client.get(reverse("cases:detail", args=[case.pk])))
    form = page.select_one("form.case-action:has(input[value=resolved])")
    assert form["enctype"] == "multipart/form-data" and form.select_one("input[type=file][name=photos]")
    url = reverse("cases:transition", args=[case.pk])
    # A bad photo refuses the step and changes nothing.
    client.post(url, {"to": "resolved", "version": case.version, "photos": [files.upload("x.jpg", files.pdf())]})
    case.refresh_from_db()
    assert case.state == State.IN_PROGRESS and not CasePhoto.objects.exists() and stored_files(media) == []
    after = [files.upload("after.jpg", files.jpeg()), files.upload("after2.jpg", files.jpeg())]
    client.post(url, {"to": "resolved", "version": case.version, "comment": "已修补", "photos": after})
    case.refresh_from_db()
    assert case.state == State.RESOLVED
    page = soup(client.get(reverse("cases:detail", args=[case.pk])))
    resolved = [li for li in page.select("ol.timeline li") if li.select(".photo-grid")]
    assert len(resolved) == 1 and len(resolved[0].select(".photo-grid img")) == 2
    assert "已修补" in resolved[0].text
    assert not page.select("section.panel > .photo-grid")  # the report itself had none


def test_the_case_page_costs_the_same_queries_with_many_photos(world, grid_worker, category, client, media):
    def case_with(n: int) -> Case:
        photos = photos_process([files.upload(f"{i}.jpg", files.jpeg((64, 48))) for i in range(n)])
        case = services.case_report(
            actor=grid_worker, category=category, description="漏水", area=world.building1, photos=photos
        )
        case = services.case_transition(case=case, to_state=State.ACCEPTED, actor=grid_worker, photos=photos)
        return case

    client.force_login(grid_worker)
    few, many = case_with(1), case_with(6)
    client.get(reverse("cases:detail", args=[few.pk]))  # warm the session and the scope
    counts = []
    for case in (few, many):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(reverse("cases:detail", args=[case.pk]))
        assert response.status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]
    page = soup(response)
    assert len(page.select(".photo-grid img")) == 12


# --- Photo URLs go through the scope gate ----------------------------------------------------


def test_photo_urls_are_scoped_to_the_case(world, grid_worker, neighbour_grid_worker, category, client, media):
    case = services.case_report(actor=grid_worker, category=category, description="漏水", area=world.building1)
    other = services.case_report(actor=grid_worker, category=category, description="堵塞", area=world.building1)
    photo = files.case_photo(case, grid_worker)
    url = reverse("cases:photo", args=[case.pk, photo.pk])
    thumb = reverse("cases:photo_thumb", args=[case.pk, photo.pk])
    assert client.get(url).status_code == 302  # signed out: to the sign-in page
    client.force_login(neighbour_grid_worker)
    assert client.get(url).status_code == 404 and client.get(thumb).status_code == 404
    client.force_login(grid_worker)
    assert client.get(url).status_code == 200
    # The photo of one case under another case's URL is not found, whoever asks.
    assert client.get(reverse("cases:photo", args=[other.pk, photo.pk])).status_code == 404
    # A row whose file is gone is a 404, not a server error.
    Path(photo.image.path).unlink()
    assert client.get(url).status_code == 404
