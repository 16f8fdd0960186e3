"""Run the deadline job once: `python manage.py run_deadlines [--at 2026-11-23T09:00+08:00]`."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from tongxin.grid.cases.deadlines import run_deadlines
from tongxin.platform.core.management.moment import add_at_argument, moment_from


class Command(BaseCommand):
    help = "Warn before case deadlines, mark overdue cases, issue cards and escalate (idempotent)."

    def add_arguments(self, parser: CommandParser) -> None:
        add_at_argument(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        at = moment_from(options["at"])
        self.stdout.write(str(run_deadlines(at=at)))
