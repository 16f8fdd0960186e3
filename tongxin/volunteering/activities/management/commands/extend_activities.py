"""Prepare recurring activities' dates 12 weeks ahead: `python manage.py extend_activities`."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from tongxin.platform.core.management.moment import add_at_argument, moment_from
from tongxin.volunteering.activities.services import horizon_extend


class Command(BaseCommand):
    help = "Materialize the dates of recurring activities up to the horizon (idempotent; run nightly)."

    def add_arguments(self, parser: CommandParser) -> None:
        add_at_argument(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        at = moment_from(options["at"])
        self.stdout.write(f"{horizon_extend(now=at)} dates created")
