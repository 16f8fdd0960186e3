"""Send the co-building agreements' renewal reminders due today (daily, from cron or a timer)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.utils import timezone

from tongxin.cobuilding.agreements.renewals import renewal_reminders_send


class Command(BaseCommand):
    help = "Send the renewal reminders of co-building agreements ending within 30 days."

    def handle(self, *args: Any, **options: Any) -> None:
        sent = renewal_reminders_send(today=timezone.localdate())
        self.stdout.write(f"renewal reminders sent: {sent}")
