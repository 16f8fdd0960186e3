"""A year of cases in every grid: reported, accepted, dispatched, resolved, verified, closed, rated.

Each case is lived through in memory first — on the official working calendar, from the report
to the rating — and then cut at the seed's "now": what lies after it has not happened yet, so
the recent cases are still open and the transitions always chain up to the case's state. The
deadline events (warnings, overdue, yellow and red cards, escalation) are the ones
`run_deadlines`, running every few minutes, would have recorded on that history, so running it
at "now" finds nothing to add.

The year ends at the start of "today" in Asia/Shanghai rather than at config.REF_DATE: queues,
overdue marks and the figures page measure against the clock, and cases that stopped months ago
would open the figures on an empty month and let the deadline job card every open case at
once. `seed_demo --today` pins the day; the same seed and the same day give the same cases.

`plans` draws how each case goes, `history` keeps its timeline and replays the deadline job on
it, `texts` says what people write, `builder` puts them together grid by grid and writes them.
"""

from tongxin.interfaces.demo.seed.cases.builder import build_cases, point_inside

__all__ = ["build_cases", "point_inside"]
