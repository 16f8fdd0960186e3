"""Background tasks of the big committee (django-tasks)."""

from __future__ import annotations

from django.utils import timezone
from django_tasks import task

from tongxin.cobuilding.committee.notices import term_notices_send


@task()
def term_notices_task() -> int:
    """Send the term reminders (换届提醒) due today; enqueue daily (a timer or cron)."""
    return term_notices_send(today=timezone.localdate())
