"""Sign-up, waiting list, check-in/out, roll call and confirmed hours."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
import time_machine

from tongxin.platform.core.exceptions import DomainError
from tongxin.platform.inbox.models import Notification
from tongxin.volunteering.activities import services
from tongxin.volunteering.activities.models import Occurrence, SignUp
from tongxin.volunteering.activities.tests.support import at, friday_activity, join, staff, team, volunteer
from tongxin.volunteering.service.models import HoursSource, ServiceHours

D = datetime.date


@pytest.fixture
def setup(world, party_member):
    t = team(world.community)
    a = friday_activity(world.community, [t], capacity=2)
    occ = Occurrence.objects.get(activity=a, date=D(2026, 9, 18))
    people = [volunteer(world.community, name) for name in ("甲一", "乙二", "丙三")]
    for p in people:
        join(t, p)
    member = volunteer(world.community, "赵党员", user=party_member, member=world.member1)
    return a, occ, people, member


def test_dates_materialized_to_the_horizon(setup):
    a, *_ = setup
    dates = list(a.occurrences.values_list("date", flat=True))
    assert dates[0] == D(2026, 9, 18) and D(2026, 10, 2) not in dates and D(2026, 9, 25) not in dates
    assert max(dates) <= D(2026, 9, 18) + datetime.timedelta(weeks=12)
    first = a.occurrences.first()
    assert first.starts_at == at("2026-09-18 14:30") and first.ends_at == at("2026-09-18 17:00")
    assert len({o.token for o in a.occurrences.all()}) == len(dates)


def test_capacity_waiting_list_and_promotion(setup, party_member, django_capture_on_commit_callbacks):
    a, occ, (p1, p2, p3), member = setup
    now = at("2026-09-17 10:00")
    s1 = services.signup_create(actor=staff(), occurrence=occ, volunteer=p1, now=now)
    s2 = services.signup_create(actor=staff(), occurrence=occ, volunteer=p2, now=now)
    s3 = services.signup_create(actor=staff(), occurrence=occ, volunteer=member, now=now)
    s4 = services.signup_create(actor=staff(), occurrence=occ, volunteer=p3, now=now + datetime.timedelta(minutes=1))
    assert [s.state for s in (s1, s2, s3, s4)] == ["seated", "seated", "waiting", "waiting"]
    with pytest.raises(DomainError, match="甲一 已报名本场活动"):
        services.signup_create(actor=staff(), occurrence=occ, volunteer=p1, now=now)
    stranger = volunteer(a.community.parent, "外人")
    with pytest.raises(DomainError, match="外人 不是本社区的志愿者"):  # not a volunteer of this community
        services.signup_create(actor=staff(), occurrence=occ, volunteer=stranger, now=now)
    with django_capture_on_commit_callbacks(execute=True):
        services.signup_cancel(actor=staff(), signup=s2, now=now)
    s3.refresh_from_db()
    s4.refresh_from_db()
    occ.refresh_from_db()
    assert (s3.state, s4.state, occ.taken) == ("seated", "waiting", 2)
    assert Notification.objects.filter(recipient=party_member).count() == 1
    # Cancelling from the waiting list frees no seat; signing up again joins the end of the list.
    services.signup_cancel(actor=staff(), signup=s4, now=now)
    again = services.signup_create(actor=staff(), occurrence=occ, volunteer=p2, now=now)
    assert again.pk == s2.pk and again.state == "waiting"
    occ.refresh_from_db()
    assert occ.taken == 2


def test_no_signup_or_cancel_after_the_start(setup):
    _a, occ, (p1, p2, _p3), _m = setup
    s1 = services.signup_create(actor=staff(), occurrence=occ, volunteer=p1, now=at("2026-09-18 14:00"))
    with pytest.raises(DomainError, match="活动已开始，报名已截止"):
        services.signup_create(actor=staff(), occurrence=occ, volunteer=p2, now=at("2026-09-18 14:30"))
    with pytest.raises(DomainError, match="活动已开始，不能再取消报名"):
        services.signup_cancel(actor=staff(), signup=s1, now=at("2026-09-18 15:00"))


def test_editing_the_rule_regenerates_empty_dates_and_calls_off_signed_ones(
    setup, party_member, django_capture_on_commit_callbacks
):
    a, occ, (p1, *_), member = setup
    now = at("2026-09-17 10:00")
    oct9 = Occurrence.objects.get(activity=a, date=D(2026, 10, 9))
    services.signup_create(actor=staff(), occurrence=oct9, volunteer=member, now=now)
    plan = services.ActivityPlan(
        area=a.area, title=a.title, place=a.place, start_time=datetime.time(9, 0), duration_minutes=120,
        first_date=a.first_date, teams=list(a.teams.all()), capacity=2, rrule="FREQ=WEEKLY;BYDAY=SA",
    )  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        services.activity_update(actor=staff(), activity=a, plan=plan, now=now)
    oct9.refresh_from_db()
    assert oct9.cancelled_at is not None  # kept: somebody signed up
    assert not Occurrence.objects.filter(activity=a, date=D(2026, 10, 16)).exists()  # nobody: gone
    sat = Occurrence.objects.get(activity=a, date=D(2026, 10, 10))  # make-up workday Saturday
    assert sat.starts_at == at("2026-10-10 09:00")
    assert Notification.objects.filter(recipient=party_member, title__contains="主题党日活动").exists()


def test_horizon_extend_adds_the_next_weeks(setup):
    a, *_ = setup
    before = a.occurrences.count()
    created = services.horizon_extend(now=at("2026-10-20 08:00"))
    assert created > 0 and a.occurrences.count() == before + created
    assert services.horizon_extend(now=at("2026-10-20 08:00")) == 0


@pytest.mark.parametrize(
    "cin,cout,expected",
    [
        ("14:31", "17:00", "2.25"),  # 149 min → 2 h 15
        ("14:30", "16:59", "2.25"),
        ("14:00", "19:00", "3.50"),  # capped: 150 min + 1 h
        ("14:30", "14:44", "0.00"),
    ],
)
def test_hours_rounded_down_to_the_quarter_and_capped(cin, cout, expected):
    hours = services.hours_of(
        checked_in_at=at(f"2026-09-18 {cin}"), checked_out_at=at(f"2026-09-18 {cout}"), duration_minutes=150
    )
    assert hours == Decimal(expected)
    assert services.hours_of(checked_in_at=at("2026-09-18 14:30"), checked_out_at=None, duration_minutes=150) is None


def test_qr_check_in_out_walk_in_and_confirm(setup, party_member, secretary):
    a, occ, (p1, *_), member = setup
    services.signup_create(actor=staff(), occurrence=occ, volunteer=p1, now=at("2026-09-17 10:00"))
    with pytest.raises(DomainError, match="签到在活动开始前 1 小时开放"):  # too early
        services.checkin_by_token(user=party_member, occurrence=occ, now=at("2026-09-18 13:00"))
    # 赵党员 did not sign up: a walk-in takes the second seat.
    s = services.checkin_by_token(user=party_member, occurrence=occ, now=at("2026-09-18 14:25"))
    assert s.walk_in and s.state == "seated" and s.checked_in_at == at("2026-09-18 14:25")
    s = services.checkin_by_token(user=party_member, occurrence=occ, now=at("2026-09-18 17:05"))
    assert s.checked_out_at == at("2026-09-18 17:05")
    with pytest.raises(DomainError, match="您已签到并签退"):
        services.checkin_by_token(user=party_member, occurrence=occ, now=at("2026-09-18 17:06"))
    with pytest.raises(DomainError, match="签到已在活动结束 3 小时后关闭"):  # closes 3 h after the end
        services.checkin_by_token(user=party_member, occurrence=occ, now=at("2026-09-18 20:01"))
    # p1 came by the roll call but has no check-out: no hours yet, the leader is told.
    p1_signup = SignUp.objects.get(occurrence=occ, volunteer=p1)
    services.rollcall_record(
        actor=secretary,
        occurrence=occ,
        rows=[services.Attendance(signup=p1_signup, came=True, checked_in_at=at("2026-09-18 14:30"))],
        now=at("2026-09-18 18:00"),
    )
    credited, missing = services.hours_confirm_occurrence(actor=secretary, occurrence=occ, now=at("2026-09-18 18:00"))
    assert (credited, missing) == (1, ["甲一"])
    row = ServiceHours.objects.get(source=HoursSource.ACTIVITY, source_id=s.pk)
    assert row.hours == Decimal("2.50") and row.confirmed_at is not None and row.volunteer == member
    assert row.served_on == D(2026, 9, 18) and row.area == a.area
    # The leader enters the end time for p1, then confirms that row alone.
    p1_signup.refresh_from_db()
    services.rollcall_record(
        actor=secretary,
        occurrence=occ,
        rows=[services.Attendance(signup=p1_signup, came=True, checked_out_at=at("2026-09-18 16:50"))],
        now=at("2026-09-18 18:00"),
    )
    services.hours_confirm_occurrence(actor=secretary, occurrence=occ, signup=p1_signup, now=at("2026-09-18 18:00"))
    p1_row = ServiceHours.objects.get(source=HoursSource.ACTIVITY, source_id=p1_signup.pk)
    assert p1_row.hours == Decimal("2.25") and p1_row.team is not None
    with pytest.raises(DomainError, match="这位志愿者没有待确认的时长"):
        services.hours_confirm_occurrence(actor=secretary, occurrence=occ, signup=p1_signup, now=at("2026-09-18 18:00"))


def test_leader_enters_hours_for_a_missing_check_out(setup, secretary):
    _a, occ, (p1, *_), _m = setup
    s = services.signup_create(actor=staff(), occurrence=occ, volunteer=p1, now=at("2026-09-17 10:00"))
    services.rollcall_record(
        actor=secretary,
        occurrence=occ,
        rows=[services.Attendance(signup=s, came=True, hours=Decimal("2"))],
        now=at("2026-09-18 18:00"),
    )
    assert services.hours_confirm_occurrence(actor=secretary, occurrence=occ, now=at("2026-09-18 18:00")) == (1, [])
    assert ServiceHours.objects.get(source_id=s.pk, source=HoursSource.ACTIVITY).hours == Decimal("2")
    occ.refresh_from_db()
    assert occ.hours_confirmed_at is not None


def test_rollcall_refuses_bad_times_whole(setup, secretary):
    _a, occ, (p1, p2, _p3), _m = setup
    s1 = services.signup_create(actor=staff(), occurrence=occ, volunteer=p1, now=at("2026-09-17 10:00"))
    s2 = services.signup_create(actor=staff(), occurrence=occ, volunteer=p2, now=at("2026-09-17 10:00"))
    with pytest.raises(DomainError, match="乙二：签退时间早于签到时间"):
        services.rollcall_record(
            actor=secretary,
            occurrence=occ,
            rows=[
                services.Attendance(signup=s1, came=True, checked_in_at=at("2026-09-18 14:30")),
                services.Attendance(
                    signup=s2, came=True, checked_in_at=at("2026-09-18 15:00"), checked_out_at=at("2026-09-18 14:00")
                ),
            ],
            now=at("2026-09-18 18:00"),
        )
    s1.refresh_from_db()
    assert s1.checked_in_at is None


def test_hours_not_confirmed_before_the_start(setup, secretary):
    with (
        time_machine.travel(at("2026-09-17 10:00"), tick=False),
        pytest.raises(DomainError, match="活动开始后才能确认时长"),
    ):
        services.hours_confirm_occurrence(actor=secretary, occurrence=setup[1])


def test_extend_command(setup):
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("extend_activities", "--at", "2026-10-20T08:00", stdout=out)
    assert "dates created" in out.getvalue()
    with pytest.raises(Exception, match="ISO"):
        call_command("extend_activities", "--at", "soon")
