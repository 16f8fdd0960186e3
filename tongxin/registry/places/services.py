"""Writes to places: a place with its hours, services and facilities; its photos added and removed.

Who keeps them: Perm.EDIT_TREE over the place's area (admin, the subdistrict, the community) —
the same people who shape the area tree, since a place is part of what an area is. Every write
checks its actor itself and is audited; a photo is checked and re-encoded before anything is
written (tongxin.platform.core.images), and a failed write leaves no file behind.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from decimal import Decimal, InvalidOperation
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _

from tongxin.platform.access.actor import Actor, signed_in
from tongxin.platform.core.audit import audit_record
from tongxin.platform.core.exceptions import DomainError, Forbidden
from tongxin.platform.core.images import ProcessedPhoto, files_delete, stored_track
from tongxin.registry.areas.models import Area
from tongxin.registry.cobuild.models import ResidentUnit
from tongxin.registry.places.hours import HoursError, hours_clean
from tongxin.registry.places.models import MAX_PHOTOS, Place, PlaceKind, PlacePhoto
from tongxin.registry.places.queries import may_edit

# A list of services or facilities: this many lines of this many characters at most.
MAX_ITEMS = 30
ITEM_LENGTH = 60
MAX_CAPACITY = 100_000
# An office number: digits with the usual separators (010-6512 3456, 400-123-4567, 12345).
_PHONE = re.compile(r"^[0-9][0-9\- ]{2,18}[0-9](?:\s*(?:转|ext\.?|x)\s*[0-9]{1,6})?$")
AREA_LEVELS = ("subdistrict", "community", "village", "grid")


def check_edits(actor: Actor, area: Area) -> None:
    if not may_edit(actor, area):
        raise Forbidden(_("Only the office that keeps this area may change its places."))


def clean(value: Any, limit: int, *, field: str, required: bool = False) -> str:
    text = "".join(c for c in str(value or "") if c >= " " or c in "\n\t").replace("\x7f", "").strip()
    if required and not text:
        raise DomainError({field: _("This field is required.")})
    if len(text) > limit:
        raise DomainError({field: _("At most %(limit)d characters.") % {"limit": limit}})
    return text


def clean_items(value: Any, *, field: str) -> list[str]:
    """A list from lines (or a list): blank lines dropped, repeats once, in the order given."""
    raw = value if isinstance(value, list | tuple) else re.split(r"[\r\n]+", str(value or ""))
    items: list[str] = []
    for entry in raw:
        text = clean(entry, ITEM_LENGTH, field=field).strip("、,，;；")
        if text and text not in items:
            items.append(text)
    if len(items) > MAX_ITEMS:
        raise DomainError({field: _("At most %(max)d lines.") % {"max": MAX_ITEMS}})
    return items


def clean_phone(value: Any) -> str:
    text = clean(value, 30, field="phone").replace("（", "(").replace("）", ")")
    text = text.replace("(", "").replace(")", "-").strip("-")
    if text and not _PHONE.match(text):
        raise DomainError({"phone": _("Enter the office's number, e.g. 010-6512 3456.")})
    return text


def clean_location(latitude: Any, longitude: Any) -> tuple[Decimal | None, Decimal | None]:
    if latitude in (None, "") and longitude in (None, ""):
        return None, None
    if latitude in (None, "") or longitude in (None, ""):
        raise DomainError({"latitude": _("Enter both the latitude and the longitude, or neither.")})
    try:
        lat = Decimal(str(latitude)).quantize(Decimal("0.000001"))
        lng = Decimal(str(longitude)).quantize(Decimal("0.000001"))
    except (InvalidOperation, ValueError, TypeError) as exc:
        raise DomainError({"latitude": _("Enter the location as numbers, e.g. 39.9087 and 116.3975.")}) from exc
    if not (lat.is_finite() and lng.is_finite() and -90 <= lat <= 90 and -180 <= lng <= 180):
        raise DomainError(
            {"latitude": _("This is not a point on the earth: latitude −90 to 90, longitude −180 to 180.")}
        )
    return lat, lng


@transaction.atomic
def place_save(
    *,
    actor: Actor,
    place: Place | None = None,
    area: Area,
    kind: str,
    name: str,
    address: str,
    hours: Any = None,
    hours_note: str = "",
    closed_on_holidays: bool = False,
    services: Any = (),
    facilities: Any = (),
    capacity: Any = None,
    phone: str = "",
    unit: ResidentUnit | None = None,
    latitude: Any = None,
    longitude: Any = None,
    description: str = "",
    active: bool = True,
) -> Place:
    """Create a place in an area, or correct one (moving it to another area the actor keeps)."""
    if place is not None:
        check_edits(actor, place.area)
    check_edits(actor, area)
    if area.level not in AREA_LEVELS:
        raise DomainError({"area": _("A place belongs to a subdistrict, a community or village, or a grid.")})
    if kind not in PlaceKind.values:
        raise DomainError({"kind": _("Choose from the list.")})
    if unit is not None and not (unit.area.path.startswith(area.path) or area.path.startswith(unit.area.path)):
        raise DomainError({"unit": _("This unit is not a resident unit of the place's community.")})
    try:
        kept_hours = hours_clean(hours or {})
    except HoursError as exc:
        raise DomainError({"hours": str(exc)}) from exc
    if capacity in ("", None):
        kept_capacity = None
    else:
        try:
            kept_capacity = int(capacity)
        except (TypeError, ValueError) as exc:
            raise DomainError({"capacity": _("Enter a whole number.")}) from exc
        if not 1 <= kept_capacity <= MAX_CAPACITY:
            raise DomainError({"capacity": _("Enter a number of people from 1 to %(max)d.") % {"max": MAX_CAPACITY}})
    lat, lng = clean_location(latitude, longitude)
    values = {
        "area": area,
        "kind": kind,
        "name": clean(name, 100, field="name", required=True),
        "address": clean(address, 200, field="address", required=True),
        "hours": kept_hours,
        "hours_note": clean(hours_note, 100, field="hours_note"),
        "closed_on_holidays": bool(closed_on_holidays),
        "services": clean_items(services, field="services"),
        "facilities": clean_items(facilities, field="facilities"),
        "capacity": kept_capacity,
        "phone": clean_phone(phone),
        "unit": unit,
        "latitude": lat,
        "longitude": lng,
        "description": clean(description, 1000, field="description"),
        "active": bool(active),
    }
    created = place is None
    if place is None:
        place = Place(created_by=signed_in(actor), **values)
    else:
        for key, value in values.items():
            setattr(place, key, value)
    place.save()
    audit_record(actor=actor, action="create" if created else "update", obj=place, changes={"name": place.name})
    return place


def photos_add(
    *, actor: Actor, place: Place, photos: Sequence[ProcessedPhoto], caption: str = "", public: bool = True
) -> list[PlacePhoto]:
    """Store processed photos of a place (at most MAX_PHOTOS in all); no file is left if it fails."""
    check_edits(actor, place.area)
    caption = clean(caption, 100, field="caption")
    written: list[str] = []
    try:
        with transaction.atomic():
            locked = Place.objects.select_for_update().get(pk=place.pk)
            have = PlacePhoto.objects.filter(place=locked).count()
            if have + len(photos) > MAX_PHOTOS:
                raise DomainError(
                    {"photos": _("A place has at most %(max)d photos: remove one first.") % {"max": MAX_PHOTOS}}
                )
            saved = []
            for photo in photos:
                row = PlacePhoto(
                    place=locked,
                    width=photo.width,
                    height=photo.height,
                    size=len(photo.image),
                    caption=caption,
                    public=bool(public),
                    uploaded_by=signed_in(actor),
                )
                row.image.save("photo.jpg", ContentFile(photo.image), save=False)
                written.append(row.image.name)
                row.thumbnail.save("thumb.jpg", ContentFile(photo.thumbnail), save=False)
                written.append(row.thumbnail.name)
                row.save()
                saved.append(row)
            audit_record(actor=actor, action="update", obj=place, changes={"photos": f"+{len(saved)}"})
    except BaseException:
        files_delete(written)
        raise
    stored_track(written)
    return saved


def photo_remove(*, actor: Actor, photo: PlacePhoto) -> None:
    place = photo.place
    check_edits(actor, place.area)
    names = [photo.image.name, photo.thumbnail.name]
    with transaction.atomic():
        photo.delete()
        audit_record(actor=actor, action="update", obj=place, changes={"photos": "-1"})
        # The files follow the row once it is gone for good (a rollback keeps both).
        transaction.on_commit(lambda: files_delete(names))


def photo_limits() -> dict[str, int]:
    return {"max_mb": settings.CASE_PHOTO_MAX_MB, "max_photos": MAX_PHOTOS}
