"""Background tasks of the case workflow (django-tasks)."""

from __future__ import annotations

from django.utils import timezone
from django_tasks import task

from tongxin.grid.cases.deadlines import run_deadlines


@task()
def deadlines_task() -> str:
    """Run the deadline job now; enqueue it every few minutes (a timer or cron)."""
    return str(run_deadlines(at=timezone.now()))
