"""The behind-schedule rule and the agenda deadline, with hand-picked dates."""

from __future__ import annotations

import datetime

import pytest

from tongxin.cobuilding.committee import rules

D = datetime.date


@pytest.mark.parametrize(
    ("today", "frequency", "last_held", "behind"),
    [
        # Quarterly. On 2 July 2026, Q2 (April–June) has ended: a meeting on or after 1 April keeps it on time.
        (D(2026, 7, 2), "quarterly", D(2026, 4, 1), False),
        (D(2026, 7, 2), "quarterly", D(2026, 3, 31), True),
        (D(2026, 7, 2), "quarterly", None, True),
        # Made up in the current quarter: on time again.
        (D(2026, 7, 20), "quarterly", D(2026, 7, 15), False),
        # 31 March: Q1 is still running, Q4 2025 is the ended period; a meeting on 1 October 2025 counts.
        (D(2026, 3, 31), "quarterly", D(2025, 10, 1), False),
        (D(2026, 3, 31), "quarterly", D(2025, 9, 30), True),
        # New year: on 5 January 2026 the ended quarter is Q4 2025.
        (D(2026, 1, 5), "quarterly", D(2025, 12, 30), False),
        # Half-yearly. On 1 July 2026, January–June has ended.
        (D(2026, 7, 1), "half_yearly", D(2026, 1, 2), False),
        (D(2026, 7, 1), "half_yearly", D(2025, 12, 31), True),
        # On 30 June 2026 the ended half is July–December 2025.
        (D(2026, 6, 30), "half_yearly", D(2025, 7, 1), False),
        (D(2026, 6, 30), "half_yearly", D(2025, 6, 30), True),
    ],
)
def test_behind_schedule_rule(today: D, frequency: str, last_held: D | None, behind: bool) -> None:
    assert (
        rules.is_behind(today=today, frequency=frequency, term_starts_on=D(2020, 1, 1), last_held=last_held) is behind
    )


def test_a_new_committee_is_not_judged_before_its_first_full_period() -> None:
    formed = D(2026, 5, 15)
    # Formed on 15 May 2026: on 2 July, Q2 is not a full period of its term.
    assert not rules.is_behind(
        today=D(2026, 7, 2), frequency="quarterly", term_starts_on=D(2026, 5, 15), last_held=None
    )
    # On 1 October, Q3 was full: no meeting, behind.
    assert rules.is_behind(today=D(2026, 10, 1), frequency="quarterly", term_starts_on=formed, last_held=None)


def test_agenda_closes_agenda_days_before_the_meeting() -> None:
    assert rules.agenda_closes_on(D(2026, 6, 30), 15) == D(2026, 6, 15)
    assert rules.agenda_open(D(2026, 6, 30), 15, D(2026, 6, 15))
    assert not rules.agenda_open(D(2026, 6, 30), 15, D(2026, 6, 16))


def test_term_notice_window_is_sixty_days() -> None:
    assert rules.term_notice_until(D(2026, 1, 1)) == D(2026, 3, 2)
