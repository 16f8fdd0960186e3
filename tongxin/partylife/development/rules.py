"""The national rules of member development (发展党员工作细则), in one place.

`check(facts, today)` refuses a state that breaks a rule, with every problem at once and
each next to the field it concerns; `warnings(facts, today)` names what is late without
refusing anything. Both look at the candidate's whole history, so the same rules hold
whether a step is being recorded or an old date is being corrected.
"""

from __future__ import annotations

import calendar
import datetime
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from tongxin.partylife.development.models import Stage
from tongxin.partylife.meetings.models import MeetingKind
from tongxin.partylife.meetings.queries import local_date
from tongxin.platform.core.exceptions import DomainError
from tongxin.registry.party.models import PartyMember

MIN_AGE = 18  # 党章 art. 1: 年满十八岁
ACTIVIST_YEARS = 1  # 细则 art. 13: activists are trained for more than a year
PROBATION_YEARS = 1  # 党章 art. 7
# 细则 art. 31: probation may be extended once, by no less than half a year and at most a year.
MIN_EXTENSION_MONTHS = 6
MAX_EXTENSION_MONTHS = 12
TALK_MONTHS = 1  # 细则 art. 8: talk with the applicant within a month
# The register starts after the founding of the PRC; a typo such as 0202 or 2206 is refused.
EARLIEST = datetime.date(1949, 10, 1)
EARLIEST_BIRTH = datetime.date(1900, 1, 1)


def add_months(day: datetime.date, months: int) -> datetime.date:
    """A deadline `months` later: a day the month lacks falls back to its last day (31 Jan → 28 Feb)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return datetime.date(year, month + 1, min(day.day, last))


def months_after(day: datetime.date, months: int) -> datetime.date:
    """The first day a minimum interval of `months` is complete.

    When the month lacks the day (a year after 29 February, six months after 31 August) the
    interval is complete only on the 1st of the next month: a rule that asks for "at least a
    year" is never met a day early.
    """
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    if day.day <= last:
        return datetime.date(year, month + 1, day.day)
    return datetime.date(year, month + 1, last) + datetime.timedelta(days=1)


def years_after(day: datetime.date, years: int) -> datetime.date:
    return months_after(day, 12 * years)


def adult_on(birth_date: datetime.date) -> datetime.date:
    """The 18th birthday; someone born on 29 February is 18 on 1 March of a common year."""
    return years_after(birth_date, MIN_AGE)


def talk_due(applied_on: datetime.date) -> datetime.date:
    return add_months(applied_on, TALK_MONTHS)


def target_from(activist_on: datetime.date) -> datetime.date:
    """The first day an activist may be named a development target: a full year later."""
    return years_after(activist_on, ACTIVIST_YEARS)


def probation_end(admitted_on: datetime.date, extension_months: int | None = None) -> datetime.date:
    """The day probation is complete: a year from the vote, plus the months of an extension."""
    return months_after(admitted_on, 12 * PROBATION_YEARS + (extension_months or 0))


@dataclass
class Facts:
    """One candidate's history as the rules see it (model instances or form values)."""

    org_id: int | None
    org_path: str
    birth_date: datetime.date | None
    applied_on: datetime.date | None
    talked_on: datetime.date | None = None
    activist_on: datetime.date | None = None
    contact1: Any = None
    contact2: Any = None
    target_on: datetime.date | None = None
    admitted_on: datetime.date | None = None
    introducer1: Any = None
    introducer2: Any = None
    admission_meeting: Any = None
    extended_on: datetime.date | None = None
    extension_months: int | None = None
    extension_reason: str = ""
    confirmed_on: datetime.date | None = None
    confirmation_meeting: Any = None
    dropped_on: datetime.date | None = None
    drop_reason: str = ""
    member_id: int | None = None

    FIELDS = (
        "birth_date applied_on talked_on activist_on contact1 contact2 target_on admitted_on introducer1 "
        "introducer2 admission_meeting extended_on extension_months extension_reason confirmed_on "
        "confirmation_meeting dropped_on drop_reason member_id"
    ).split()

    @classmethod
    def of(cls, candidate: Any, **changes: Any) -> Facts:
        values = {name: getattr(candidate, name) for name in cls.FIELDS}
        values.update(changes)
        return cls(org_id=candidate.org_id, org_path=candidate.org.path, **values)


def _d(day: datetime.date) -> str:
    # ISO dates read the same in both languages and fit a phone's table cell.
    return day.isoformat()


class _Errors:
    def __init__(self) -> None:
        self.by_field: dict[str, list[str]] = {}

    def add(self, field: str, message: str) -> None:
        messages = self.by_field.setdefault(field, [])
        if message not in messages:
            messages.append(message)

    def raise_any(self) -> None:
        if self.by_field:
            raise DomainError(self.by_field)


def check(facts: Facts, today: datetime.date) -> None:
    """Refuse (DomainError by field) a history that breaks a rule; do nothing otherwise."""
    errors = _Errors()
    _check_dates(facts, today, errors)
    _check_order(facts, errors)
    _check_age(facts, errors)
    if facts.activist_on:
        _check_pair(facts.contact1, facts.contact2, ("contact1", "contact2"), facts, errors, contacts=True)
    if facts.target_on and facts.activist_on and facts.target_on < target_from(facts.activist_on):
        errors.add(
            "target_on",
            _(
                "An activist is trained for at least a year before being named a development target: "
                "not before %(date)s."
            )
            % {"date": _d(target_from(facts.activist_on))},
        )
    if facts.admitted_on:
        _check_pair(facts.introducer1, facts.introducer2, ("introducer1", "introducer2"), facts, errors, contacts=False)
        _check_meeting(
            facts.admission_meeting, "admission_meeting", facts, errors, earliest=facts.target_on, day=facts.admitted_on
        )
    _check_extension(facts, errors)
    if facts.confirmed_on and facts.admitted_on:
        ends = probation_end(facts.admitted_on, facts.extension_months if facts.extended_on else None)
        if facts.confirmed_on < ends:
            errors.add(
                "confirmed_on",
                _("Probation ends on %(date)s; confirmation (转正) cannot come before it.") % {"date": _d(ends)},
            )
        _check_meeting(
            facts.confirmation_meeting, "confirmation_meeting", facts, errors, earliest=ends, day=facts.confirmed_on
        )
    if facts.dropped_on and not (facts.drop_reason or "").strip():
        errors.add("drop_reason", _("Give the reason the candidate is dropped."))
    if facts.dropped_on and facts.confirmed_on:
        errors.add("dropped_on", _("A full member is no longer a candidate and cannot be dropped here."))
    errors.raise_any()


def _check_dates(facts: Facts, today: datetime.date, errors: _Errors) -> None:
    if facts.birth_date is None:
        errors.add("birth_date", _("Enter the birth date (or an ID number, which holds it)."))
    elif facts.birth_date < EARLIEST_BIRTH or facts.birth_date > today:
        errors.add("birth_date", _("This birth date is not possible."))
    if facts.applied_on is None:
        errors.add("applied_on", _("Enter the date of the application letter."))
    for field in ("applied_on", "talked_on", "activist_on", "target_on", "admitted_on", "extended_on"):
        _check_day(field, getattr(facts, field), today, errors)
    for field in ("confirmed_on", "dropped_on"):
        _check_day(field, getattr(facts, field), today, errors)


def _check_day(field: str, day: datetime.date | None, today: datetime.date, errors: _Errors) -> None:
    if day is None:
        return
    if day > today:
        errors.add(field, _("This date is in the future: record a step once it has happened."))
    elif day < EARLIEST:
        errors.add(field, _("This date is too early to be right."))


# Each step after the application, the step it follows, and the message when it is missing.
_ORDER = (
    ("talked_on", "applied_on"),
    ("activist_on", "applied_on"),
    ("target_on", "activist_on"),
    ("admitted_on", "target_on"),
    ("extended_on", "admitted_on"),
    ("confirmed_on", "admitted_on"),
)


def _check_order(facts: Facts, errors: _Errors) -> None:
    for field, before in _ORDER:
        day, earlier = getattr(facts, field), getattr(facts, before)
        if day is None:
            continue
        if earlier is None:
            errors.add(field, _("This step needs the step before it to be recorded first."))
        elif day < earlier:
            errors.add(field, _("Dates cannot go backwards: this step comes after %(date)s.") % {"date": _d(earlier)})
    if facts.confirmed_on and facts.extended_on and facts.confirmed_on < facts.extended_on:
        errors.add(
            "confirmed_on",
            _("Dates cannot go backwards: this step comes after %(date)s.") % {"date": _d(facts.extended_on)},
        )
    if facts.dropped_on:
        steps = [
            getattr(facts, f)
            for f in ("applied_on", "talked_on", "activist_on", "target_on", "admitted_on", "extended_on")
        ]
        last = max((d for d in steps if d), default=None)
        if last and facts.dropped_on < last:
            errors.add(
                "dropped_on", _("Dates cannot go backwards: this step comes after %(date)s.") % {"date": _d(last)}
            )


def _check_age(facts: Facts, errors: _Errors) -> None:
    if facts.birth_date and facts.applied_on and facts.applied_on < adult_on(facts.birth_date):
        errors.add(
            "applied_on",
            _("An applicant must be at least 18 on the day of the application; this person turns 18 on %(date)s.")
            % {"date": _d(adult_on(facts.birth_date))},
        )


def _check_pair(
    first: Any, second: Any, fields: tuple[str, str], facts: Facts, errors: _Errors, *, contacts: bool
) -> None:

    for field, person in zip(fields, (first, second), strict=True):
        if person is None:
            errors.add(
                field,
                _("Name two contact persons (培养联系人).") if contacts else _("Name two introducers (入党介绍人)."),
            )
        elif person.status != PartyMember.Status.FULL:
            errors.add(
                field,
                _("%(name)s is a probationary member; only full members may be contact persons or introducers.")
                % {"name": person.name},
            )
        elif facts.member_id and person.pk == facts.member_id:
            errors.add(field, _("The candidate cannot introduce themselves."))
        elif not person.org.path.startswith(facts.org_path):
            errors.add(field, _("%(name)s is not a member of this branch.") % {"name": person.name})
    if first is not None and second is not None and first.pk == second.pk:
        errors.add(fields[1], _("Name two different people."))


def _check_meeting(
    meeting: Any, field: str, facts: Facts, errors: _Errors, *, earliest: datetime.date | None, day: datetime.date
) -> None:
    if meeting is None:
        errors.add(field, _("Choose the branch general meeting (支部党员大会) that voted."))
        return
    if meeting.kind != MeetingKind.GENERAL or meeting.org_id != facts.org_id:
        errors.add(field, _("The vote is taken at a general meeting of the candidate's own branch."))
        return
    held = local_date(meeting)
    if held > day:
        errors.add(
            field,
            _("This meeting was held on %(held)s, after the date of the step; the vote comes first.")
            % {"held": _d(held)},
        )
    elif earliest and held < earliest:
        errors.add(
            field,
            _("This meeting was held on %(held)s, before %(earliest)s: it cannot have voted on this step.")
            % {"held": _d(held), "earliest": _d(earliest)},
        )


def _check_extension(facts: Facts, errors: _Errors) -> None:
    if facts.extended_on is None:
        if facts.extension_months:
            errors.add("extended_on", _("Enter the date the extension was decided."))
        return
    months = facts.extension_months
    if not months or months < MIN_EXTENSION_MONTHS or months > MAX_EXTENSION_MONTHS:
        errors.add(
            "extension_months",
            _("Probation may be extended once, by %(min)s to %(max)s months.")
            % {"min": MIN_EXTENSION_MONTHS, "max": MAX_EXTENSION_MONTHS},
        )
    if not (facts.extension_reason or "").strip():
        errors.add("extension_reason", _("Give the reason probation is extended."))
    if facts.admitted_on:
        # The extension is decided when the year of probation is over (细则 art. 31), not before.
        ends = probation_end(facts.admitted_on)
        if facts.extended_on < ends:
            errors.add(
                "extended_on",
                _("Probation ends on %(date)s; an extension is decided when it is over, not before.")
                % {"date": _d(ends)},
            )


@dataclass(frozen=True)
class Due:
    """What comes next for a candidate, and how urgent it is (overdue / due / waiting / done)."""

    text: str
    day: datetime.date | None
    level: str


def next_due(candidate: Any, today: datetime.date) -> Due:

    stage = candidate.stage
    if stage == Stage.APPLICANT:
        if candidate.talked_on is None:
            due = talk_due(candidate.applied_on)
            level = "overdue" if today > due else "due"
            return Due(_("Talk with the applicant due by %(date)s") % {"date": _d(due)}, due, level)
        return Due(_("Can be named an activist"), None, "waiting")
    if stage == Stage.ACTIVIST:
        ready = target_from(candidate.activist_on)
        level = "due" if today >= ready else "waiting"
        return Due(_("Can become a development target from %(date)s") % {"date": _d(ready)}, ready, level)
    if stage == Stage.TARGET:
        return Due(_("Ready for the general meeting's vote on admission"), None, "due")
    if stage == Stage.PROBATIONARY:
        ends = candidate.probation_ends_on or probation_end(candidate.admitted_on, candidate.extension_months)
        if today > ends:
            level = "overdue"
        elif (ends - today).days <= 30:
            level = "due"
        else:
            level = "waiting"
        return Due(_("Probation ends %(date)s — confirmation due") % {"date": _d(ends)}, ends, level)
    if stage == Stage.FULL:
        return Due(
            _("Full member since %(date)s") % {"date": _d(candidate.confirmed_on)}, candidate.confirmed_on, "done"
        )
    return Due(_("Dropped on %(date)s") % {"date": _d(candidate.dropped_on)}, candidate.dropped_on, "done")


def warnings(candidate: Any, today: datetime.date) -> list[str]:
    """What is late, without refusing anything: the talk within a month, a confirmation due."""

    found: list[str] = []
    if candidate.stage == Stage.APPLICANT and candidate.talked_on is None:
        due = talk_due(candidate.applied_on)
        if today > due:
            found.append(
                _("The talk with the applicant is overdue: it was due within a month of the application, by %(date)s.")
                % {"date": _d(due)}
            )
    if candidate.stage == Stage.PROBATIONARY:
        ends = candidate.probation_ends_on or probation_end(candidate.admitted_on, candidate.extension_months)
        if today >= ends:
            found.append(
                _(
                    "Probation ended on %(date)s but the general meeting has not voted on confirmation yet: "
                    "confirm the member, extend the probation once, or drop the candidate."
                )
                % {"date": _d(ends)}
            )
    return found
