"""Who is behind on which required meeting: the compliance matrix of a subtree for one year.

Three queries whatever the number of organizations: the requirements, the organizations that
owe something (with their member counts), and the meetings held, grouped in the database by
organization, kind and month (Asia/Shanghai: a meeting at 07:00 on 1 April in Beijing is in
the second quarter even though it is still 31 March in UTC). Quarters, half-years and years
are sums of months.
"""

from __future__ import annotations

import calendar
import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count
from django.db.models.functions import ExtractMonth

from tongxin.partylife.meetings.models import PERIOD_MONTHS, Meeting, MeetingKind, MeetingRequirement, Period
from tongxin.partylife.meetings.requirements import active_requirements
from tongxin.platform.calendar import SHANGHAI
from tongxin.platform.core.models import PATH_STEP
from tongxin.registry.party.models import Organization, PartyMember


class State:
    DONE = "done"
    DUE = "due"  # the current period, not held yet
    MISSED = "missed"
    UPCOMING = "upcoming"
    NOT_APPLICABLE = "na"  # the period ended before the organization was founded


@dataclass
class Cell:
    start: datetime.date
    end: datetime.date
    months: int
    count: int
    state: str

    @property
    def start_month(self) -> int:
        return self.start.month


@dataclass
class RequirementRow:
    org: Organization
    kind: str
    period: str
    cells: list[Cell]

    @property
    def kind_label(self) -> str:
        return str(MeetingKind(self.kind).label)

    def count(self, state: str) -> int:
        return sum(1 for c in self.cells if c.state == state)

    @property
    def missed(self) -> int:
        return self.count(State.MISSED)

    @property
    def missed_cells(self) -> list[Cell]:
        return [c for c in self.cells if c.state == State.MISSED]


@dataclass
class OrgCompliance:
    org: Organization
    members: int
    rows: list[RequirementRow] = field(default_factory=list)

    @property
    def missed(self) -> int:
        return sum(r.missed for r in self.rows)

    @property
    def due(self) -> int:
        return sum(r.count(State.DUE) for r in self.rows)

    @property
    def done(self) -> int:
        return sum(r.count(State.DONE) for r in self.rows)


@dataclass
class ComplianceMatrix:
    root: Organization | None
    year: int
    today: datetime.date
    orgs: list[OrgCompliance]

    @property
    def behind(self) -> list[OrgCompliance]:
        """Organizations with at least one missed period, the furthest behind first."""
        return sorted((o for o in self.orgs if o.missed), key=lambda o: (-o.missed, o.org.path))

    def total(self, state: str) -> int:
        return sum(r.count(state) for o in self.orgs for r in o.rows)

    def cell(self, org_id: int, kind: str, month: int) -> Cell | None:
        """The cell of one organization's requirement that holds a month (tests, API)."""
        for o in self.orgs:
            if o.org.pk == org_id:
                for r in o.rows:
                    if r.kind == kind:
                        return next((c for c in r.cells if c.start.month <= month < c.start.month + c.months), None)
        return None


def year_bounds(year: int) -> tuple[datetime.datetime, datetime.datetime]:
    """The year as an instant range in Asia/Shanghai: [1 Jan 00:00, next 1 Jan 00:00)."""
    return (
        datetime.datetime(year, 1, 1, tzinfo=SHANGHAI),
        datetime.datetime(year + 1, 1, 1, tzinfo=SHANGHAI),
    )


def periods(year: int, period: str) -> list[tuple[datetime.date, datetime.date, int]]:
    """(first day, last day, months) of each period of a frequency in a year."""
    months = PERIOD_MONTHS[Period(period)]
    result = []
    for first in range(1, 13, months):
        last = first + months - 1
        result.append(
            (datetime.date(year, first, 1), datetime.date(year, last, calendar.monthrange(year, last)[1]), months)
        )
    return result


def _state(
    count: int, start: datetime.date, end: datetime.date, today: datetime.date, founded: datetime.date | None
) -> str:
    if count:
        return State.DONE
    if founded is not None and end < founded:
        return State.NOT_APPLICABLE
    if end < today:
        return State.MISSED
    if start <= today:
        return State.DUE
    return State.UPCOMING


class ShanghaiMonth(ExtractMonth):
    """The month of a moment in Asia/Shanghai (UTC+8 all year, no daylight saving).

    Django's SQLite backend extracts a zoned month through a Python function called per row
    (1 s for the 54,000 meetings of a district's year); SQLite's own strftime with a fixed
    "+8 hours" gives the same months natively. PostgreSQL keeps Django's AT TIME ZONE.
    """

    def __init__(self, expression: str) -> None:
        super().__init__(expression, tzinfo=SHANGHAI)

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        sql, params = compiler.compile(self.lhs)
        return f"CAST(strftime('%%m', {sql}, '+8 hours') AS INTEGER)", params


def month_counts(root: Organization | None, year: int, at: datetime.datetime) -> dict[tuple[int, str], dict[int, int]]:
    """Meetings held by (organization, kind) per month of the year, up to `at`: one grouped query."""
    start, end = year_bounds(year)
    qs = Meeting.objects.filter(starts_at__gte=start, starts_at__lt=end, starts_at__lte=at)
    if root is not None:
        qs = qs.filter(org__path__startswith=root.path)
    grouped = (
        qs.annotate(month=ShanghaiMonth("starts_at"))
        .values("org_id", "kind", "month")
        .annotate(n=Count("id"))
        .order_by()
    )
    counts: dict[tuple[int, str], dict[int, int]] = defaultdict(dict)
    for row in grouped:
        counts[(row["org_id"], row["kind"])][row["month"]] = row["n"]
    return counts


def owing_orgs(root: Organization | None, requirements: list[MeetingRequirement]) -> list[Organization]:
    """Organizations of the subtree whose kind owes a meeting, each with `n_members` (its subtree).

    Two queries whatever the size: the organizations, and the members counted per organization
    in one grouped pass, rolled up to every ancestor here by the path (a correlated count per
    organization walked the subtree once for each: 4.7 s for a district's 2,000 organizations).
    """
    qs = Organization.objects.filter(kind__in={r.org_kind for r in requirements})
    members = PartyMember.objects.current()
    if root is not None:
        qs = qs.filter(path__startswith=root.path)
        members = members.filter(org__path__startswith=root.path)
    orgs = list(qs.order_by("path"))
    wanted = {o.path for o in orgs}
    below: dict[str, int] = defaultdict(int)
    for path, n in members.order_by().values_list("org__path").annotate(n=Count("id")):
        for end in range(PATH_STEP, len(path) + 1, PATH_STEP):
            if path[:end] in wanted:
                below[path[:end]] += n
    for org in orgs:
        org.n_members = below.get(org.path, 0)  # type: ignore[attr-defined]
    return orgs


def compliance_matrix(*, root: Organization | None, year: int, at: datetime.datetime) -> ComplianceMatrix:
    """Every owing organization of the subtree × its required meetings × the periods of `year`."""
    today = at.astimezone(SHANGHAI).date()
    requirements = active_requirements()
    by_kind: dict[str, list[MeetingRequirement]] = defaultdict(list)
    for req in requirements:
        by_kind[req.org_kind].append(req)
    orgs = owing_orgs(root, requirements) if requirements else []
    counts = month_counts(root, year, at) if orgs else {}
    result = []
    for org in orgs:
        entry = OrgCompliance(org=org, members=org.n_members)  # type: ignore[attr-defined]
        for req in sorted(by_kind[org.kind], key=lambda r: list(MeetingKind.values).index(r.meeting_kind)):
            if entry.members < req.min_members:
                continue
            held = counts.get((org.pk, req.meeting_kind), {})
            cells = []
            for start, end, months in periods(year, req.period):
                count = sum(held.get(m, 0) for m in range(start.month, start.month + months))
                cells.append(Cell(start, end, months, count, _state(count, start, end, today, org.founded_on)))
            entry.rows.append(RequirementRow(org=org, kind=req.meeting_kind, period=req.period, cells=cells))
        result.append(entry)
    return ComplianceMatrix(root=root, year=year, today=today, orgs=result)
