"""What the official calendar page shows: each year, where its days come from, how many there are."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, Q
from django.utils import timezone

from tongxin.platform.calendar import sources
from tongxin.platform.calendar.models import OfficialDay, OfficialYear, festival_label


@dataclass(frozen=True)
class YearRow:
    year: int
    # "stored": in the database; "package": only in a package (not loaded yet); "missing": nobody has it.
    state: str
    official: OfficialYear | None = None
    package: str = ""
    days_off: int = 0
    workdays: int = 0
    festivals: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class YearDetail:
    row: YearRow
    holidays: dict[date, str]
    workdays: dict[date, str]


def _festivals(holidays: dict[date, str]) -> list[str]:
    """The year's festivals in calendar order, in the reader's language."""
    return [festival_label(name) for name in dict.fromkeys(name for _, name in sorted(holidays.items()))]


def calendar_years() -> list[YearRow]:
    """Every year stored or in a package, and this year and next, newest first (two queries, whatever the years)."""
    stored = {
        y.year: y
        for y in OfficialYear.objects.annotate(
            n_off=Count("days", filter=Q(days__kind=OfficialDay.Kind.HOLIDAY)),
            n_on=Count("days", filter=Q(days__kind=OfficialDay.Kind.WORKDAY)),
        )
    }
    names: dict[int, dict[str, None]] = {}
    for year, name in (
        OfficialDay.objects.filter(kind=OfficialDay.Kind.HOLIDAY)
        .order_by("date")
        .values_list("calendar_year__year", "name")
    ):
        names.setdefault(year, {})[name] = None
    this_year = timezone.localdate().year
    rows: list[YearRow] = []
    for year in sorted(set(stored) | set(sources.known_years()) | {this_year, this_year + 1}, reverse=True):
        rows.append(_row(year, stored.get(year), [festival_label(n) for n in names.get(year, {})]))
    return rows


def _row(year: int, official: OfficialYear | None, festivals: list[str]) -> YearRow:
    if official is not None:
        return YearRow(
            year=year,
            state="stored",
            official=official,
            days_off=getattr(official, "n_off", 0),
            workdays=getattr(official, "n_on", 0),
            festivals=festivals,
        )
    found = sources.from_packages(year)
    if found is None:
        return YearRow(year=year, state="missing")
    return YearRow(
        year=year,
        state="package",
        package=f"{found.package} {found.package_version}",
        days_off=len(found.holidays),
        workdays=len(found.workdays),
        festivals=_festivals(found.holidays),
    )


def calendar_year(year: int) -> YearDetail:
    """One year's days, from the database or else from a package (empty when nobody has it)."""
    official = OfficialYear.objects.filter(year=year).first()
    if official is not None:
        holidays: dict[date, str] = {}
        workdays: dict[date, str] = {}
        for day, kind, name in official.days.values_list("date", "kind", "name"):
            (workdays if kind == OfficialDay.Kind.WORKDAY else holidays)[day] = name
        row = YearRow(
            year=year,
            state="stored",
            official=official,
            days_off=len(holidays),
            workdays=len(workdays),
            festivals=_festivals(holidays),
        )
        return YearDetail(row=row, holidays=holidays, workdays=workdays)
    found = sources.from_packages(year)
    row = _row(year, None, [])
    if found is None:
        return YearDetail(row=row, holidays={}, workdays={})
    return YearDetail(row=row, holidays=dict(found.holidays), workdays=dict(found.workdays))
