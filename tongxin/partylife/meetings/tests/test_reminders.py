"""Reminders before a period ends: to the branch's secretary, once per period, never for what was held."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from tongxin.partylife.meetings.models import MeetingKind as K
from tongxin.partylife.meetings.models import MeetingReminder
from tongxin.partylife.meetings.reminders import meeting_reminders
from tongxin.partylife.meetings.tests.support import at, make_meeting
from tongxin.platform.inbox.models import Notification

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _clock(time_machine):
    time_machine.move_to(at(2026, 3, 25, 9), tick=False)


def titles(user):
    return sorted(n.title for n in Notification.objects.filter(recipient=user))


def test_reminds_the_secretary_of_what_is_not_held_yet(world, org_secretary, settings):
    settings.MEETING_REMINDER_DAYS = 10
    make_meeting(world.branch1, kind=K.GENERAL, starts_at=at(2026, 2, 5))
    report = meeting_reminders(at=at(2026, 3, 25, 9))
    # 31 March is within 10 days: theme day (monthly) and Party lecture (quarterly) are owed;
    # the general meeting was held; the yearly ones end in December, too far to remind.
    assert sorted(titles(org_secretary)) == sorted(
        [
            "第一网格党支部：本期还没开党课",
            "第一网格党支部：本期还没开主题党日",
        ]
    )
    assert report.sent == 2
    # Branch 2 and the unit's branch owe the same, but nobody holds their secretary role.
    assert report.without_secretary == 6
    link = Notification.objects.filter(recipient=org_secretary).first().url
    assert link.startswith("/meetings/new/?org=")


def test_running_again_sends_nothing_new(world, org_secretary):
    meeting_reminders(at=at(2026, 3, 25, 9))
    second = meeting_reminders(at=at(2026, 3, 26, 9))
    assert second.sent == 0 and second.already_sent == 3
    assert Notification.objects.filter(recipient=org_secretary).count() == 3
    assert MeetingReminder.objects.count() == 3


def test_nothing_before_the_window(world, org_secretary):
    assert meeting_reminders(at=at(2026, 3, 10, 9)).sent == 0
    assert not Notification.objects.exists()


def test_command_takes_an_iso_moment(world, org_secretary, capsys):
    call_command("meeting_reminders", "--at", "2026-03-25T09:00")
    assert "reminders sent: 3" in capsys.readouterr().out
    call_command("meeting_reminders", "--at", "2026-03-25T09:00+08:00")
    assert "reminders sent: 0" in capsys.readouterr().out


def test_command_refuses_a_bad_moment(db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="--at must be an ISO date and time"):
        call_command("meeting_reminders", "--at", "yesterday")
