"""Mediation's time rules, each a setting with the law's or the usual value as the default.

- MEDIATION_SETTLE_DAYS (30): a dispute is settled within a month as a rule; an open case past it
  is overdue (local practice under 人民调解法 art. 17–26; many provinces write "一般在30日内调结").
- MEDIATION_CONFIRM_DAYS (30): the parties may apply to a court for judicial confirmation
  (司法确认) within 30 days of the agreement taking effect (人民调解法 art. 33).
- MEDIATION_CONFIRM_WARN_DAYS (7): the workbench shows a window closing this many days ahead.
- MEDIATION_FOLLOWUP_DAYS (7): the follow-up visit (回访) is due this many days after the agreed
  performance date.
- MEDIATION_SCAN_MAX_MB (10): the largest signed scan accepted.
"""

from __future__ import annotations

import datetime

from django.conf import settings


def _days(name: str, default: int) -> int:
    value = getattr(settings, name, default)
    return int(value) if isinstance(value, int) and value >= 0 else default


def settle_days() -> int:
    return _days("MEDIATION_SETTLE_DAYS", 30)


def confirm_days() -> int:
    return _days("MEDIATION_CONFIRM_DAYS", 30)


def confirm_warn_days() -> int:
    return _days("MEDIATION_CONFIRM_WARN_DAYS", 7)


def followup_days() -> int:
    return _days("MEDIATION_FOLLOWUP_DAYS", 7)


def scan_max_mb() -> int:
    return _days("MEDIATION_SCAN_MAX_MB", 10) or 10


def due_on(accepted_on: datetime.date) -> datetime.date:
    return accepted_on + datetime.timedelta(days=settle_days())


def confirm_ends(made_on: datetime.date) -> datetime.date:
    """The last day to apply for judicial confirmation (the agreement's day counts as day 0)."""
    return made_on + datetime.timedelta(days=confirm_days())


def followup_due(perform_by: datetime.date) -> datetime.date:
    return perform_by + datetime.timedelta(days=followup_days())
