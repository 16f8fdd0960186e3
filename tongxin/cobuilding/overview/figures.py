"""The co-building figures (共建统计) of a place and a period: one function per figure.

The page, any API and the report card call these functions, so each number has one definition.
Every function costs ONE query whatever the size: it groups in the database by the community
(every co-building row belongs to a community or village), and `Figure` rolls those groups up to
whatever rows a page shows (the place's communities, or its subdistricts for a district).

A row counts for a place when its community is the place or under it; for a place below a
community (a grid) only the units, needs and projects placed there would count, and the
community-wide rows (agreements, bookings) do not — they belong to the community.

Definitions (the period is [start, end], both days included):

- units: the resident units whose community is under the place (whatever the period);
- agreements in force: signed (a signing date; later marked ended or not) and overlapping the
  period (in force from ≤ end and until ≥ start);
- commitments delivered: of the commitments of those agreements, the ones whose deliveries up to
  the period's end add up to at least what was promised; and per kind, what was promised and what
  was delivered up to the period's end, in the kind's unit of measure;
- projects claimed: claimed in the period (not an offer still waiting, not cancelled);
  in progress: under way now and started by the period's end (or not given a start day);
  completed: completed in the period;
- resources used: the approved bookings that start in the period — how many, their hours, and
  how many distinct resources they booked;
- money contributed: the deliveries of money commitments dated in the period;
- volunteer hours (see `volunteer_hours`): deliveries of volunteer-hour commitments dated in the
  period that were not written by a project, plus the volunteer hours of the projects completed
  in the period;
- people served: the people served by the projects completed in the period.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import (
    Count,
    DecimalField,
    DurationField,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce

from tongxin.cobuilding.agreements.models import KIND_MEASURE, Agreement, Commitment, CommitmentKind, Delivery
from tongxin.cobuilding.projects.models import Project
from tongxin.cobuilding.resources.models import Booking
from tongxin.registry.areas.models import Area
from tongxin.registry.cobuild.models import ResidentUnit

ZERO = Decimal("0")
_MONEY: DecimalField[Decimal, Decimal] = DecimalField(max_digits=14, decimal_places=2)


@dataclass
class Figure:
    """A figure's values per community path (the groups the database returned)."""

    by_path: dict[str, Any] = field(default_factory=dict)
    zero: Any = 0

    def total(self) -> Any:
        return sum(self.by_path.values(), self.zero)

    def under(self, path: str) -> Any:
        """The figure for one row of a table: the groups under that place."""
        return sum((v for p, v in self.by_path.items() if p.startswith(path)), self.zero)


def _period_ok(start: datetime.date, end: datetime.date) -> None:
    if end < start:
        raise ValueError("the period ends before it starts")


def _grouped(rows: Iterable[dict[str, Any]], key: str, value: str, zero: Any = 0) -> Figure:
    figure = Figure(zero=zero)
    for row in rows:
        path = row[key]
        figure.by_path[path] = figure.by_path.get(path, zero) + (row[value] or zero)
    return figure


def units(node: Area) -> Figure:
    """Resident units of the place (the period does not change them)."""
    rows = (
        ResidentUnit.objects.filter(area__path__startswith=node.path)
        .values("area__path")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return _grouped(rows, "area__path", "n")


def _agreements_in_force(node: Area, start: datetime.date, end: datetime.date, via: str = "") -> Q:
    return Q(
        **{
            f"{via}community__path__startswith": node.path,
            f"{via}signed_on__isnull": False,
            f"{via}starts_on__lte": end,
            f"{via}ends_on__gte": start,
        }
    )


def agreements(node: Area, start: datetime.date, end: datetime.date) -> Figure:
    """Agreements in force in the period: signed and overlapping it."""
    _period_ok(start, end)
    rows = (
        Agreement.objects.filter(_agreements_in_force(node, start, end))
        .values("community__path")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return _grouped(rows, "community__path", "n")


@dataclass
class KindDelivered:
    kind: str
    label: str
    measure: str
    promised: Decimal
    delivered: Decimal


@dataclass
class Commitments:
    """Commitments of the agreements in force: how many, how many fully delivered, and per kind."""

    total: Figure
    fully_delivered: Figure
    kinds: list[KindDelivered]


def commitments(node: Area, start: datetime.date, end: datetime.date) -> Commitments:
    """Commitments of the agreements in force in the period, delivered up to the period's end."""
    _period_ok(start, end)
    delivered = Coalesce(
        Subquery(
            Delivery.objects.filter(commitment=OuterRef("pk"), delivered_on__lte=end)
            .values("commitment")
            .annotate(s=Sum("quantity"))
            .values("s"),
            output_field=_MONEY,
        ),
        Value(ZERO),
        output_field=_MONEY,
    )
    in_force = _agreements_in_force(node, start, end, via="agreement__")
    rows = list(
        Commitment.objects.filter(in_force)
        .annotate(done=delivered)
        .values("agreement__community__path", "kind")
        .annotate(
            n=Count("pk"),
            full=Count("pk", filter=Q(done__gte=F("quantity"))),
            promised=Sum("quantity"),
            delivered=Sum("done"),
        )
        .order_by()
    )
    per_kind: dict[str, list[Decimal]] = {}
    for row in rows:
        sums = per_kind.setdefault(row["kind"], [ZERO, ZERO])
        sums[0] += row["promised"] or ZERO
        sums[1] += row["delivered"] or ZERO
    kinds = [
        KindDelivered(kind.value, str(kind.label), str(KIND_MEASURE[kind]), *per_kind[kind.value])
        for kind in CommitmentKind
        if kind.value in per_kind
    ]
    return Commitments(
        total=_grouped(rows, "agreement__community__path", "n"),
        fully_delivered=_grouped(rows, "agreement__community__path", "full"),
        kinds=kinds,
    )


def _projects_under(node: Area) -> Q:
    # A project belongs to its community; below a community, to the place its need names.
    return Q(community__path__startswith=node.path) | Q(need__place__path__startswith=node.path)


def claimed_q(start: datetime.date, end: datetime.date) -> Q:
    return Q(claimed_at__date__gte=start, claimed_at__date__lte=end) & ~Q(
        state__in=[Project.State.PROPOSED, Project.State.CANCELLED]
    )


def in_progress_q(start: datetime.date, end: datetime.date) -> Q:
    return Q(state=Project.State.IN_PROGRESS) & (Q(started_on__isnull=True) | Q(started_on__lte=end))


def completed_q(start: datetime.date, end: datetime.date) -> Q:
    return Q(state=Project.State.COMPLETED, completed_on__gte=start, completed_on__lte=end)


@dataclass
class Projects:
    claimed: Figure
    in_progress: Figure
    completed: Figure
    volunteer_hours: Figure  # of the projects completed in the period
    people_served: Figure  # of the projects completed in the period


def projects(node: Area, start: datetime.date, end: datetime.date) -> Projects:
    """The projects' figures of the period, in one grouped query."""
    _period_ok(start, end)
    done = completed_q(start, end)
    rows = list(
        Project.objects.filter(_projects_under(node))
        .values("community__path")
        .annotate(
            claimed=Count("pk", filter=claimed_q(start, end)),
            in_progress=Count("pk", filter=in_progress_q(start, end)),
            completed=Count("pk", filter=done),
            hours=Sum("volunteer_hours", filter=done),
            served=Sum("people_served", filter=done),
        )
        .order_by()
    )
    return Projects(
        claimed=_grouped(rows, "community__path", "claimed"),
        in_progress=_grouped(rows, "community__path", "in_progress"),
        completed=_grouped(rows, "community__path", "completed"),
        volunteer_hours=_grouped(rows, "community__path", "hours", ZERO),
        people_served=_grouped(rows, "community__path", "served"),
    )


def bookings_q(node: Area, start: datetime.date, end: datetime.date) -> Q:
    return Q(
        resource__community__path__startswith=node.path,
        status=Booking.Status.APPROVED,
        starts_at__date__gte=start,
        starts_at__date__lte=end,
    )


@dataclass
class ResourcesUsed:
    bookings: Figure
    hours: Figure  # Decimal hours
    resources: Figure  # distinct resources (a resource belongs to one community)


def resources_used(node: Area, start: datetime.date, end: datetime.date) -> ResourcesUsed:
    """Approved bookings starting in the period: how many, their hours, distinct resources."""
    _period_ok(start, end)
    rows = list(
        Booking.objects.filter(bookings_q(node, start, end))
        .values("resource__community__path")
        .annotate(
            n=Count("pk"),
            length=Sum(ExpressionWrapper(F("ends_at") - F("starts_at"), output_field=DurationField())),
            distinct=Count("resource", distinct=True),
        )
        .order_by()
    )
    for row in rows:
        length = row["length"] or datetime.timedelta(0)
        # Hours to one decimal, as a person reads a timetable.
        row["hours"] = (Decimal(int(length.total_seconds())) / 3600).quantize(Decimal("0.1"))
    return ResourcesUsed(
        bookings=_grouped(rows, "resource__community__path", "n"),
        hours=_grouped(rows, "resource__community__path", "hours", ZERO),
        resources=_grouped(rows, "resource__community__path", "distinct"),
    )


def deliveries_q(node: Area, start: datetime.date, end: datetime.date, kind: str) -> Q:
    return Q(
        commitment__agreement__community__path__startswith=node.path,
        commitment__kind=kind,
        delivered_on__gte=start,
        delivered_on__lte=end,
    )


def _delivered(node: Area, start: datetime.date, end: datetime.date, kind: str, exclude_source: str = "") -> Figure:
    qs = Delivery.objects.filter(deliveries_q(node, start, end, kind))
    if exclude_source:
        qs = qs.exclude(source=exclude_source)
    rows = qs.values("commitment__agreement__community__path").annotate(s=Sum("quantity")).order_by()
    return _grouped(rows, "commitment__agreement__community__path", "s", ZERO)


def money(node: Area, start: datetime.date, end: datetime.date) -> Figure:
    """Money contributed: the deliveries of money commitments dated in the period (yuan)."""
    _period_ok(start, end)
    return _delivered(node, start, end, CommitmentKind.MONEY)


def volunteer_hours(node: Area, start: datetime.date, end: datetime.date, done: Projects | None = None) -> Figure:
    """Volunteer hours contributed — THE definition used everywhere: the deliveries of
    volunteer-hour commitments dated in the period that no project wrote (a project's own
    delivery would count its hours twice), plus the volunteer hours of the projects completed in
    the period. Pass the period's `projects(...)` to save its query."""
    _period_ok(start, end)
    delivered = _delivered(node, start, end, CommitmentKind.VOLUNTEER_HOURS, Delivery.Source.PROJECT)
    project_hours = (done or projects(node, start, end)).volunteer_hours
    both = Figure(by_path=dict(delivered.by_path), zero=ZERO)
    for path, hours in project_hours.by_path.items():
        both.by_path[path] = both.by_path.get(path, ZERO) + hours
    return both


def people_served(node: Area, start: datetime.date, end: datetime.date, done: Projects | None = None) -> Figure:
    """People served by the projects completed in the period."""
    return (done or projects(node, start, end)).people_served


@dataclass
class AllFigures:
    node: Area
    start: datetime.date
    end: datetime.date
    units: Figure
    agreements: Figure
    commitments: Commitments
    projects: Projects
    resources: ResourcesUsed
    money: Figure
    volunteer_hours: Figure
    people_served: Figure


def all_figures(node: Area, start: datetime.date, end: datetime.date) -> AllFigures:
    """Every figure of the place and period: seven queries whatever the size."""
    done = projects(node, start, end)
    return AllFigures(
        node=node,
        start=start,
        end=end,
        units=units(node),
        agreements=agreements(node, start, end),
        commitments=commitments(node, start, end),
        projects=done,
        resources=resources_used(node, start, end),
        money=money(node, start, end),
        volunteer_hours=volunteer_hours(node, start, end, done),
        people_served=people_served(node, start, end, done),
    )
