"""Background tasks of co-building agreements (django-tasks)."""

from __future__ import annotations

from django.utils import timezone
from django_tasks import task

from tongxin.cobuilding.agreements.renewals import renewal_reminders_send


@task()
def renewal_reminders_task() -> int:
    """Send the renewal reminders due today; enqueue daily (a timer or cron)."""
    return renewal_reminders_send(today=timezone.localdate())
