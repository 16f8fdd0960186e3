"""Send the committee term reminders due today: `python manage.py send_term_notices`."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.utils import timezone

from tongxin.cobuilding.committee.notices import term_notices_send


class Command(BaseCommand):
    help = "Tell co-building staff of committee and member terms ending within 60 days (once per term)."

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(str(term_notices_send(today=timezone.localdate())))
