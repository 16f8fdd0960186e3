"""Opening hours: read from what a secretary types ("08:30-12:00 14:00-17:30"), said back per
weekday, and "open now" at a moment in Shanghai time.

Hours are kept as {"1": [["08:30", "12:00"], ["14:00", "17:30"]], …}: ISO weekday (1 Monday … 7
Sunday) → ranges in local time, each ending after it starts, none overlapping, at most
MAX_RANGES a day. A day with no ranges is closed. A range may not cross midnight: a place open
until 02:00 is entered as two ranges on two days.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

WEEKDAYS = [
    ("1", gettext_lazy("Monday")),
    ("2", gettext_lazy("Tuesday")),
    ("3", gettext_lazy("Wednesday")),
    ("4", gettext_lazy("Thursday")),
    ("5", gettext_lazy("Friday")),
    ("6", gettext_lazy("Saturday")),
    ("7", gettext_lazy("Sunday")),
]
MAX_RANGES = 4
_RANGE = re.compile(r"^(\d{1,2})[:：.](\d{2})\s*(?:-|–|—|~|～|至|到)\s*(\d{1,2})[:：.](\d{2})$")
_SPLIT = re.compile(r"[,，、;；/\s]+(?=\d)")

Hours = dict[str, list[list[str]]]


class HoursError(ValueError):
    """What is wrong with the hours typed for one day, in the user's words."""


def _clock(hour: str, minute: str) -> str:
    h, m = int(hour), int(minute)
    if not (0 <= h <= 24 and 0 <= m < 60) or (h == 24 and m):
        raise HoursError(_("%(time)s is not a time of day.") % {"time": f"{hour}:{minute}"})
    return f"{h:02d}:{m:02d}"


def day_parse(text: str) -> list[list[str]]:
    """One day's ranges from what was typed: "8:30-12:00, 14:00-17:30" (also 至, ～, 全角：)."""
    text = (text or "").strip()
    if not text:
        return []
    if len(text) > 100:
        raise HoursError(_("Too long: write the hours as 08:30-12:00 14:00-17:30."))
    ranges: list[list[str]] = []
    for part in _SPLIT.split(text.replace(" - ", "-")):
        match = _RANGE.match(part.strip())
        if match is None:
            raise HoursError(
                _("“%(text)s” is not a range of hours: write them as 08:30-12:00 14:00-17:30.") % {"text": part[:30]}
            )
        start, end = _clock(match[1], match[2]), _clock(match[3], match[4])
        if end <= start:
            raise HoursError(_("%(start)s–%(end)s ends before it starts.") % {"start": start, "end": end})
        ranges.append([start, end])
    if len(ranges) > MAX_RANGES:
        raise HoursError(_("At most %(max)d ranges a day.") % {"max": MAX_RANGES})
    ranges.sort()
    for before, after in zip(ranges, ranges[1:], strict=False):
        if after[0] < before[1]:
            raise HoursError(_("%(a)s and %(b)s overlap.") % {"a": "–".join(before), "b": "–".join(after)})
    return ranges


def day_text(ranges: list[list[str]]) -> str:
    return " ".join(f"{a}-{b}" for a, b in ranges)


def hours_clean(value: Any) -> Hours:
    """Hours as stored, from a dict of weekday → text or ranges; HoursError names the day."""
    if not isinstance(value, dict):
        raise HoursError(_("Enter the hours per day of the week."))
    names = dict(WEEKDAYS)
    found: Hours = {}
    for day, raw in value.items():
        if str(day) not in names:
            raise HoursError(_("Enter the hours per day of the week."))
        text = day_text(raw) if isinstance(raw, list) and all(isinstance(r, list | tuple) for r in raw) else raw
        try:
            ranges = day_parse(str(text or ""))
        except HoursError as exc:
            raise HoursError(f"{names[str(day)]}：{exc}") from exc
        if ranges:
            found[str(day)] = ranges
    return dict(sorted(found.items()))


@dataclass(frozen=True)
class DayHours:
    day: str
    name: str
    ranges: list[list[str]]
    today: bool

    @property
    def text(self) -> str:
        return (
            "、".join(f"{a}–{b}" for a, b in self.ranges) if self.ranges else str(pgettext("opening hours", "Closed"))
        )


def week(hours: Hours, today: datetime.date | None = None) -> list[DayHours]:
    """The seven days, Monday first, each with its ranges (empty: closed)."""
    iso = (today or timezone.localdate()).isoweekday()
    return [DayHours(d, str(n), list((hours or {}).get(d, [])), int(d) == iso) for d, n in WEEKDAYS]


def week_summary(hours: Hours, *, open_only: bool = False) -> list[tuple[str, str]]:
    """Consecutive days with the same hours grouped: [("周一至周五", "08:30–12:00、14:00–17:30"), …];
    `open_only` leaves out the closed days (a card has room for the open ones only)."""
    days = week(hours)
    groups: list[list[DayHours]] = []
    for d in days:
        if groups and groups[-1][-1].ranges == d.ranges:
            groups[-1].append(d)
        else:
            groups.append([d])
    out = []
    for g in groups:
        if open_only and not g[0].ranges:
            continue
        label = g[0].name if len(g) == 1 else _("%(first)s to %(last)s") % {"first": g[0].name, "last": g[-1].name}
        out.append((label, g[0].text))
    return out


@dataclass(frozen=True)
class OpenState:
    open: bool
    # "until 17:30" / "opens 14:00" / "opens Monday 08:30"; empty when nothing is known.
    words: str


def open_state(
    hours: Hours, at: datetime.datetime | None = None, *, holiday: bool = False, closed_on_holidays: bool = False
) -> OpenState:
    """Whether the place is open at `at` (now), and what comes next, in words."""
    now = timezone.localtime(at) if at is not None else timezone.localtime()
    clock = now.strftime("%H:%M")
    iso = str(now.isoweekday())
    today_closed = holiday and closed_on_holidays
    if not today_closed:
        for start, end in (hours or {}).get(iso, []):
            if start <= clock < end:
                return OpenState(True, _("Open until %(time)s") % {"time": end})
        later = [start for start, _end in (hours or {}).get(iso, []) if start > clock]
        if later:
            return OpenState(False, _("Opens at %(time)s") % {"time": later[0]})
    names = dict(WEEKDAYS)
    for ahead in range(1, 8):
        day = str((now + datetime.timedelta(days=ahead)).isoweekday())
        ranges = (hours or {}).get(day, [])
        if ranges:
            if ahead == 1:
                return OpenState(False, _("Opens tomorrow at %(time)s") % {"time": ranges[0][0]})
            return OpenState(False, _("Opens %(day)s at %(time)s") % {"day": names[day], "time": ranges[0][0]})
    return OpenState(False, "")
