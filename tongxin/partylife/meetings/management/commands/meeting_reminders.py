"""Remind secretaries of required meetings: `python manage.py meeting_reminders [--at 2026-03-25T09:00+08:00]`."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from tongxin.partylife.meetings.reminders import meeting_reminders


class Command(BaseCommand):
    help = "Notify branch secretaries of required meetings not yet held before the period ends (idempotent)."

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
                # A time without a zone is read in the deployment's zone (Asia/Shanghai).
                at = timezone.make_aware(at)
        self.stdout.write(str(meeting_reminders(at=at)))
