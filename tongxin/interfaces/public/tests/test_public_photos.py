"""Photos on the public report form: the same checks as for staff, and the rate limit stays."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from tests.html import soup
from tongxin.grid.cases.defaults import ensure_default_categories
from tongxin.grid.cases.models import Case, CaseCategory, CasePhoto
from tongxin.grid.cases.tests import photo_files as files


@pytest.fixture
def category(db):
    ensure_default_categories()
    return CaseCategory.objects.get(code="roof_leak")


@pytest.fixture
def media(settings, tmp_path) -> Path:
    settings.MEDIA_ROOT = str(tmp_path)
    return tmp_path


def report(client, world, category, photos, ip="10.0.0.7", **extra):
    data = {
        "category": category.pk,
        "community": world.community.pk,
        "building": world.building1.pk,
        "description": "楼道灯坏了",
        "phone": "13912345678",
        "photos": photos,
        **extra,
    }
    return client.post(reverse("public:report"), data, REMOTE_ADDR=ip)


def photo_errors(response) -> str:
    return " ".join(response.context["form"].errors.get("photos", []))


def test_a_resident_reports_with_photos(world, category, client, media):
    photos = [files.upload("灯.jpg", files.jpeg((3000, 2000))), files.upload("b.heic", files.heic(), "image/heic")]
    response = report(client, world, category, photos)
    case = Case.objects.get()
    assert response["Location"] == reverse("public:reported", args=[case.tracking_code])
    assert [(p.width, p.uploaded_by, p.transition) for p in case.photos.all()] == [
        (1600, None, None),
        (640, None, None),
    ]
    assert all(Path(p.image.path).is_file() for p in case.photos.all())


def test_the_location_is_dropped_without_consent_and_kept_with_it(world, category, client, media):
    report(client, world, category, [files.upload("a.jpg", files.jpeg(gps=files.SHANGHAI))])
    report(client, world, category, [files.upload("a.jpg", files.jpeg(gps=files.SHANGHAI))], keep_location="on")
    without, with_consent = Case.objects.order_by("pk")
    assert (without.latitude, without.photos.get().latitude) == (None, None)
    assert (with_consent.latitude, with_consent.photos.get().longitude) == (Decimal("31.230167"), Decimal("121.47"))


@pytest.mark.parametrize(
    "name,data",
    [
        ("scan.jpg", files.pdf()),
        ("huge.jpg", files.huge(30)),
        ("bomb.png", files.bomb_png()),
    ],
    ids=["pdf-renamed-jpg", "30-mb", "decompression-bomb"],
)
def test_hostile_uploads_are_refused_with_a_message(world, category, client, media, name, data):
    response = report(client, world, category, [files.upload("ok.jpg", files.jpeg()), files.upload(name, data)])
    assert response.status_code == 200
    assert name in photo_errors(response) and "ok.jpg" not in photo_errors(response)
    assert not Case.objects.exists() and not CasePhoto.objects.exists()
    assert [p for p in media.rglob("*") if p.is_file()] == []
    page = soup(response)
    assert name in page.select_one("fieldset.photo-field p.error").text


def test_ten_photos_are_one_too_many(world, category, client, media):
    response = report(client, world, category, [files.upload(f"{i}.jpg", files.jpeg((64, 48))) for i in range(10)])
    assert response.status_code == 200 and photo_errors(response) and not Case.objects.exists()


def test_the_rate_limit_still_holds_with_photos(world, category, client, media, settings):
    settings.PUBLIC_REPORTS_PER_HOUR = 2
    for _ in range(2):
        assert report(client, world, category, [files.upload("a.jpg", files.jpeg((64, 48)))]).status_code == 302
    response = report(client, world, category, [files.upload("a.jpg", files.jpeg((64, 48)))])
    assert response.status_code == 429 and Case.objects.count() == 2
    # Another address is not affected.
    assert report(client, world, category, [], ip="10.0.0.8").status_code == 302


def test_the_public_form_takes_photos_and_still_checks_csrf(world, category, media):
    client = Client(enforce_csrf_checks=True)
    page = soup(client.get(reverse("public:report")))
    form = page.select_one("form.panel")
    assert form["enctype"] == "multipart/form-data"
    assert len(form.select("input[type=file][name=photos]")) == 2
    assert not form.select_one("input[name=keep_location]").has_attr("checked")
    response = report(client, world, category, [files.upload("a.jpg", files.jpeg())])
    assert response.status_code == 403 and not Case.objects.exists()
