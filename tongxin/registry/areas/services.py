"""Writes to the area tree and to households: transactional, audited, scope-checked."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from tongxin.platform.access.actor import Actor
from tongxin.platform.access.roles import Perm
from tongxin.platform.access.scope import scope_for
from tongxin.platform.core.audit import audit_record, diff, stored
from tongxin.platform.core.exceptions import DomainError, Forbidden
from tongxin.platform.core.tree_ops import node_insert, subtree_move
from tongxin.platform.core.trees import AREA
from tongxin.registry.areas.geo import outline_geometry, outline_summary
from tongxin.registry.areas.models import CHILD_LEVELS, HOUSEHOLD_LEVELS, Area, Estate, Household, Level

AREA_FIELDS = ["name", "level", "code", "estate_id", "note", "sort_order"]
HOUSEHOLD_FIELDS = ["area_id", "number", "kind", "is_member_household", "note"]


def _require_area(actor: Actor, perm: str, path: str) -> None:
    if not scope_for(actor).allows_path(perm, AREA, path):
        raise Forbidden(_("You may not change this part of the area tree."))


def _check_level(parent: Area | None, level: str) -> None:
    allowed = CHILD_LEVELS[parent.level if parent else None]
    if level not in allowed:
        raise DomainError(
            _("A %(child)s cannot be placed under a %(parent)s.")
            % {
                "child": Level(level).label,
                "parent": Level(parent.level).label if parent else _("the top of the tree"),
            },
            code="level",
        )


def grid_of(area: Area) -> Area | None:
    if area.level == Level.GRID:
        return area
    ids = area.ancestor_ids()
    return Area.objects.filter(pk__in=ids, level=Level.GRID).first()


@transaction.atomic
def area_create(*, actor: Actor, parent: Area | None, level: str, name: str, **fields: Any) -> Area:
    if parent is None:
        if not scope_for(actor).is_admin:
            raise Forbidden(_("Only a platform admin may add a district."))
    else:
        _require_area(actor, Perm.EDIT_TREE, parent.path)
    _check_level(parent, level)
    if "outline" in fields:
        fields["outline"] = _checked_outline(level, fields["outline"])
    area = Area(parent=parent, level=level, name=name.strip(), **fields)
    area.full_clean(exclude=["path", "parent"])
    node_insert(area)
    audit_record(actor=actor, action="create", obj=area, changes={f: [None, getattr(area, f)] for f in AREA_FIELDS})
    return area


@transaction.atomic
def area_update(*, actor: Actor, area: Area, **fields: Any) -> Area:
    """Change an area's own fields; `outline` (a grid's GeoJSON, or None to clear it) is checked."""
    _require_area(actor, Perm.EDIT_TREE, area.path)
    before = stored(area, [*AREA_FIELDS, "outline"])
    if "outline" in fields:
        fields["outline"] = _checked_outline(area.level, fields["outline"])
    for key, value in fields.items():
        setattr(area, key, value)
    if area.level != before["level"]:
        raise DomainError(_("The level of an area cannot change; add a new one instead."), code="level")
    area.full_clean(exclude=["path", "parent"])
    area.save()
    changes = diff(
        {**before, "outline": outline_summary(before["outline"])},
        {**{f: getattr(area, f) for f in AREA_FIELDS}, "outline": outline_summary(area.outline)},
    )
    audit_record(actor=actor, action="update", obj=area, changes=changes)
    return area


def _checked_outline(level: str, outline: Any) -> dict[str, Any] | None:
    if outline in (None, "", {}):
        return None
    if level != Level.GRID:
        # Cases are placed by the grid that holds a point: other levels' outlines would never be read.
        raise DomainError({"outline": _("Only a grid has an outline.")}, code="level")
    return outline_geometry(outline)


@transaction.atomic
def area_move(*, actor: Actor, area: Area, new_parent: Area) -> Area:
    """Move an area with everything under it; households follow into their new grid."""
    scope = scope_for(actor)
    # Moving a node needs the right over the node's old place and its new one, and nobody
    # moves the node their own role is held at (they would lose sight of it).
    if not scope.is_admin and any(area.path == root for root in scope.roots(AREA, Perm.EDIT_TREE)):
        raise Forbidden(_("You cannot move the area your own role is held at."))
    _require_area(actor, Perm.EDIT_TREE, area.path)
    _require_area(actor, Perm.EDIT_TREE, new_parent.path)
    if new_parent.path.startswith(area.path):
        raise DomainError(_("An area cannot be moved under itself or its own descendants."), code="cycle")
    _check_level(new_parent, area.level)
    old_parent = area.parent
    subtree_move(area, new_parent)
    if area.level in (Level.BUILDING, Level.ENTRANCE):
        Household.objects.filter(area__path__startswith=area.path).update(grid=grid_of(new_parent))
    audit_record(
        actor=actor,
        action="move",
        obj=area,
        changes={"parent": [str(old_parent) if old_parent else None, str(new_parent)]},
    )
    return area


def _household_area_check(actor: Actor, area: Area) -> None:
    if area.level not in HOUSEHOLD_LEVELS:
        raise DomainError(_("A household belongs to a building or an entrance."), code="level")
    _require_area(actor, Perm.EDIT_PEOPLE, area.path)


@transaction.atomic
def household_create(*, actor: Actor, area: Area, number: str, **fields: Any) -> Household:
    _household_area_check(actor, area)
    household = Household(area=area, grid=grid_of(area), number=number.strip(), **fields)
    household.full_clean()
    household.save()
    audit_record(
        actor=actor,
        action="create",
        obj=household,
        changes={f: [None, getattr(household, f)] for f in HOUSEHOLD_FIELDS},
    )
    return household


@transaction.atomic
def household_update(*, actor: Actor, household: Household, **fields: Any) -> Household:
    _require_area(actor, Perm.EDIT_PEOPLE, household.area.path)
    before = stored(household, HOUSEHOLD_FIELDS)
    for key, value in fields.items():
        setattr(household, key, value)
    if household.area_id != before["area_id"]:
        _household_area_check(actor, household.area)
        household.grid = grid_of(household.area)
    household.full_clean()
    household.save()
    audit_record(
        actor=actor,
        action="update",
        obj=household,
        changes=diff(before, {f: getattr(household, f) for f in HOUSEHOLD_FIELDS}),
    )
    return household


@transaction.atomic
def household_delete(*, actor: Actor, household: Household) -> None:
    _require_area(actor, Perm.EDIT_PEOPLE, household.area.path)
    if household.residents.exists():
        raise DomainError(_("Move or remove the residents of this household first."), code="not_empty")
    audit_record(actor=actor, action="delete", obj=household)
    household.delete()


@transaction.atomic
def estate_create(
    *, actor: Actor, community: Area, name: str, has_property_company: bool = True, note: str = ""
) -> Estate:
    """A residential estate (小区) of a community; buildings join it from their edit form."""
    if community.level not in (Level.COMMUNITY, Level.VILLAGE):
        raise DomainError(_("An estate belongs to a community or a village."), code="level")
    _require_area(actor, Perm.EDIT_TREE, community.path)
    estate = Estate(community=community, name=name.strip(), has_property_company=has_property_company, note=note)
    estate.full_clean()
    estate.save()
    audit_record(actor=actor, action="create", obj=estate, changes={"name": [None, estate.name]})
    return estate
