"""Set grid outlines from a GeoJSON FeatureCollection:
`manage.py import_grid_outlines FILE.geojson [--match code|name] [--under AREA_ID] [--dry-run]`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from tongxin.platform.core.exceptions import DomainError
from tongxin.registry.areas.geo import parse_geojson
from tongxin.registry.areas.models import Area
from tongxin.registry.areas.outlines import MATCH_KEYS, grid_outlines_import

# A district's grids with detailed outlines fit easily; anything far larger is the wrong file.
MAX_FILE_BYTES = 100 * 1024 * 1024
SHOWN = 20


class Command(BaseCommand):
    help = (
        "Set grid outlines from a GeoJSON FeatureCollection, matching features to grids by "
        "properties.code or properties.name. All or nothing: any invalid feature and no outline changes."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="a .geojson file holding a FeatureCollection")
        parser.add_argument("--match", choices=MATCH_KEYS, default="code", help="the property naming the grid")
        parser.add_argument("--under", type=int, metavar="AREA_ID", help="only grids under this area")
        parser.add_argument("--dry-run", action="store_true", help="check and report, change nothing")

    def handle(self, *args: Any, file: str, match: str, under: int | None, dry_run: bool, **options: Any) -> None:
        path = Path(file)
        try:
            if path.stat().st_size > MAX_FILE_BYTES:
                raise CommandError(_("The file is larger than 100 MB."))
            text = path.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as exc:
            raise CommandError(_("Cannot read %(file)s: %(error)s") % {"file": file, "error": exc}) from exc
        try:
            collection = parse_geojson(text)
        except DomainError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        area = None
        if under is not None:
            area = Area.objects.filter(pk=under).first()
            if area is None:
                raise CommandError(_("No area has the id %(id)d.") % {"id": under})
        try:
            report = grid_outlines_import(collection=collection, match=match, under=area, dry_run=dry_run)
        except DomainError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        self.stdout.write(
            _("Matched %(matched)d grids (%(changed)d changed); %(unmatched)d features matched no grid.")
            % {"matched": report.matched, "changed": report.changed, "unmatched": len(report.unmatched)}
        )
        if report.unmatched:
            more = len(report.unmatched) - SHOWN
            listed = ", ".join(report.unmatched[:SHOWN]) + (f" … (+{more})" if more > 0 else "")
            self.stdout.write(_("Not matched: %(list)s") % {"list": listed})
        if report.errors:
            for error in report.errors[:SHOWN]:
                self.stderr.write(error)
            raise CommandError(_("%(n)d features have errors: nothing was changed.") % {"n": len(report.errors)})
        if dry_run:
            self.stdout.write(_("Dry run: nothing was changed."))
