"""Grid outlines imported from a GeoJSON FeatureCollection (what a surveying office or a
drawing tool exports): features matched to grids by their code or name, all or nothing.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tongxin.platform.core.audit import audit_record
from tongxin.platform.core.exceptions import DomainError
from tongxin.registry.areas.geo import outline_geometry, outline_summary
from tongxin.registry.areas.models import Area, Level

MATCH_KEYS = ("code", "name")
MAX_FEATURES = 20_000


@dataclass
class OutlineImportReport:
    matched: int = 0
    changed: int = 0
    unmatched: list[str] = field(default_factory=list)
    # "feature 3 (第一网格): message" — any of these and nothing was saved.
    errors: list[str] = field(default_factory=list)


def _label(index: int, key: str) -> str:
    return _("feature %(n)d (%(key)s)") % {"n": index + 1, "key": key or "—"}


@transaction.atomic
def grid_outlines_import(
    *, collection: Any, match: str = "code", under: Area | None = None, dry_run: bool = False
) -> OutlineImportReport:
    """Set the outline of every grid a feature names (by `properties.code` or `.name`).

    With `match="name"` a feature may also carry `properties.community` to tell apart grids
    of the same name ("第一网格" exists in every community). A feature naming no grid is
    reported and skipped; a broken geometry, a name that fits several grids or two features
    for one grid is an error, and then nothing is saved (the report lists every error).
    """
    if match not in MATCH_KEYS:
        raise DomainError(_("Match features by code or by name."))
    if not isinstance(collection, dict) or collection.get("type") != "FeatureCollection":
        raise DomainError(_("The file must be a GeoJSON FeatureCollection."))
    features = collection.get("features")
    if not isinstance(features, list):
        raise DomainError(_("The FeatureCollection has no list of features."))
    if len(features) > MAX_FEATURES:
        raise DomainError(_("Too many features (at most %(n)d).") % {"n": MAX_FEATURES})
    grids = Area.objects.filter(level=Level.GRID)
    if under is not None:
        grids = grids.filter(path__startswith=under.path)
    by_key: dict[str, list[Area]] = defaultdict(list)
    for grid in grids.select_related("parent").order_by("path"):
        value = (grid.code if match == "code" else grid.name).strip()
        if value:
            by_key[value].append(grid)

    report = OutlineImportReport()
    chosen: dict[int, tuple[Area, dict[str, Any]]] = {}
    for index, feature in enumerate(features):
        properties = feature.get("properties") if isinstance(feature, dict) else None
        properties = properties if isinstance(properties, dict) else {}
        key = str(properties.get(match) or "").strip()[:100]
        candidates = by_key.get(key, [])
        community = str(properties.get("community") or "").strip()
        if match == "name" and community:
            candidates = [g for g in candidates if g.parent is not None and g.parent.name == community]
        if not candidates:
            report.unmatched.append(key or _label(index, ""))
            continue
        if len(candidates) > 1:
            report.errors.append(
                _("%(feature)s: %(n)d grids have that name; add properties.community or use --match code.")
                % {"feature": _label(index, key), "n": len(candidates)}
            )
            continue
        grid = candidates[0]
        if grid.pk in chosen:
            message = _("%(feature)s: a second outline for the same grid.")
            report.errors.append(message % {"feature": _label(index, key)})
            continue
        try:
            outline = outline_geometry(feature)
        except DomainError as exc:
            report.errors.append(f"{_label(index, key)}: {' '.join(exc.messages)}")
            continue
        chosen[grid.pk] = (grid, outline)
    report.matched = len(chosen)
    changed = [(grid, outline) for grid, outline in chosen.values() if grid.outline != outline]
    report.changed = len(changed)
    if report.errors or dry_run:
        return report
    now = timezone.now()
    for grid, outline in changed:
        before = outline_summary(grid.outline)
        grid.outline, grid.updated_at = outline, now
        audit_record(
            actor=None,
            action="update",
            obj=grid,
            changes={"outline": [before, outline_summary(outline)], "via": "import_grid_outlines"},
        )
    Area.objects.bulk_update([grid for grid, _outline in changed], ["outline", "updated_at"], batch_size=500)
    return report
