"""Activity pages: fixed query counts, the sign-up and check-in flow, forms against hostile input."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.urls import reverse

from tests.html import soup
from tongxin.volunteering.activities import services
from tongxin.volunteering.activities.models import Activity, Occurrence, SignUp
from tongxin.volunteering.activities.tests.support import at, friday_activity, join, staff, team, volunteer
from tongxin.volunteering.service.models import HoursSource, ServiceHours

D = datetime.date


@pytest.fixture
def friday(world, party_member):
    t = team(world.community)
    a = friday_activity(world.community, [t], capacity=2)
    me = volunteer(world.community, "赵党员", user=party_member, member=world.member1)
    join(t, me)
    return a, me


def _more(world, n):
    t = team(world.community, name=f"队{n}")
    for i in range(n):
        friday_activity(world.community, [t], title=f"活动{n}-{i}", rrule="FREQ=WEEKLY;BYDAY=MO,WE")


@pytest.mark.parametrize("view", ["dates", "activities"])
def test_list_costs_a_fixed_number_of_queries(client, secretary, world, friday, django_assert_num_queries, view):
    client.force_login(secretary)
    url = reverse("activities:list") + f"?view={view}&when=all"
    with time_machine.travel(at("2026-09-17 09:00"), tick=False):
        client.get(url)  # warm caches (sessions, content types)
        _more(world, 2)
        response = client.get(url)
        assert response.status_code == 200
        with django_assert_num_queries(_count(client, url)) as small:
            client.get(url)
        _more(world, 6)
        with django_assert_num_queries(len(small.captured_queries)):
            response = client.get(url)
    assert soup(response).select("#occurrences li, #activities tbody tr")


def _count(client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        client.get(url)
    return len(ctx.captured_queries)


def test_volunteer_signs_up_from_the_list_and_cancels(client, party_member, friday, world):
    a, me = friday
    client.force_login(party_member)
    with time_machine.travel(at("2026-09-15 09:00"), tick=False):
        page = soup(client.get(reverse("activities:list")))
        cards = page.select("#occurrences li")
        assert cards and "主题党日活动" in cards[0].text
        occ = Occurrence.objects.get(activity=a, date=D(2026, 9, 18))
        response = client.post(reverse("activities:signup", args=[occ.pk]))
        assert response.status_code == 302
        signup = SignUp.objects.get(occurrence=occ, volunteer=me)
        assert signup.state == "seated" and signup.signed_up_by == party_member
        # twice is refused with a message, nothing changes
        client.post(reverse("activities:signup", args=[occ.pk]))
        assert SignUp.objects.filter(occurrence=occ).count() == 1
        mine = soup(client.get(reverse("activities:mine")))
        assert "主题党日活动" in mine.select_one("#coming").text
        client.post(reverse("activities:cancel", args=[signup.pk]))
        signup.refresh_from_db()
        assert signup.state == "cancelled"


def test_leader_signs_up_a_volunteer_other_communities_refused(client, secretary, friday, world):
    a, _me = friday
    occ = a.occurrences.first()
    client.force_login(secretary)
    p = volunteer(world.community, "孙志愿")
    stranger = volunteer(world.other_community, "外社区")
    with time_machine.travel(at("2026-09-15 09:00"), tick=False):
        assert client.post(reverse("activities:signup", args=[occ.pk]), {"volunteer": p.pk}).status_code == 302
        assert SignUp.objects.filter(volunteer=p, state="seated").exists()
        for bad in (stranger.pk, "x", "9" * 30, 999999):
            r = client.post(reverse("activities:signup", args=[occ.pk]), {"volunteer": bad})
            assert r.status_code == 404


def test_qr_page_encodes_the_checkin_url_and_the_phone_checks_in_and_out(client, secretary, party_member, friday):
    a, me = friday
    occ = Occurrence.objects.get(activity=a, date=D(2026, 9, 18))
    client.force_login(secretary)
    page = soup(client.get(reverse("activities:qr", args=[occ.pk])))
    figure = page.select_one("#venue-qr")
    assert figure.select_one("svg") is not None
    url = figure["data-checkin-url"]
    assert url.endswith(f"/activities/c/{occ.token}/") and url.startswith("http")
    client.force_login(party_member)
    path = reverse("activities:checkin", args=[occ.token])
    with time_machine.travel(at("2026-09-18 14:20"), tick=False):
        assert soup(client.get(path)).select_one("#checkin-button").text.strip().startswith("签到")
        client.post(path)
        assert soup(client.get(path)).select_one("#checkin-button").text.strip().startswith("签退")
    with time_machine.travel(at("2026-09-18 16:58"), tick=False):
        client.force_login(party_member)  # idle sessions end after a while
        client.post(path)
    s = SignUp.objects.get(occurrence=occ, volunteer=me)
    assert (s.walk_in, s.checked_in_at, s.checked_out_at) == (True, at("2026-09-18 14:20"), at("2026-09-18 16:58"))
    client.force_login(secretary)
    with time_machine.travel(at("2026-09-18 18:00"), tick=False):
        page = soup(client.get(reverse("activities:occurrence", args=[occ.pk])))
        assert page.select_one("#confirm-all") is not None
        client.post(reverse("activities:confirm", args=[occ.pk]))
    row = ServiceHours.objects.get(source=HoursSource.ACTIVITY, source_id=s.pk)
    assert str(row.hours) == "2.50" and row.confirmed_by == secretary


def test_rollcall_missing_checkout_then_end_time(client, secretary, friday, world):
    a, me = friday
    occ = Occurrence.objects.get(activity=a, date=D(2026, 9, 18))
    s = services.signup_create(actor=staff(), occurrence=occ, volunteer=me, now=at("2026-09-17 09:00"))
    client.force_login(secretary)
    url = reverse("activities:rollcall", args=[occ.pk])
    with time_machine.travel(at("2026-09-18 18:00"), tick=False):
        assert client.post(url, {f"came_{s.pk}": "on", f"in_{s.pk}": "14:30"}).status_code == 302
        page = soup(client.get(reverse("activities:occurrence", args=[occ.pk])))
        assert "赵党员" in page.select_one("#no-checkout").text
        for bad in (
            {f"out_{s.pk}": "25:99"},
            {f"hours_{s.pk}": "abc"},
            {f"hours_{s.pk}": "99"},
            {f"out_{s.pk}": "13:00"},
        ):
            r = client.post(url, {f"came_{s.pk}": "on", f"in_{s.pk}": "14:30", **bad})
            assert r.status_code == 400 and soup(r).select_one(".form-errors")
        assert (
            client.post(url, {f"came_{s.pk}": "on", f"in_{s.pk}": "14:30", f"out_{s.pk}": "16:40"}).status_code == 302
        )
        client.post(reverse("activities:confirm", args=[occ.pk]), {"signup": s.pk})
        for bad in ("x", "0", "123456789"):
            assert client.post(reverse("activities:confirm", args=[occ.pk]), {"signup": bad}).status_code == 404
    assert str(ServiceHours.objects.get(source_id=s.pk, source="activity").hours) == "2.00"


def _form(world, t, **over):
    data = {
        "area": world.community.pk, "teams": [t.pk], "title": "周五活动日", "place": "党群服务中心",
        "first_date": "2026-09-18", "start_time": "14:30", "duration_minutes": "150", "capacity": "30",
        "repeat": "weekly", "weekdays": ["FR"], "skip_holidays": "on",
    }  # fmt: skip
    data.update(over)
    return data


def test_create_with_preview_then_save(client, secretary, world):
    t = team(world.community)
    client.force_login(secretary)
    url = reverse("activities:create")
    with time_machine.travel(at("2026-09-01 09:00"), tick=False):
        r = client.post(url, {**_form(world, t), "preview": "1"})
        dates = [li.text for li in soup(r).select("#preview li")]
        assert len(dates) == 8 and dates[0].startswith("2026-09-18") and dates[1].startswith("2026-10-09")
        assert not Activity.objects.exists()
        r = client.post(url, _form(world, t))
        assert r.status_code == 302
    a = Activity.objects.get()
    assert a.rrule == "FREQ=WEEKLY;BYDAY=FR" and a.occurrences.count() > 5


@pytest.mark.parametrize(
    "over,field",
    [
        ({"repeat": "advanced", "rrule": "FREQ=SECONDLY"}, "rrule"),
        ({"repeat": "advanced", "rrule": "garbage"}, "rrule"),
        ({"repeat": "weekly", "weekdays": []}, "weekdays"),
        ({"repeat": "monthly", "monthday": "32"}, "monthday"),
        ({"duration_minutes": "5"}, "duration_minutes"),
        ({"capacity": "0"}, "capacity"),
        ({"title": "x" * 101}, "title"),
        ({"first_date": "2026-02-30"}, "first_date"),
        ({"until": "2026-01-01"}, "until"),
        ({"cancelled_dates": "明天"}, "cancelled_dates"),
        ({"area": "999999"}, "area"),
        ({"teams": ["999999"]}, "teams"),
    ],
)
def test_create_refuses_bad_input_next_to_the_field(client, secretary, world, over, field):
    t = team(world.community)
    client.force_login(secretary)
    r = client.post(reverse("activities:create"), _form(world, t, **over))
    assert r.status_code == 200
    assert soup(r).select_one(".has-error") is not None
    assert not Activity.objects.exists()


def test_other_communitys_team_refused(client, secretary, world):
    other = team(world.other_community, name="乙队")
    t = team(world.community)
    client.force_login(secretary)
    r = client.post(reverse("activities:create"), _form(world, t, teams=[other.pk]))
    assert r.status_code == 200 and not Activity.objects.exists()


def test_hostile_ids_are_404(client, secretary, world, friday):
    client.force_login(secretary)
    for name in ("activities:detail", "activities:occurrence", "activities:qr"):
        assert client.get(f"/activities/{'o/' if name != 'activities:detail' else ''}99999999/").status_code == 404
    assert client.get(reverse("activities:list") + "?node=abc&team=99999999999").status_code in (200, 404)
    assert client.get(reverse("activities:list") + "?team=99999999").status_code == 404
    assert client.get(reverse("activities:checkin", args=["x" * 40])).status_code == 404
