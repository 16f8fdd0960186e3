from __future__ import annotations

import datetime

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.html import soup
from tongxin.platform.core.models import AuditEvent
from tongxin.volunteering.service.models import (
    HoursSource,
    ServiceHours,
    Speciality,
    TeamMembership,
    Volunteer,
    VolunteerTeam,
)
from tongxin.volunteering.service.tests.support import join, served, team, volunteer

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 6, 15)


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(datetime.datetime(2026, 6, 15, 10, tzinfo=datetime.UTC), tick=False):
        yield


def queries_of(fn) -> int:
    with CaptureQueriesContext(connection) as captured:
        fn()
    return len(captured)


def test_team_list_counts_members_and_hours_in_one_query(client, world, secretary, django_assert_num_queries):
    client.force_login(secretary)
    repairs = team(world.community, "维修队")
    a, b = volunteer(world.community, "孙一"), volunteer(world.community, "孙二")
    join(repairs, a), join(repairs, b)
    served(a, TODAY, "2", t=repairs)
    served(b, TODAY, "1.5", t=repairs)
    served(b, TODAY, "9", t=repairs, confirmed=False)
    served(b, datetime.date(2025, 5, 1), "4", t=repairs)
    team(world.other_community, "乙队")
    response = client.get(reverse("service:team_list"))
    rows = soup(response).select("#teams tbody tr")
    assert len(rows) == 1
    cells = [c.get_text(strip=True) for c in rows[0].select("td")]
    assert cells[0] == "维修队" and cells[4] == "2" and cells[5] == "3.5"

    def count():
        client.get(reverse("service:team_list"))

    first = queries_of(count)
    for i in range(5):
        t = team(world.community, f"队{i}", Speciality.PATROL)
        join(t, a)
        served(a, TODAY, "1", t=t)
    with django_assert_num_queries(first):
        count()


def test_team_list_filters(client, world, secretary):
    client.force_login(secretary)
    team(world.community, "维修队")
    team(world.grid1, "巡逻队", Speciality.PATROL)
    response = client.get(reverse("service:team_list") + f"?speciality=patrol&node={world.grid1.pk}")
    assert [a.get_text() for a in soup(response).select("#teams tbody tr td a")] == ["巡逻队"]
    assert client.get(reverse("service:team_list") + f"?node={world.other_community.pk}").status_code == 404
    assert client.get(reverse("service:team_list") + "?node=abc&speciality=<x>&year=99999").status_code == 200


def test_team_create_edit_and_errors(client, world, secretary):
    client.force_login(secretary)
    url = reverse("service:team_create")
    response = client.post(url, {"area": world.community.pk, "name": "", "speciality": "nonsense"})
    assert response.status_code == 200 and not VolunteerTeam.objects.exists()
    assert soup(response).select(".error")
    response = client.post(
        url,
        {"area": world.community.pk, "name": "医疗队", "speciality": "medical", "unit": world.unit.pk},
    )
    made = VolunteerTeam.objects.get()
    assert response.status_code == 302 and made.unit == world.unit
    # the same name again is refused in the form
    response = client.post(url, {"area": world.community.pk, "name": "医疗队", "speciality": "medical"})
    assert response.status_code == 200 and VolunteerTeam.objects.count() == 1
    # another community's place is not a choice
    response = client.post(url, {"area": world.other_community.pk, "name": "乙", "speciality": "medical"})
    assert response.status_code == 200 and VolunteerTeam.objects.count() == 1
    response = client.post(
        reverse("service:team_edit", args=[made.pk]),
        {"area": world.grid1.pk, "name": "医疗服务队", "speciality": "medical", "is_active": "on"},
    )
    made.refresh_from_db()
    assert response.status_code == 302 and made.name == "医疗服务队" and made.area == world.grid1 and made.unit is None


def test_members_add_remove_and_leader(client, world, secretary):
    client.force_login(secretary)
    t = team(world.community, "维修队")
    url = reverse("service:member_add", args=[t.pk])
    # a resident registered and added at once
    assert client.post(url, {"resident": world.zhangsan.pk}).status_code == 302
    v = Volunteer.objects.get(resident=world.zhangsan)
    assert v.name == "张三" and v.phone_masked.startswith("1") and "*" in v.phone_masked
    # a party member
    assert client.post(url, {"member": world.member1.pk}).status_code == 302
    # twice: refused in the form
    response = client.post(url, {"volunteer": v.pk})
    assert response.status_code == 400
    # another community's resident is not a choice
    assert client.post(url, {"resident": world.wangwu.pk}).status_code == 400
    assert client.post(url, {}).status_code == 400
    assert TeamMembership.objects.filter(team=t).count() == 2
    # the same volunteer in a second team
    other = team(world.community, "巡逻队", Speciality.PATROL)
    assert client.post(reverse("service:member_add", args=[other.pk]), {"volunteer": v.pk}).status_code == 302
    assert client.post(reverse("service:leader_set", args=[t.pk]), {"leader": v.pk}).status_code == 302
    t.refresh_from_db()
    assert t.leader == v
    page = client.get(reverse("service:team_detail", args=[t.pk]))
    assert soup(page).select_one("#leader").get_text() == "张三"
    assert client.post(reverse("service:member_remove", args=[t.pk, v.pk])).status_code == 302
    t.refresh_from_db()
    assert t.leader is None
    assert client.post(reverse("service:leader_set", args=[t.pk]), {"leader": v.pk}).status_code == 400


def test_a_leader_runs_their_team_only(client, world, outsider):
    t = team(world.community, "维修队")
    leader = volunteer(world.community, "吴队长", user=outsider)
    join(t, leader)
    t.leader = leader
    t.save()
    other = team(world.community, "巡逻队")
    client.force_login(outsider)
    assert client.get(reverse("service:team_detail", args=[t.pk])).status_code == 200
    assert client.get(reverse("service:team_detail", args=[other.pk])).status_code == 404
    member = volunteer(world.community, "孙一")
    join(t, member)
    response = client.post(
        reverse("service:hours_entry", args=[t.pk]),
        {"volunteer": member.pk, "served_on": "2026-06-14", "hours": "2", "description": "修灯", "people_served": "3"},
    )
    assert response.status_code == 302
    row = ServiceHours.objects.get()
    assert row.confirmed_at is not None and row.source == HoursSource.MANUAL and row.team == t
    # the leader's own hours wait for staff
    client.post(
        reverse("service:hours_entry", args=[t.pk]),
        {"volunteer": leader.pk, "served_on": "2026-06-14", "hours": "2", "description": "修灯"},
    )
    assert ServiceHours.objects.get(volunteer=leader).confirmed_at is None
    # bad input: future date, too many hours
    response = client.post(
        reverse("service:hours_entry", args=[t.pk]),
        {"volunteer": member.pk, "served_on": "2026-06-16", "hours": "25", "description": ""},
    )
    assert response.status_code == 400 and ServiceHours.objects.count() == 2
    # the leader may not edit the team or set its leader (staff do)
    assert client.get(reverse("service:team_edit", args=[t.pk])).status_code == 403
    # the leader confirms pending hours of the team
    pending = served(member, TODAY, "1", t=t, confirmed=False)
    response = client.get(reverse("service:hours_pending"))
    assert [i["value"] for i in soup(response).select("input[name=rows]")] == [
        str(r.pk) for r in ServiceHours.objects.filter(confirmed_at__isnull=True).order_by("served_on", "id")
    ]
    client.post(reverse("service:hours_pending"), {"rows": [str(pending.pk)]})
    pending.refresh_from_db()
    assert pending.confirmed_at is not None


def test_pending_bulk_confirm_and_reject(client, world, secretary, django_assert_num_queries):
    client.force_login(secretary)
    v = volunteer(world.community, "孙一")
    rows = [served(v, TODAY, "1", confirmed=False, source=HoursSource.ACTIVITY, source_id=i) for i in range(1, 4)]
    theirs = served(volunteer(world.other_community, "王"), TODAY, "1", confirmed=False)
    first = queries_of(lambda: client.get(reverse("service:hours_pending")))
    for i in range(4, 10):
        served(v, TODAY, "1", confirmed=False, source=HoursSource.ACTIVITY, source_id=i)
    with django_assert_num_queries(first):
        client.get(reverse("service:hours_pending"))
    response = client.post(
        reverse("service:hours_pending"), {"rows": [str(rows[0].pk), str(rows[1].pk), str(theirs.pk), "x"]}
    )
    assert response.status_code == 302
    assert set(ServiceHours.objects.filter(confirmed_at__isnull=False).values_list("pk", flat=True)) == {
        rows[0].pk,
        rows[1].pk,
    }
    assert client.post(reverse("service:hours_reject", args=[rows[2].pk]), {"reason": ""}).status_code == 302
    assert ServiceHours.objects.filter(pk=rows[2].pk).exists()
    client.post(reverse("service:hours_reject", args=[rows[2].pk]), {"reason": "没来"})
    assert not ServiceHours.objects.filter(pk=rows[2].pk).exists()
    assert client.post(reverse("service:hours_reject", args=[theirs.pk]), {"reason": "x"}).status_code == 404
    # a confirmed row is no longer for rejecting
    assert client.post(reverse("service:hours_reject", args=[rows[0].pk]), {"reason": "x"}).status_code == 403


def test_hours_totals_by_team_and_community(client, world, admin_user):
    client.force_login(admin_user)
    t1, t2 = team(world.community, "甲队"), team(world.other_community, "乙队")
    a, b = volunteer(world.community, "甲一"), volunteer(world.other_community, "乙一")
    served(a, datetime.date(2026, 3, 1), "2", t=t1)
    served(a, datetime.date(2026, 4, 1), "3", t=t1)
    served(a, datetime.date(2026, 4, 1), "7", t=t1, confirmed=False)
    served(b, datetime.date(2026, 4, 2), "1.5", t=t2)
    served(b, datetime.date(2025, 4, 2), "10", t=t2)
    response = client.get(reverse("service:hours_totals") + "?start=2026-01-01&end=2026-12-31")
    page = soup(response)
    teams = [[c.get_text(" ", strip=True) for c in r.select("td")] for r in page.select("#totals-teams tbody tr")]
    assert teams == [["甲队 甲社区", "5", "2", "1"], ["乙队 乙社区", "1.5", "1", "1"]]
    rows = page.select("#totals-communities tbody tr")
    communities = [[c.get_text(strip=True) for c in r.select("td")] for r in rows]
    assert communities == [["甲社区", "5", "2", "1"], ["乙社区", "1.5", "1", "1"]]
    response = client.get(reverse("service:hours_totals") + "?start=2026-04-01&end=2026-04-01")
    assert [r.select("td")[1].get_text() for r in soup(response).select("#totals-teams tbody tr")] == ["3"]
    response = client.get(reverse("service:hours_totals") + "?start=2026-05-01&end=2026-04-01")
    assert response.status_code == 200 and soup(response).select(".form-errors")
    assert client.get(reverse("service:hours_totals") + "?start=x&end=").status_code == 200


def test_volunteers_list_search_and_register(client, world, secretary, django_assert_num_queries):
    client.force_login(secretary)
    volunteer(world.community, "孙悟空")
    volunteer(world.other_community, "猪八戒")
    response = client.get(reverse("service:volunteer_list") + "?q=swk")
    assert [a.get_text() for a in soup(response).select("#volunteers tbody a")] == ["孙悟空"]
    first = queries_of(lambda: client.get(reverse("service:volunteer_list")))
    for i in range(5):
        volunteer(world.community, f"沙{i}")
    with django_assert_num_queries(first):
        client.get(reverse("service:volunteer_list"))
    url = reverse("service:volunteer_create")
    response = client.post(url, {"area": world.community.pk, "name": "唐僧", "phone": "12345"})
    assert response.status_code == 200 and soup(response).select(".error")
    response = client.post(url, {"area": world.community.pk, "name": "唐僧", "phone": "13912345678"})
    assert response.status_code == 302
    v = Volunteer.objects.get(name="唐僧")
    assert v.phone_masked == "139****5678" and "13912345678" not in v.phone_enc
    assert "13912345678" not in str(list(AuditEvent.objects.values_list("changes", flat=True)))
    # the same phone again: already registered
    response = client.post(url, {"area": world.community.pk, "name": "唐三藏", "phone": "139 1234 5678"})
    assert response.status_code == 200 and Volunteer.objects.filter(name="唐三藏").count() == 0
    response = client.post(url, {"area": world.other_community.pk, "name": "乙", "phone": ""})
    assert response.status_code == 200
    response = client.post(url, {"area": world.community.pk, "member": world.member1.pk})
    assert response.status_code == 302 and Volunteer.objects.get(member=world.member1).name == "赵党员"


def test_volunteer_detail_record(client, world, secretary):
    client.force_login(secretary)
    t = team(world.community, "维修队")
    v = volunteer(world.community, "孙一")
    served(v, datetime.date(2026, 3, 1), "2", t=t)
    served(v, datetime.date(2026, 3, 2), "1", source=HoursSource.CASE, source_id=5)
    served(v, datetime.date(2026, 3, 3), "4", confirmed=False)
    served(v, datetime.date(2025, 3, 3), "6", t=t)
    page = soup(client.get(reverse("service:volunteer_detail", args=[v.pk])))
    years = [[c.get_text(strip=True) for c in r.select("td")][:4] for r in page.select(".service-years tbody tr")]
    assert years == [["2026", "3", "2", "4"], ["2025", "6", "1", "0"]]
    assert [r.select("td")[1].get_text() for r in page.select("#by-team tbody tr")] == ["8", "1"]
    other = volunteer(world.other_community, "王")
    assert client.get(reverse("service:volunteer_detail", args=[other.pk])).status_code == 404


def test_my_hours_for_any_account(client, world, outsider):
    client.force_login(outsider)
    response = client.get(reverse("service:my_hours"))
    assert response.status_code == 200 and soup(response).select(".empty")
    v = volunteer(world.community, "吴", user=outsider)
    served(v, datetime.date(2026, 3, 1), "2.5")
    page = soup(client.get(reverse("service:my_hours")))
    assert page.select(".service-years tbody tr td")[1].get_text() == "2.5"
    assert page.select_one(f"a[href='{reverse('service:certificate', args=[v.pk, 2026])}']")
    assert client.get(reverse("service:volunteer_detail", args=[v.pk])).status_code == 200


def test_hours_list_behind_the_figures(client, world, secretary, django_assert_num_queries):
    client.force_login(secretary)
    v = volunteer(world.community, "孙一")
    served(v, datetime.date(2026, 3, 1), "2", people=3)
    served(v, datetime.date(2026, 3, 2), "1", confirmed=False)
    served(v, datetime.date(2025, 3, 2), "7")
    served(volunteer(world.other_community, "王"), datetime.date(2026, 3, 1), "2")
    url = reverse("service:hours_list") + f"?node={world.community.pk}&start=2026-01-01&end=2026-06-30"
    page = soup(client.get(url))
    assert [r.select("td")[4].get_text() for r in page.select("#hours tbody tr")] == ["2"]
    first = queries_of(lambda: client.get(url))
    for day in range(2, 9):
        served(v, datetime.date(2026, 4, day), "1")
    with django_assert_num_queries(first):
        client.get(url)


def test_hostile_input(client, world, secretary):
    client.force_login(secretary)
    t = team(world.community, "维修队")
    v = volunteer(world.community, "孙一")
    join(t, v)
    huge = "9" * 30
    for url in (
        f"/service/teams/{huge}/",
        f"/service/volunteers/{huge}/",
        f"/service/volunteers/{huge}/certificate/2026.pdf",
        f"/public/services/{huge}/ask/",
    ):
        assert client.get(url).status_code == 404, url
    assert client.post(f"/service/hours/{huge}/reject/", {"reason": "x"}).status_code == 404
    url = reverse("service:member_add", args=[t.pk])
    assert client.post(url, {"volunteer": "abc"}).status_code == 400
    assert client.post(url, {"volunteer": huge}).status_code == 400
    entry = reverse("service:hours_entry", args=[t.pk])
    for bad in (
        {"volunteer": v.pk, "served_on": "2026-02-30", "hours": "2", "description": "修"},
        {"volunteer": v.pk, "served_on": "2026-06-01", "hours": "1e400", "description": "修"},
        {"volunteer": v.pk, "served_on": "2026-06-01", "hours": "NaN", "description": "修"},
        {"volunteer": v.pk, "served_on": "2026-06-01", "hours": "2", "description": "修" * 201},
        {"volunteer": v.pk, "served_on": "2026-06-01", "hours": "2", "description": "修", "people_served": "-3"},
    ):
        assert client.post(entry, bad).status_code == 400, bad
    assert not ServiceHours.objects.exists()
    # another community's team and volunteer: 404 whatever is posted
    theirs = team(world.other_community, "乙队")
    assert client.post(reverse("service:member_add", args=[theirs.pk]), {"volunteer": v.pk}).status_code == 404
    assert client.post(reverse("service:leader_set", args=[theirs.pk]), {"leader": v.pk}).status_code == 404
    response = client.post(
        reverse("service:team_create"), {"area": world.community.pk, "name": "x" * 101, "speciality": "legal"}
    )
    assert response.status_code == 200 and VolunteerTeam.objects.count() == 2
