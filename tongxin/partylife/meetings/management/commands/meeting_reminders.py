"""Remind secretaries of required meetings: `python manage.py meeting_reminders [--at 2026-03-25T09:00+08:00]`."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from tongxin.partylife.meetings.reminders import meeting_reminders
from tongxin.platform.core.management.moment import add_at_argument, moment_from


class Command(BaseCommand):
    help = "Notify branch secretaries of required meetings not yet held before the period ends (idempotent)."

    def add_arguments(self, parser: CommandParser) -> None:
        add_at_argument(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        at = moment_from(options["at"])
        self.stdout.write(str(meeting_reminders(at=at)))
