"""The deadline job: warn before a limit, mark what is overdue, card it, escalate it.

Idempotent: every warning, overdue mark, card and escalation is a CaseEvent with a unique
(case, kind, key), so running the job twice for the same moment changes nothing the second
time. `run_deadlines --at ISO-DATETIME` replays any moment (tests, catching up after downtime).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Count, Q

from tongxin.grid.cases.models import Case, CaseEvent
from tongxin.grid.cases.notices import after_deadline_event
from tongxin.grid.cases.workflow import State

# A warning goes out when this share of the time allowed is left.
WARN_SHARE = 0.2
UNACCEPTED = frozenset({State.REPORTED})
UNRESOLVED = frozenset({State.REPORTED, State.ACCEPTED, State.ASSIGNED, State.IN_PROGRESS, State.REOPENED})
# 小事不出格、大事不出社区、矛盾不上交: a case climbs at most to the subdistrict.
LADDER = [Case.Level.GRID, Case.Level.COMMUNITY, Case.Level.SUBDISTRICT]


@dataclass
class DeadlineReport:
    at: datetime.datetime
    events: dict[str, int] = field(default_factory=dict)

    def add(self, kind: str) -> None:
        self.events[kind] = self.events.get(kind, 0) + 1

    def __str__(self) -> str:
        parts = ", ".join(f"{k} {v}" for k, v in sorted(self.events.items())) or "nothing to do"
        return f"{self.at.isoformat()}: {parts}"


def _record(case: Case, kind: str, key: str, at: datetime.datetime, report: DeadlineReport, **data: Any) -> bool:
    """Record an event once; False if it was already there."""
    try:
        with transaction.atomic():
            CaseEvent.objects.create(case=case, kind=kind, key=key, at=at, data=data)
            if kind != CaseEvent.Kind.ESCALATED:
                after_deadline_event(case, kind)
    except IntegrityError:
        return False
    report.add(kind)
    return True


def _warn_time(start: datetime.datetime, due: datetime.datetime) -> datetime.datetime:
    return due - (due - start) * WARN_SHARE


def _card(case: Case, key: str, at: datetime.datetime, cards: int, report: DeadlineReport) -> None:
    """A yellow card for the first missed limit, a red card for every one missed after it."""
    kind = CaseEvent.Kind.YELLOW_CARD if cards == 0 else CaseEvent.Kind.RED_CARD
    _record(case, kind, key, at, report)


def _escalate(case: Case, to_level: str, at: datetime.datetime, report: DeadlineReport) -> None:
    if LADDER.index(to_level) <= LADDER.index(case.level):
        return
    if _record(case, CaseEvent.Kind.ESCALATED, to_level, at, report, from_level=case.level, to_level=to_level):
        Case.objects.filter(pk=case.pk).update(level=to_level)
        case.level = to_level
        after_deadline_event(case, CaseEvent.Kind.ESCALATED)


def run_deadlines(*, at: datetime.datetime) -> DeadlineReport:
    report = DeadlineReport(at=at)
    open_cases = (
        Case.objects.filter(state__in=UNRESOLVED)
        .annotate(
            cards=Count("events", filter=Q(events__kind__in=[CaseEvent.Kind.YELLOW_CARD, CaseEvent.Kind.RED_CARD])),
            extensions=Count("events", filter=Q(events__kind=CaseEvent.Kind.EXTENSION_GRANTED)),
        )
        .order_by("pk")
    )
    for case in open_cases.select_related("area", "category", "assignee").iterator(chunk_size=500):
        cards = case.cards
        if case.state in UNACCEPTED:
            if at >= case.accept_due:
                if _record(case, CaseEvent.Kind.ACCEPT_OVERDUE, "", at, report):
                    _card(case, "accept", at, cards, report)
                    cards += 1
            elif at >= _warn_time(case.reported_at, case.accept_due):
                _record(case, CaseEvent.Kind.ACCEPT_WARNING, "", at, report)
        # Each granted extension sets a new deadline that can be missed once more.
        key = str(case.extensions)
        if at >= case.resolve_due:
            if _record(case, CaseEvent.Kind.RESOLVE_OVERDUE, key, at, report):
                _card(case, f"resolve-{key}", at, cards, report)
            _escalate(case, Case.Level.COMMUNITY, at, report)
            # Still unresolved a whole resolution period after the deadline: the subdistrict.
            if at >= case.resolve_due + (case.resolve_due - case.reported_at):
                _escalate(case, Case.Level.SUBDISTRICT, at, report)
        elif at >= _warn_time(case.reported_at, case.resolve_due):
            _record(case, CaseEvent.Kind.RESOLVE_WARNING, key, at, report)
    return report
