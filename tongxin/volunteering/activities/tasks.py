"""Background tasks of activities (django-tasks)."""

from __future__ import annotations

from django.utils import timezone
from django_tasks import task

from tongxin.volunteering.activities.services import horizon_extend


@task()
def extend_activities_task() -> int:
    """Prepare recurring activities' dates up to the horizon; enqueue nightly (a timer or cron)."""
    return horizon_extend(now=timezone.now())
