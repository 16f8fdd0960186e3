"""The national rules against hand-computed dates (no database: plain facts)."""

from __future__ import annotations

import datetime
from types import SimpleNamespace
from typing import Any

import pytest

from tongxin.partylife.development import rules
from tongxin.partylife.development.rules import Facts
from tongxin.platform.calendar import SHANGHAI
from tongxin.platform.core.exceptions import DomainError

D = datetime.date
TODAY = D(2027, 12, 31)
BRANCH = SimpleNamespace(path="0001.0002.")
OTHER = SimpleNamespace(path="0001.0003.")


def person(pk: int, *, status: str = "full", org: Any = BRANCH) -> Any:
    return SimpleNamespace(pk=pk, name=f"党员{pk}", status=status, org=org)


def meeting(day: datetime.date, *, kind: str = "general", org_id: int = 2) -> Any:
    return SimpleNamespace(
        kind=kind, org_id=org_id, starts_at=datetime.datetime(day.year, day.month, day.day, 19, tzinfo=SHANGHAI)
    )


def facts(**changes: Any) -> Facts:
    base: dict[str, Any] = {
        "org_id": 2,
        "org_path": BRANCH.path,
        "birth_date": D(1990, 6, 1),
        "applied_on": D(2025, 1, 5),
    }
    base.update(changes)
    return Facts(**base)


def activist(**changes: Any) -> Facts:
    return facts(activist_on=D(2025, 3, 1), contact1=person(1), contact2=person(2), **changes)


def admitted(**changes: Any) -> Facts:
    values: dict[str, Any] = {
        "target_on": D(2026, 3, 1),
        "admitted_on": D(2026, 4, 10),
        "introducer1": person(1),
        "introducer2": person(2),
        "admission_meeting": meeting(D(2026, 4, 10)),
    }
    values.update(changes)
    return activist(**values)


def errors(f: Facts, today: datetime.date = TODAY) -> dict[str, list[str]]:
    try:
        rules.check(f, today)
    except DomainError as exc:
        return {k: [str(m) for e in v for m in e.messages] for k, v in exc.error_dict.items()}
    return {}


# --- Date arithmetic ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "expected"),
    [
        (D(2025, 3, 1), D(2026, 3, 1)),
        (D(2024, 2, 29), D(2025, 3, 1)),  # no 29 February in 2025: the year is complete on 1 March
        (D(2023, 2, 28), D(2024, 2, 28)),
        (D(2023, 3, 1), D(2024, 3, 1)),
        (D(2024, 12, 31), D(2025, 12, 31)),
    ],
)
def test_target_from_is_a_full_year(start: datetime.date, expected: datetime.date) -> None:
    assert rules.target_from(start) == expected


@pytest.mark.parametrize(
    ("birth", "adult"),
    [
        (D(2008, 5, 10), D(2026, 5, 10)),
        (D(2008, 2, 29), D(2026, 3, 1)),  # born on a leap day: 18 on 1 March of a common year
        (D(2004, 2, 29), D(2022, 3, 1)),
        (D(2000, 2, 29), D(2018, 3, 1)),
        (D(1996, 2, 29), D(2014, 3, 1)),
        (D(2006, 2, 29 - 1), D(2024, 2, 28)),
    ],
)
def test_adult_on(birth: datetime.date, adult: datetime.date) -> None:
    assert rules.adult_on(birth) == adult


def test_adult_on_leap_birthday_in_a_leap_year() -> None:
    # Born 29 Feb 1992: the 18th birthday, 29 Feb 2010, does not exist; 2010 is common → 1 March.
    assert rules.adult_on(D(1992, 2, 29)) == D(2010, 3, 1)
    # 29 Feb 2000 + 18 = 2018 (common) → 1 March; born 29 Feb 1988 + 18 = 2006 → 1 March.
    assert rules.adult_on(D(1988, 2, 29)) == D(2006, 3, 1)


@pytest.mark.parametrize(
    ("admitted", "months", "ends"),
    [
        (D(2025, 5, 10), None, D(2026, 5, 10)),
        (D(2024, 2, 29), None, D(2025, 3, 1)),
        (D(2025, 5, 10), 6, D(2026, 11, 10)),
        (D(2025, 5, 10), 12, D(2027, 5, 10)),
        (D(2024, 8, 31), 6, D(2026, 3, 1)),  # 31 Feb 2026 does not exist: complete on 1 March
        (D(2023, 8, 31), 6, D(2025, 3, 1)),
    ],
)
def test_probation_end(admitted: datetime.date, months: int | None, ends: datetime.date) -> None:
    assert rules.probation_end(admitted, months) == ends


def test_talk_due_is_a_deadline_that_falls_back() -> None:
    assert rules.talk_due(D(2026, 1, 31)) == D(2026, 2, 28)
    assert rules.talk_due(D(2026, 3, 15)) == D(2026, 4, 15)


# --- Age ---------------------------------------------------------------------------------------


def test_age_18_by_birthday_boundary() -> None:
    assert "applied_on" in errors(facts(birth_date=D(2008, 5, 10), applied_on=D(2026, 5, 9)))
    assert errors(facts(birth_date=D(2008, 5, 10), applied_on=D(2026, 5, 10))) == {}


def test_age_18_leap_day_birth() -> None:
    assert "applied_on" in errors(facts(birth_date=D(2008, 2, 29), applied_on=D(2026, 2, 28)))
    assert errors(facts(birth_date=D(2008, 2, 29), applied_on=D(2026, 3, 1))) == {}


def test_birth_date_required_and_sane() -> None:
    assert "birth_date" in errors(facts(birth_date=None))
    assert "birth_date" in errors(facts(birth_date=D(1850, 1, 1)))
    assert "birth_date" in errors(facts(birth_date=D(2028, 1, 1)))


# --- Activist → development target -------------------------------------------------------------


def test_target_a_full_year_after_activist() -> None:
    refused = errors(activist(target_on=D(2026, 2, 28)))
    assert list(refused) == ["target_on"]
    assert "2026" in refused["target_on"][0]
    assert errors(activist(target_on=D(2026, 3, 1))) == {}


def test_target_leap_day_activist() -> None:
    leap = facts(applied_on=D(2024, 1, 5), activist_on=D(2024, 2, 29), contact1=person(1), contact2=person(2))
    assert "target_on" in errors(Facts(**{**leap.__dict__, "target_on": D(2025, 2, 28)}))
    assert errors(Facts(**{**leap.__dict__, "target_on": D(2025, 3, 1)})) == {}


def test_activist_needs_two_different_full_members_of_the_branch() -> None:
    assert "contact2" in errors(facts(activist_on=D(2025, 3, 1), contact1=person(1), contact2=None))
    assert "contact2" in errors(facts(activist_on=D(2025, 3, 1), contact1=person(1), contact2=person(1)))
    assert "contact1" in errors(
        facts(activist_on=D(2025, 3, 1), contact1=person(1, status="probationary"), contact2=person(2))
    )
    assert "contact1" in errors(facts(activist_on=D(2025, 3, 1), contact1=person(1, org=OTHER), contact2=person(2)))


# --- Admission ---------------------------------------------------------------------------------


def test_admission_needs_two_introducers_and_a_general_meeting_of_the_branch() -> None:
    assert errors(admitted()) == {}
    assert "introducer1" in errors(admitted(introducer1=None))
    assert "admission_meeting" in errors(admitted(admission_meeting=None))
    assert "admission_meeting" in errors(admitted(admission_meeting=meeting(D(2026, 4, 10), kind="committee")))
    assert "admission_meeting" in errors(admitted(admission_meeting=meeting(D(2026, 4, 10), org_id=3)))
    # A meeting held after the recorded admission, or before the candidate became a target.
    assert "admission_meeting" in errors(admitted(admission_meeting=meeting(D(2026, 4, 11))))
    assert "admission_meeting" in errors(admitted(admission_meeting=meeting(D(2026, 2, 27))))


# --- Probation, extension, confirmation --------------------------------------------------------


def confirmed(**changes: Any) -> Facts:
    values: dict[str, Any] = {
        "confirmed_on": D(2027, 4, 10),
        "confirmation_meeting": meeting(D(2027, 4, 10)),
    }
    values.update(changes)
    return admitted(**values)


def test_confirmation_after_a_year_at_a_general_meeting_of_the_branch() -> None:
    assert errors(confirmed()) == {}
    assert "confirmed_on" in errors(confirmed(confirmed_on=D(2027, 4, 9), confirmation_meeting=meeting(D(2027, 4, 9))))
    assert "confirmation_meeting" in errors(confirmed(confirmation_meeting=None))
    assert "confirmation_meeting" in errors(confirmed(confirmation_meeting=meeting(D(2027, 4, 10), kind="group")))
    assert "confirmation_meeting" in errors(confirmed(confirmation_meeting=meeting(D(2027, 4, 10), org_id=99)))


def test_extension_six_to_twelve_months_decided_when_probation_ends() -> None:
    ext = {"extended_on": D(2027, 4, 10), "extension_reason": "表现不够"}
    assert errors(admitted(extension_months=6, **ext)) == {}
    assert errors(admitted(extension_months=12, **ext)) == {}
    assert "extension_months" in errors(admitted(extension_months=5, **ext))
    assert "extension_months" in errors(admitted(extension_months=13, **ext))
    assert "extension_reason" in errors(admitted(extension_months=6, extended_on=D(2027, 4, 10)))
    assert "extended_on" in errors(admitted(extension_months=6, extended_on=D(2027, 4, 9), extension_reason="x"))


def test_confirmation_after_an_extension_waits_for_its_end() -> None:
    ext = {"extended_on": D(2027, 4, 10), "extension_reason": "表现不够", "extension_months": 6}
    late = confirmed(confirmed_on=D(2027, 10, 9), confirmation_meeting=meeting(D(2027, 10, 9)), **ext)
    assert "confirmed_on" in errors(late, today=D(2028, 1, 1))
    ok = confirmed(confirmed_on=D(2027, 10, 10), confirmation_meeting=meeting(D(2027, 10, 10)), **ext)
    assert errors(ok, today=D(2028, 1, 1)) == {}


# --- Dates -------------------------------------------------------------------------------------


def test_future_and_absurd_dates_refused() -> None:
    assert "applied_on" in errors(facts(applied_on=D(2028, 1, 1)))
    assert "applied_on" in errors(facts(applied_on=D(1900, 1, 1)))
    assert "applied_on" in errors(facts(applied_on=None))


def test_steps_in_order() -> None:
    assert "target_on" in errors(facts(target_on=D(2026, 3, 1)))
    assert "talked_on" in errors(facts(talked_on=D(2025, 1, 4)))


# --- What is due next --------------------------------------------------------------------------


def _candidate(**values: Any) -> Any:
    base = {
        "stage": "applicant",
        "applied_on": D(2026, 1, 10),
        "talked_on": None,
        "activist_on": None,
        "admitted_on": None,
        "probation_ends_on": None,
        "extension_months": None,
        "confirmed_on": None,
        "dropped_on": None,
    }
    base.update(values)
    return SimpleNamespace(**base)


def test_next_due() -> None:
    due = rules.next_due(_candidate(stage="activist", activist_on=D(2025, 3, 1)), D(2025, 12, 1))
    assert (due.day, due.level) == (D(2026, 3, 1), "waiting")
    assert rules.next_due(_candidate(stage="activist", activist_on=D(2025, 3, 1)), D(2026, 3, 1)).level == "due"
    probation = _candidate(stage="probationary", admitted_on=D(2025, 5, 10), probation_ends_on=D(2026, 5, 10))
    assert rules.next_due(probation, D(2026, 5, 10)).day == D(2026, 5, 10)
    assert rules.next_due(probation, D(2026, 5, 10)).level == "due"
    assert rules.next_due(probation, D(2026, 5, 11)).level == "overdue"
    assert rules.next_due(probation, D(2026, 1, 1)).level == "waiting"
    talk = rules.next_due(_candidate(), D(2026, 2, 11))
    assert (talk.day, talk.level) == (D(2026, 2, 10), "overdue")
    assert rules.warnings(_candidate(), D(2026, 2, 11))
    assert rules.warnings(_candidate(), D(2026, 2, 10)) == []
