"""Prepare recurring activities' dates 12 weeks ahead: `python manage.py extend_activities`."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from tongxin.volunteering.activities.services import horizon_extend


class Command(BaseCommand):
    help = "Materialize the dates of recurring activities up to the horizon (idempotent; run nightly)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--at", help="the moment to run for, ISO 8601 (default: now)")

    def handle(self, *args: Any, **options: Any) -> None:
        at = timezone.now()
        if options["at"]:
            try:
                at = datetime.datetime.fromisoformat(options["at"])
            except ValueError as exc:
                raise CommandError(f"--at must be an ISO date and time, got {options['at']!r}") from exc
            if timezone.is_naive(at):
                at = timezone.make_aware(at)
        self.stdout.write(f"{horizon_extend(now=at)} dates created")
