"""The official calendar as data: for each year, its days off and make-up working days, and where they came from."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

# The festivals of the State Council's yearly notice (国务院办公厅关于 N 年部分节假日安排的通知), in its order.
# Names are stored in Chinese, as the notice writes them; pages show them in the reader's language.
FESTIVALS: dict[str, StrOrPromise] = {
    "元旦": _("New Year's Day"),
    "春节": _("Spring Festival"),
    "清明节": _("Tomb-sweeping Day"),
    "劳动节": _("Labour Day"),
    "端午节": _("Dragon Boat Festival"),
    "中秋节": _("Mid-autumn Festival"),
    "国庆节": _("National Day"),
}


def festival_label(name: str) -> str:
    """A stored festival name in the reader's language (names outside the notice's seven as stored)."""
    return str(FESTIVALS.get(name, name))


class OfficialYear(models.Model):
    """One year of the official calendar and its source: a package, or the office reading the notice."""

    class Source(models.TextChoices):
        PACKAGE = "package", _("package")
        NOTICE = "notice", _("entered from the State Council's notice")

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    source = models.CharField(_("source"), max_length=10, choices=Source.choices)
    # For a package: its distribution name and version ("chinese-calendar", "1.11.0").
    package = models.CharField(_("package"), max_length=50, blank=True)
    package_version = models.CharField(_("package version"), max_length=30, blank=True)
    # For a year entered by hand: the notice it was read from (e.g. 国办发明电〔2026〕12号) and who entered it.
    notice = models.CharField(_("notice"), max_length=100, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("entered by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    entered_by_name = models.CharField(_("entered by (user name)"), max_length=150, blank=True)
    # Changed on every write: processes compare it to notice that another one changed the calendar.
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["year"]
        verbose_name = _("official calendar year")
        verbose_name_plural = _("official calendar years")

    def __str__(self) -> str:
        return str(self.year)


class OfficialDay(models.Model):
    """A day the notice names: a day off for a festival, or a make-up working day (调休, usually a weekend)."""

    class Kind(models.TextChoices):
        HOLIDAY = "holiday", _("day off")
        WORKDAY = "workday", _("make-up working day")

    calendar_year = models.ForeignKey(
        OfficialYear, verbose_name=_("year"), on_delete=models.CASCADE, related_name="days"
    )
    # Unique: no day is both off and on, and no day belongs to two years' calendars.
    date = models.DateField(_("date"), unique=True)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    # The festival: of the day off, or the one a make-up working day makes up for.
    name = models.CharField(_("festival"), max_length=100)

    class Meta:
        ordering = ["date"]
        verbose_name = _("official day")
        verbose_name_plural = _("official days")

    def __str__(self) -> str:
        return f"{self.date.isoformat()} {self.name}"
