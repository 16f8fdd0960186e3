"""Issue an Open311 API key: `manage.py open311_key NAME [--office AREA_ID]` (or `--revoke` every key of NAME)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from tongxin.grid.open311.keys import client_issue, client_revoke
from tongxin.platform.core.exceptions import DomainError
from tongxin.registry.areas.models import Area


class Command(BaseCommand):
    help = "Issue an Open311 GeoReport API key for a client and print it. The key is shown only once."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("name", help="the client the key is for, e.g. 'city 12345 app'")
        parser.add_argument("--revoke", action="store_true", help="revoke every key of this client instead")
        parser.add_argument(
            "--office",
            type=int,
            default=None,
            help=(
                "id of the subdistrict, community or village the client reports to: requests no grid "
                "holds (address_string alone, a point outside its grids) wait in its queue to be placed"
            ),
        )

    def handle(self, *args: Any, name: str, revoke: bool, office: int | None = None, **options: Any) -> None:
        if revoke:
            count = client_revoke(name=name)
            if not count:
                raise CommandError(_("No active key for a client named “%(name)s”.") % {"name": name})
            self.stdout.write(ngettext("Revoked %(count)d key.", "Revoked %(count)d keys.", count) % {"count": count})
            return
        area = None
        if office is not None:
            area = Area.objects.filter(pk=office).first()
            if area is None:
                raise CommandError(_("No area has the id %(id)d.") % {"id": office})
        try:
            key = client_issue(name=name, office=area)
        except DomainError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        # The key alone on stdout, so scripts can capture it; the reminder goes to stderr.
        self.stdout.write(key)
        self.stderr.write(_("Store this key now: it cannot be shown again."))
