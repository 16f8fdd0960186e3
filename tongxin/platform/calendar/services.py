"""Writes to the official calendar: a year entered by the office from the notice, years loaded from packages."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tongxin.platform.access.actor import Actor, check_perm
from tongxin.platform.access.models import User
from tongxin.platform.access.roles import Perm
from tongxin.platform.calendar import days, sources
from tongxin.platform.calendar.models import OfficialDay, OfficialYear
from tongxin.platform.core.audit import audit_record
from tongxin.platform.core.exceptions import DomainError

FIRST_YEAR = 2000
LAST_YEAR = 2100
_ONE_DAY = timedelta(days=1)

CALENDAR_REFUSED = gettext_lazy("Only a platform admin may enter the official calendar.")


@dataclass(frozen=True)
class HolidayRange:
    """One line of the notice: a festival's days off, first to last, weekends inside included."""

    name: str
    first: date
    last: date
    # Where the line was typed (the form's row), for an error next to it; -1 when not from a form.
    row: int = -1


@dataclass(frozen=True)
class MakeUpWorkday:
    """A make-up working day (调休上班) and the festival it makes up for."""

    day: date
    name: str
    row: int = -1


def _refresh() -> None:
    # This process reads the new year at once; the others within days._RECHECK_SECONDS.
    days.clear_caches()
    transaction.on_commit(days.clear_caches)


def _field(kind: str, row: int, part: str) -> str:
    # The form names its fields holiday_<row>_<part> and workday_<row>_<part>: an error lands next to the value.
    return f"{kind}_{row}_{part}" if row >= 0 else "__all__"


def _validate(year: int, holidays: Sequence[HolidayRange], workdays: Sequence[MakeUpWorkday]) -> None:
    errors: dict[str, list[str]] = {}

    def refuse(key: str, message: str) -> None:
        errors.setdefault(key, []).append(message)

    if not FIRST_YEAR <= year <= LAST_YEAR:
        refuse("year", _("Enter a year from %(first)d to %(last)d.") % {"first": FIRST_YEAR, "last": LAST_YEAR})
        raise DomainError(errors)
    if not holidays:
        refuse("__all__", _("Enter at least one festival's days off, as the notice lists them."))
    taken: dict[date, str] = {}
    for line in holidays:
        if not line.name.strip():
            refuse(_field("holiday", line.row, "name"), _("Enter the festival's name, e.g. 春节."))
        if line.last < line.first:
            refuse(
                _field("holiday", line.row, "last"),
                _("%(name)s: the last day off (%(last)s) is before the first (%(first)s).")
                % {"name": line.name, "first": line.first.isoformat(), "last": line.last.isoformat()},
            )
            continue
        for part, day in (("first", line.first), ("last", line.last)):
            if day.year != year:
                refuse(
                    _field("holiday", line.row, part),
                    _("%(name)s: %(day)s is not in %(year)d. Enter each year's days in that year's calendar.")
                    % {"name": line.name, "day": day.isoformat(), "year": year},
                )
        if line.last.year != year or line.first.year != year:
            continue
        if (line.last - line.first).days > 30:
            refuse(
                _field("holiday", line.row, "last"),
                _("%(name)s: more than a month of days off; check the dates.") % {"name": line.name},
            )
            continue
        day = line.first
        while day <= line.last:
            if day in taken:
                refuse(
                    _field("holiday", line.row, "first"),
                    _("%(name)s: %(day)s is already a day off for %(other)s.")
                    % {"name": line.name, "day": day.isoformat(), "other": taken[day]},
                )
                break
            taken[day] = line.name
            day += _ONE_DAY
    seen: set[date] = set()
    for workday in workdays:
        key = _field("workday", workday.row, "day")
        if not workday.name.strip():
            refuse(_field("workday", workday.row, "name"), _("Enter the festival this working day makes up for."))
        if workday.day.year != year:
            refuse(
                key,
                _("Make-up working day %(day)s is not in %(year)d.") % {"day": workday.day.isoformat(), "year": year},
            )
        elif workday.day in taken:
            refuse(
                key,
                _("%(day)s cannot be both a day off (%(name)s) and a make-up working day.")
                % {"day": workday.day.isoformat(), "name": taken[workday.day]},
            )
        elif workday.day.weekday() < 5:
            refuse(
                key,
                _("%(day)s is a weekday: a make-up working day is a Saturday or a Sunday.")
                % {"day": workday.day.isoformat()},
            )
        elif workday.day in seen:
            refuse(key, _("%(day)s is listed twice.") % {"day": workday.day.isoformat()})
        seen.add(workday.day)
    if errors:
        raise DomainError(errors)


def _days_summary(year: OfficialYear) -> dict[str, Any]:
    rows = year.days.order_by("date").values_list("date", "kind", "name")
    return {
        "holidays": [f"{d.isoformat()} {n}" for d, k, n in rows if k == OfficialDay.Kind.HOLIDAY],
        "workdays": [f"{d.isoformat()} {n}" for d, k, n in rows if k == OfficialDay.Kind.WORKDAY],
    }


@transaction.atomic
def official_year_enter(
    *,
    actor: Actor,
    year: int,
    notice: str,
    holidays: Sequence[HolidayRange],
    workdays: Sequence[MakeUpWorkday],
) -> OfficialYear:
    """Store ``year`` as the office read it in the State Council's notice, replacing what was stored for it."""
    check_perm(actor, Perm.CALENDAR, CALENDAR_REFUSED)
    notice = notice.strip()
    if not notice:
        raise DomainError({"notice": _("Enter the notice's number or title, e.g. 国办发明电〔2026〕12号.")})
    _validate(year, holidays, workdays)
    official, created = OfficialYear.objects.select_for_update().get_or_create(
        year=year, defaults={"source": OfficialYear.Source.NOTICE}
    )
    before = {} if created else {"source": official.get_source_display(), **_days_summary(official)}
    official.days.all().delete()
    official.source = OfficialYear.Source.NOTICE
    official.package = official.package_version = ""
    official.notice = notice
    official.entered_by = actor if isinstance(actor, User) else None
    official.entered_by_name = actor.get_username() if isinstance(actor, User) else ""
    official.save()
    rows: list[OfficialDay] = []
    for line in holidays:
        day = line.first
        while day <= line.last:
            rows.append(OfficialDay(calendar_year=official, date=day, kind=OfficialDay.Kind.HOLIDAY, name=line.name))
            day += _ONE_DAY
    rows += [
        OfficialDay(calendar_year=official, date=w.day, kind=OfficialDay.Kind.WORKDAY, name=w.name) for w in workdays
    ]
    _clear_other_years(year, [row.date for row in rows])
    OfficialDay.objects.bulk_create(rows)
    after = {"source": official.get_source_display(), "notice": notice, **_days_summary(official)}
    audit_record(
        actor=actor,
        action="create" if created else "update",
        obj=official,
        changes={key: [before.get(key), value] for key, value in after.items() if before.get(key) != value},
    )
    _refresh()
    return official


def _clear_other_years(year: int, dates: Iterable[date]) -> None:
    # A date is unique across years; validation keeps a year's days in the year, so nothing of another year can
    # clash. Kept as a guard should a stored row ever have strayed (the unique index would refuse the insert).
    OfficialDay.objects.filter(date__in=list(dates)).exclude(calendar_year__year=year).delete()


def official_years_load(*, years: Iterable[int] | None = None) -> dict[str, list[int]]:
    """Store the years the packages have (chinese-calendar first, then holidays): a system write, no actor.

    A year the office entered by hand stays as entered; a year loaded from a package earlier is loaded again
    when the package's days changed (an upgrade corrected it). Returns the years ``added``, ``updated``,
    ``kept`` (already the same) and ``entered`` (left as the office entered them).
    """
    result: dict[str, list[int]] = {"added": [], "updated": [], "kept": [], "entered": []}
    for year in sorted(set(years) if years is not None else sources.known_years()):
        found = sources.from_packages(year)
        if found is None:
            continue
        with transaction.atomic():
            result[_load_year(found)].append(year)
    if result["added"] or result["updated"]:
        _refresh()
    return result


def _load_year(found: sources.YearDays) -> str:
    wanted = {(d, OfficialDay.Kind.HOLIDAY, n) for d, n in found.holidays.items()} | {
        (d, OfficialDay.Kind.WORKDAY, n) for d, n in found.workdays.items()
    }
    official = OfficialYear.objects.select_for_update().filter(year=found.year).first()
    if official is not None and official.source == OfficialYear.Source.NOTICE:
        return "entered"
    if official is not None:
        stored = set(official.days.values_list("date", "kind", "name"))
        if stored == wanted and (official.package, official.package_version) == (found.package, found.package_version):
            return "kept"
        outcome = "updated"
        official.days.all().delete()
    else:
        official = OfficialYear(year=found.year)
        outcome = "added"
    official.source = OfficialYear.Source.PACKAGE
    official.package = found.package
    official.package_version = found.package_version
    official.save()
    _clear_other_years(found.year, [d for d, _, _ in wanted])
    OfficialDay.objects.bulk_create(
        OfficialDay(calendar_year=official, date=d, kind=k, name=n) for d, k, n in sorted(wanted)
    )
    audit_record(
        actor=None,
        action="create" if outcome == "added" else "update",
        obj=official,
        changes={"source": f"{found.package} {found.package_version}", "days": len(wanted)},
    )
    return outcome
