"""A case's history in memory, and the deadline events the job would record on it.

`deadline_events` replays `tongxin.grid.cases.deadlines.run_deadlines` as if it had run every few
minutes over the whole history: the same warnings, overdue marks, cards and escalations, at the
times of the runs, with the same keys.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from tongxin.grid.cases.deadlines import UNACCEPTED, UNRESOLVED, WARN_SHARE
from tongxin.grid.cases.models import Case, CaseEvent
from tongxin.platform.calendar import SHANGHAI

Kind = CaseEvent.Kind
# The deadline job runs every few minutes; its events carry the time of the run.
TICK = 300
FAR = datetime(9999, 1, 1, tzinfo=SHANGHAI)


@dataclass(frozen=True)
class Actor:
    user_id: int | None
    name: str


# (from, to, at, actor, comment) of a transition; [start, end) of a stretch of time.
Step = tuple[str, str, datetime, Actor, str]
Span = tuple[datetime, datetime]


@dataclass
class Life:
    """The whole history of one case, future included (cut at "now" when written)."""

    steps: list[Step] = field(default_factory=list)
    events: list[tuple[datetime, str, str, Actor | None, str, dict[str, Any]]] = field(default_factory=list)
    granted_at: datetime | None = None

    def step(self, frm: str, to: str, at: datetime, actor: Actor, comment: str = "") -> None:
        # Whole seconds, as a person's action reads on the timeline.
        self.steps.append((frm, to, at.replace(microsecond=0), actor, comment))

    def event(self, at: datetime, kind: str, key: str, actor: Actor | None, text: str = "", **data: Any) -> None:
        self.events.append((at.replace(microsecond=0), kind, key, actor, text, data))


def _tick(moment: datetime) -> datetime:
    """The first run of the deadline job at or after `moment`."""
    return datetime.fromtimestamp(math.ceil(moment.timestamp() / TICK) * TICK, SHANGHAI)


def intervals(steps: list[Step], states: frozenset[str]) -> list[Span]:
    """The stretches of time [start, end) the case spent in one of `states`."""
    out = []
    for i, (_frm, to, at, _actor, _comment) in enumerate(steps):
        end = steps[i + 1][2] if i + 1 < len(steps) else FAR
        if to in states and end > at:
            out.append((at, end))
    return out


def _clip(intervals: list[Span], lo: datetime, hi: datetime) -> list[Span]:
    return [(max(s, lo), min(e, hi)) for s, e in intervals if max(s, lo) < min(e, hi)]


def _first_run(intervals: list[Span], earliest: datetime, before: datetime = FAR) -> datetime | None:
    """The first run of the job at or after `earliest` (and before `before`) inside an interval."""
    for start, end in intervals:
        run = _tick(max(start, earliest))
        if run >= before:
            return None
        if run < end:
            return run
    return None


def _warn_time(start: datetime, due: datetime) -> datetime:
    return due - (due - start) * WARN_SHARE


def deadline_events(
    reported: datetime, accept_due: datetime, periods: list[tuple[str, datetime, datetime, datetime]], life: Life
) -> list[tuple[datetime, str, str, dict[str, Any]]]:
    """What run_deadlines records on this history: (at, kind, key, data), in time order.

    `periods` are the resolution deadlines in force one after the other: (key, due, from, until);
    a granted extension starts the next one.
    """
    out: list[tuple[datetime, str, str, dict[str, Any]]] = []
    overdue: list[tuple[datetime, int, str]] = []  # (at, accept first, card key)
    unaccepted = intervals(life.steps, UNACCEPTED)
    if (run := _first_run(unaccepted, _warn_time(reported, accept_due), before=accept_due)) is not None:
        out.append((run, Kind.ACCEPT_WARNING, "", {}))
    if (run := _first_run(unaccepted, accept_due)) is not None:
        out.append((run, Kind.ACCEPT_OVERDUE, "", {}))
        overdue.append((run, 0, "accept"))
    unresolved = intervals(life.steps, UNRESOLVED)
    escalations: list[datetime] = []
    subdistrict: list[datetime] = []
    for key, due, lo, hi in periods:
        within = _clip(unresolved, lo, hi)
        if (run := _first_run(within, _warn_time(reported, due), before=due)) is not None:
            out.append((run, Kind.RESOLVE_WARNING, key, {}))
        if (run := _first_run(within, due)) is not None:
            out.append((run, Kind.RESOLVE_OVERDUE, key, {}))
            overdue.append((run, 1, f"resolve-{key}"))
            escalations.append(run)
        if (run := _first_run(within, due + (due - reported))) is not None:
            subdistrict.append(run)
    for n, (run, _order, key) in enumerate(sorted(overdue)):
        out.append((run, Kind.YELLOW_CARD if n == 0 else Kind.RED_CARD, key, {}))
    level = Case.Level.GRID
    if escalations:
        run = min(escalations)
        out.append((run, Kind.ESCALATED, Case.Level.COMMUNITY, {"from_level": level, "to_level": "community"}))
        level = Case.Level.COMMUNITY
    if subdistrict:
        run = min(subdistrict)
        out.append((run, Kind.ESCALATED, Case.Level.SUBDISTRICT, {"from_level": level, "to_level": "subdistrict"}))
    return sorted(out, key=lambda e: e[0])
