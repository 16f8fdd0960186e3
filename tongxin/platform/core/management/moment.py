"""The moment a scheduled command runs for: now, or the one given with ``--at`` (to replay or test a day)."""

from __future__ import annotations

import datetime

from django.core.management.base import CommandError, CommandParser
from django.utils import timezone


def add_at_argument(parser: CommandParser) -> None:
    parser.add_argument("--at", help="the moment to run for, ISO 8601 (default: now)")


def moment_from(at: str | None) -> datetime.datetime:
    """The ``--at`` value as an aware datetime, or now when it is not given; CommandError if it is not ISO 8601."""
    if not at:
        return timezone.now()
    try:
        moment = datetime.datetime.fromisoformat(at)
    except ValueError as exc:
        raise CommandError(f"--at must be an ISO date and time, got {at!r}") from exc
    if timezone.is_naive(moment):
        # A time without a zone is read in the deployment's zone (Asia/Shanghai).
        moment = timezone.make_aware(moment)
    return moment
