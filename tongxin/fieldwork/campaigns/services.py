"""Writes to campaigns: setting one up from a template with its targets, starting it, checking a
target (a problem becomes a case in the same step), closing it with its summary, and the
inspection points campaigns check.

Every service checks its actor: Perm.CAMPAIGN over the community to set up, start and close a
campaign and to register points; Perm.VISIT over the target's place to check it.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from tongxin.fieldwork.campaigns.kinds import TEMPLATES
from tongxin.fieldwork.campaigns.models import Campaign, CampaignKind, InspectionPoint, PointKind, Target, TargetKind
from tongxin.grid.cases.models import Case, CaseCategory
from tongxin.grid.cases.photos import ProcessedPhoto
from tongxin.grid.cases.services import case_report
from tongxin.grid.cases.workflow import OPEN_STATES
from tongxin.platform.access.actor import Actor, signed_in
from tongxin.platform.access.roles import Perm
from tongxin.platform.access.scope import scope_for
from tongxin.platform.core.exceptions import DomainError, Forbidden
from tongxin.platform.core.trees import AREA
from tongxin.registry.areas.geo import grid_at
from tongxin.registry.areas.models import COMMUNITY_LEVELS, Area, Household, Level

PLACE_LEVELS = (*COMMUNITY_LEVELS, Level.GRID, Level.BUILDING)
MAX_DAYS = 366


def may_run(actor: Actor, community: Area) -> bool:
    """The community's office (Perm.CAMPAIGN over it) sets campaigns up, closes them, registers points."""
    return scope_for(actor).allows_path(Perm.CAMPAIGN, AREA, community.path)


def check_runs(actor: Actor, community: Area) -> None:
    if not may_run(actor, community):
        raise Forbidden(_("Only the community's office may do this."))


def may_check(actor: Actor, target: Target) -> bool:
    """Field work: Perm.VISIT over the target's place (its grid worker, its building leader)."""
    return scope_for(actor).allows_path(Perm.VISIT, AREA, target.place.path)


def clean(value: Any, limit: int, *, field: str, required: bool = False) -> str:
    text = "".join(c for c in str(value or "") if c >= " " or c in "\n\t").replace("\x7f", "").strip()
    if required and not text:
        raise DomainError({field: _("This field is required.")})
    if len(text) > limit:
        raise DomainError({field: _("At most %(limit)d characters.") % {"limit": limit}})
    return text


def community_of(area: Area) -> Area | None:
    if area.level in COMMUNITY_LEVELS:
        return area
    return Area.objects.filter(pk__in=area.ancestor_ids(), level__in=COMMUNITY_LEVELS).first()


def _grids_by_path(place: Area, community: Area) -> dict[str, Area]:
    # The grid a row lies in is the one whose path starts its path: grids sit at one depth
    # under a community, so the prefix of that length finds it without a query per row.
    if place.level == Level.GRID:
        return {place.path: place}
    grids = Area.objects.filter(path__startswith=community.path, level=Level.GRID)
    if place.level == Level.BUILDING:
        grids = grids.filter(pk__in=place.ancestor_ids())
    return {g.path: g for g in grids}


def _grid_in(grids: dict[str, Area], path: str) -> Area | None:
    for grid_path, grid in grids.items():
        if path.startswith(grid_path):
            return grid
    return None


def _targets(campaign: Campaign) -> list[Target]:
    """The campaign's targets, in three queries whatever the size of the place."""
    place, kind = campaign.place, campaign.target_kind
    grids = _grids_by_path(place, campaign.community)
    rows: list[Target] = []

    def add(grid: Area | None, where: Area, label: str, key: str, **obj: Any) -> None:
        if grid is not None:
            rows.append(Target(campaign=campaign, place=where, grid=grid, label=label[:200], sort_key=key, **obj))

    if kind in (TargetKind.BUILDING, TargetKind.ENTRANCE):
        areas = Area.objects.filter(path__startswith=place.path, level=kind).select_related("parent")
        for a in areas.order_by("path"):
            label = f"{a.parent.name} {a.name}" if kind == TargetKind.ENTRANCE and a.parent else a.name
            add(_grid_in(grids, a.path), a, label, a.path, area=a)
    elif kind == TargetKind.HOUSEHOLD:
        households = Household.objects.filter(area__path__startswith=place.path).select_related("area__parent")
        for h in households.order_by("area__path", "number", "id"):
            where = h.area
            label = (
                f"{where.parent.name} {where.name} {h.number}"
                if where.level == Level.ENTRANCE and where.parent
                else f"{where.name} {h.number}"
            )
            add(_grid_in(grids, where.path), where, label, f"{where.path}{h.number:>10}", household=h)
    else:
        points = InspectionPoint.objects.filter(community=campaign.community, is_active=True).select_related(
            "grid", "building"
        )
        if campaign.point_kind:
            points = points.filter(kind=campaign.point_kind)
        for p in points.order_by("grid__path", "name", "id"):
            where = p.building or p.grid
            if not where.path.startswith(place.path):
                continue
            label = f"{p.name}（{p.building.name}）" if p.building else p.name
            add(p.grid, where, label, f"{where.path}{p.name}", point=p)
    return rows


def _dates(starts_on: Any, ends_on: Any) -> None:
    if not isinstance(starts_on, datetime.date) or not isinstance(ends_on, datetime.date):
        raise DomainError({"starts_on": _("Enter a date.")})
    if ends_on < starts_on:
        raise DomainError({"ends_on": _("The campaign ends after it starts.")})
    if (ends_on - starts_on).days > MAX_DAYS:
        raise DomainError({"ends_on": _("A campaign lasts at most a year.")})


@transaction.atomic
def campaign_create(
    *,
    actor: Actor,
    place: Area,
    kind: str,
    starts_on: datetime.date,
    ends_on: datetime.date,
    name: str = "",
    target_kind: str = "",
    point_kind: str | None = None,
    prompt: str | None = None,
) -> Campaign:
    """A draft campaign from its kind's template, with a target for every building, entrance or
    household of the place, or every active inspection point in it."""
    template = TEMPLATES.get(kind)
    if template is None:
        raise DomainError({"kind": _("Choose from the list.")})
    if place.level not in PLACE_LEVELS:
        raise DomainError({"place": _("Choose a community, a grid or a building.")})
    community = community_of(place)
    if community is None:
        raise DomainError({"place": _("Choose a community, a grid or a building.")})
    check_runs(actor, community)
    target_kind = target_kind or template.target_kind
    if target_kind not in TargetKind.values:
        raise DomainError({"target_kind": _("Choose from the list.")})
    point_kind = template.point_kind if point_kind is None else point_kind
    if point_kind and point_kind not in PointKind.values:
        raise DomainError({"point_kind": _("Choose from the list.")})
    _dates(starts_on, ends_on)
    campaign = Campaign(
        community=community,
        place=place,
        kind=kind,
        target_kind=target_kind,
        point_kind=point_kind if target_kind == TargetKind.POINT else "",
        name=clean(name or str(template.name), 100, field="name", required=True),
        prompt=clean(str(template.prompt) if prompt is None else prompt, 1000, field="prompt"),
        starts_on=starts_on,
        ends_on=ends_on,
        created_by=signed_in(actor),
    )
    campaign.save()
    rows = _targets(campaign)
    if not rows:
        raise DomainError({"target_kind": _("There is nothing of this kind to check in this place.")})
    Target.objects.bulk_create(rows, batch_size=500)
    return campaign


def _locked(campaign: Campaign) -> Campaign:
    return Campaign.objects.select_for_update().select_related("community").get(pk=campaign.pk)


@transaction.atomic
def campaign_start(*, actor: Actor, campaign: Campaign, at: datetime.datetime | None = None) -> Campaign:
    campaign = _locked(campaign)
    check_runs(actor, campaign.community)
    if campaign.status != Campaign.Status.DRAFT:
        raise DomainError(_("This campaign has already started."))
    campaign.status = Campaign.Status.RUNNING
    campaign.started_at = at or timezone.now()
    campaign.save(update_fields=["status", "started_at", "updated_at"])
    return campaign


def progress_totals(targets: Any) -> dict[str, int]:
    """Targets, checked, problems found, and cases from them still open: one query."""
    counts = targets.order_by().aggregate(
        total=Count("pk"),
        checked=Count("pk", filter=Q(checked_at__isnull=False)),
        problems=Count("pk", filter=Q(result=Target.Result.PROBLEM)),
        cases_open=Count("pk", filter=Q(case__state__in=OPEN_STATES)),
    )
    return {k: int(v or 0) for k, v in counts.items()}


@transaction.atomic
def campaign_close(*, actor: Actor, campaign: Campaign, summary: str, at: datetime.datetime | None = None) -> Campaign:
    """Close a running campaign with its summary; the counts of the day are kept beside it."""
    campaign = _locked(campaign)
    check_runs(actor, campaign.community)
    if campaign.status != Campaign.Status.RUNNING:
        raise DomainError(_("Only a running campaign can be closed."))
    counts = progress_totals(Target.objects.filter(campaign=campaign))
    campaign.summary = clean(summary, 4000, field="summary", required=True)
    campaign.status = Campaign.Status.CLOSED
    campaign.closed_at = at or timezone.now()
    campaign.closed_targets = counts["total"]
    campaign.closed_checked = counts["checked"]
    campaign.closed_problems = counts["problems"]
    campaign.closed_cases_open = counts["cases_open"]
    campaign.save()
    return campaign


def case_category(kind: str) -> CaseCategory:
    template = TEMPLATES.get(kind) or TEMPLATES[CampaignKind.OTHER]
    found = {c.code: c for c in CaseCategory.objects.filter(code__in=template.categories, is_active=True)}
    for code in template.categories:
        if code in found:
            return found[code]
    fallback = CaseCategory.objects.filter(is_active=True).order_by("sort_order", "code").first()
    if fallback is None:
        raise DomainError(_("No case category is set up: ask the administrator."))
    return fallback


@transaction.atomic
def target_check(
    *,
    actor: Actor,
    target: Target,
    result: str,
    note: str = "",
    photos: Sequence[ProcessedPhoto] = (),
    at: datetime.datetime | None = None,
) -> Target:
    """Record what was found at a target. A problem becomes a case in the same step (placed at
    the target's building, household or point, in the campaign kind's category), unless a case
    from an earlier check of this target is still open. Photos go with the case."""
    target = (
        Target.objects.select_for_update(of=("self",))
        .select_related("campaign", "place", "household", "point", "case")
        .get(pk=target.pk)
    )
    if not may_check(actor, target):
        raise Forbidden(_("You may only check the targets of your own grid or building."))
    campaign = target.campaign
    if campaign.status != Campaign.Status.RUNNING:
        raise DomainError(
            _("This campaign is closed: its targets can no longer be checked.")
            if campaign.status == Campaign.Status.CLOSED
            else _("This campaign has not started yet.")
        )
    if result not in Target.Result.values:
        raise DomainError({"result": _("Choose OK or Problem found.")})
    note = clean(note, 1000, field="note", required=result == Target.Result.PROBLEM)
    if result == Target.Result.PROBLEM and (target.case is None or target.case.state not in OPEN_STATES):
        target.case = _case_for(actor, target, note, photos, at)
    target.result = result
    target.note = note
    target.checked_at = at or timezone.now()
    target.checked_by = signed_in(actor)
    target.save(update_fields=["result", "note", "checked_at", "checked_by", "case"])
    return target


def _case_for(
    actor: Actor, target: Target, note: str, photos: Sequence[ProcessedPhoto], at: datetime.datetime | None
) -> Case:
    campaign = target.campaign
    point = target.point
    return case_report(
        actor=actor,
        category=case_category(campaign.kind),
        description=f"{campaign.name}：{target.label}。{note}",
        area=target.place,
        household=target.household,
        latitude=point.latitude if point else None,
        longitude=point.longitude if point else None,
        photos=photos,
        address=target.label,
        at=at,
    )


# Inspection points


def coordinate(value: Any, *, field: str, limit: int) -> Decimal:
    try:
        number = Decimal(str(value).strip()).quantize(Decimal("0.000001"))
    except (InvalidOperation, ValueError, TypeError) as exc:
        raise DomainError({field: _("Enter a number of degrees, e.g. 30.123456.")}) from exc
    if not number.is_finite() or not -limit <= number <= limit:
        raise DomainError({field: _("Enter a number of degrees between -%(limit)d and %(limit)d.") % {"limit": limit}})
    return number


def _point_grid(
    community: Area, latitude: Decimal, longitude: Decimal, grid: Area | None, building: Area | None
) -> Area:
    if building is not None:
        if building.level != Level.BUILDING or not building.path.startswith(community.path):
            raise DomainError({"building": _("Choose a building of the community.")})
        if grid is None:
            grid = Area.objects.filter(pk__in=building.ancestor_ids(), level=Level.GRID).first()
    if grid is None:
        grid = grid_at(latitude, longitude, Area.objects.filter(path__startswith=community.path))
    if grid is None:
        raise DomainError({"grid": _("That point is not inside any grid of the community: choose the grid.")})
    if grid.level != Level.GRID or not grid.path.startswith(community.path):
        raise DomainError({"grid": _("Choose a grid of the community.")})
    if building is not None and not building.path.startswith(grid.path):
        raise DomainError({"building": _("The building is not in that grid.")})
    return grid


@transaction.atomic
def point_save(
    *,
    actor: Actor,
    point: InspectionPoint | None = None,
    community: Area | None = None,
    kind: str,
    name: str,
    latitude: Any,
    longitude: Any,
    grid: Area | None = None,
    building: Area | None = None,
    is_active: bool = True,
) -> InspectionPoint:
    """Register an inspection point, or correct one. Without a grid, the point's location finds
    it (the grid whose outline holds it), or the building's."""
    if point is not None:
        community = point.community
    if community is None or community.level not in COMMUNITY_LEVELS:
        raise DomainError({"community": _("Choose a community.")})
    check_runs(actor, community)
    if kind not in PointKind.values:
        raise DomainError({"kind": _("Choose from the list.")})
    lat = coordinate(latitude, field="latitude", limit=90)
    lng = coordinate(longitude, field="longitude", limit=180)
    values = {
        "kind": kind,
        "name": clean(name, 60, field="name", required=True),
        "latitude": lat,
        "longitude": lng,
        "grid": _point_grid(community, lat, lng, grid, building),
        "building": building,
        "is_active": bool(is_active),
    }
    duplicate = InspectionPoint.objects.filter(community=community, kind=kind, name=values["name"])
    if point is not None:
        duplicate = duplicate.exclude(pk=point.pk)
    if duplicate.exists():
        raise DomainError({"name": _("The community already has a point of this kind with this name.")})
    if point is None:
        point = InspectionPoint(community=community, **values)
    else:
        for field, value in values.items():
            setattr(point, field, value)
    point.save()
    return point


@transaction.atomic
def points_register_many(*, actor: Actor, community: Area, rows: Sequence[dict[str, Any]]) -> int:
    """Register many points at once (a survey's list): each row has kind, name, latitude,
    longitude, grid and optionally building, all of the community. Written in one insert."""
    check_runs(actor, community)
    points: list[InspectionPoint] = []
    for row in rows:
        grid, building = row["grid"], row.get("building")
        if not grid.path.startswith(community.path) or grid.level != Level.GRID:
            raise DomainError({"grid": _("Choose a grid of the community.")})
        if building is not None and not building.path.startswith(grid.path):
            raise DomainError({"building": _("The building is not in that grid.")})
        if row["kind"] not in PointKind.values:
            raise DomainError({"kind": _("Choose from the list.")})
        points.append(
            InspectionPoint(
                community=community,
                kind=row["kind"],
                name=clean(row["name"], 60, field="name", required=True),
                latitude=coordinate(row["latitude"], field="latitude", limit=90),
                longitude=coordinate(row["longitude"], field="longitude", limit=180),
                grid=grid,
                building=building,
            )
        )
    InspectionPoint.objects.bulk_create(points, batch_size=500)
    return len(points)
