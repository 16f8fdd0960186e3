"""Places (阵地): the community's service centres, red harbours, convenience stations, day-care
centres and members' activity rooms — where they are, when they open, what they offer.

A place belongs to an area (a subdistrict, a community or village, or an area under one) and may
be run by a resident unit (a 便民服务站 in an optician's shop). Its opening hours are kept per ISO
weekday as ranges ("1": [["08:30", "12:00"], ["14:00", "17:30"]]), so a page can say "open now";
a free note says what the ranges cannot ("节假日休息", "每月第一个周一闭馆"), and
`closed_on_holidays` closes it on the official calendar's holidays. Its phone is the office's,
public by nature, never a person's.

Photos are re-encoded without EXIF (tongxin.platform.core.images); a public one is served to
anyone while the place is active, the others only through the scoped view.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from tongxin.platform.access.roles import Perm
from tongxin.platform.core.models import TimeStamped

# Photos a place may have at once (the page shows them all).
MAX_PHOTOS = 12


class PlaceKind(models.TextChoices):
    SERVICE_CENTRE = "service_centre", _("Party and public service centre (党群服务中心)")
    RED_HARBOUR = "red_harbour", _("Red harbour (红色港湾)")
    CONVENIENCE = "convenience", _("Convenience service station (便民服务站)")
    DAY_CARE = "day_care", _("Day-care centre for elders (日间照料中心)")
    MEMBERS_ROOM = "members_room", _("Party members' activity room (党员活动室)")
    OTHER = "other", pgettext_lazy("place kind", "Other")


class Place(TimeStamped):
    """A place (阵地) of an area: address, hours, services, facilities, photos."""

    SCOPE = {"area": "area__path"}
    VIEW_PERM = Perm.VIEW

    area = models.ForeignKey(
        "areas.Area", verbose_name=_("belongs to"), on_delete=models.PROTECT, related_name="places"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=PlaceKind.choices)
    name = models.CharField(_("name"), max_length=100)
    address = models.CharField(_("address"), max_length=200)
    latitude = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    # {"1": [["08:30", "12:00"], ["14:00", "17:30"]], …}: ISO weekday → ranges, local time.
    hours = models.JSONField(_("opening hours"), default=dict, blank=True)
    hours_note = models.CharField(_("about the hours"), max_length=100, blank=True)
    closed_on_holidays = models.BooleanField(_("closed on official holidays"), default=False)
    services = models.JSONField(_("services offered"), default=list, blank=True)
    facilities = models.JSONField(_("facilities"), default=list, blank=True)
    capacity = models.PositiveIntegerField(_("capacity (people)"), null=True, blank=True)
    # The office's number, shown to the public: never a person's own.
    phone = models.CharField(_("public phone"), max_length=30, blank=True)
    unit = models.ForeignKey(
        "cobuild.ResidentUnit",
        verbose_name=_("run by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="places",
    )
    description = models.TextField(_("description"), max_length=1000, blank=True)
    active = models.BooleanField(_("open to residents"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )

    class Meta:
        ordering = ["area__path", "kind", "name", "id"]
        verbose_name = pgettext_lazy("阵地", "place")
        verbose_name_plural = pgettext_lazy("阵地", "places")
        indexes = [models.Index(fields=["area", "kind", "active"], name="place_area_kind_idx")]
        constraints = [
            models.CheckConstraint(
                condition=(Q(latitude__isnull=True) & Q(longitude__isnull=True))
                | (Q(latitude__gte=-90, latitude__lte=90) & Q(longitude__gte=-180, longitude__lte=180)),
                name="place_location_both_or_none",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def located(self) -> bool:
        return self.latitude is not None and self.longitude is not None


def photo_path(instance: PlacePhoto, filename: str) -> str:
    # Never the uploaded name: a random one, under the month it was stored in.
    now = timezone.now()
    return f"places/{now:%Y/%m}/{secrets.token_hex(16)}{filename[filename.rfind('.') :]}"


class PlacePhoto(models.Model):
    """A photo of a place, re-encoded without EXIF, with its thumbnail."""

    SCOPE = {"area": "place__area__path"}
    VIEW_PERM = Perm.VIEW

    place = models.ForeignKey(Place, on_delete=models.CASCADE, related_name="photos")
    image = models.FileField(upload_to=photo_path, max_length=200)
    thumbnail = models.FileField(upload_to=photo_path, max_length=200)
    width = models.PositiveIntegerField(default=0)
    height = models.PositiveIntegerField(default=0)
    size = models.PositiveIntegerField(default=0)
    caption = models.CharField(_("caption"), max_length=100, blank=True)
    # Shown on the public place page (a room, the front door); off for what is only for staff.
    public = models.BooleanField(_("shown to the public"), default=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["place", "id"]
        verbose_name = _("photo of a place")
        verbose_name_plural = _("photos of places")

    def __str__(self) -> str:
        return self.caption or f"{self.place_id}/{self.pk}"
