"""Programme pages: staff lists and forms, the public enrolment flow, hostile input, query counts."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.urls import reverse

from tests.html import soup
from tongxin.platform.calendar import SHANGHAI
from tongxin.platform.core.models import AuditEvent
from tongxin.volunteering.programmes import services
from tongxin.volunteering.programmes.models import Enrolment, EnrolmentStatus, Programme, Session
from tongxin.volunteering.programmes.public_views import mask_name
from tongxin.volunteering.programmes.tests.support import START, child_args, programme, session, staff, volunteer
from tongxin.volunteering.service.models import ServiceHours

pytestmark = pytest.mark.django_db
D = datetime.date
NOW = datetime.datetime(2026, 2, 20, 10, tzinfo=SHANGHAI)


@pytest.fixture(autouse=True)
def _now():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def english(settings):
    settings.LANGUAGE_CODE = "en"


def fill(p, n: int, *, start: int = 0) -> None:
    for i in range(start, start + n):
        services.enrolment_create(
            actor=staff(),
            programme=p,
            name=f"孩子{i}",
            phone=f"138{i:08d}",
            birth_date=D(2017, 1, 1),
            guardian_name="家长",
        )


CHILD = {
    "name": "李小红",
    "birth_date": "2018-04-01",
    "guardian_name": "李四",
    "phone": "139 0000 1111",
    "consent": "on",
}


# Staff pages


def test_list_shows_seats_and_waiting_in_a_fixed_number_of_queries(client, world, secretary, django_assert_num_queries):
    client.force_login(secretary)
    url = reverse("programmes:list")
    a = programme(world.community, capacity=2)
    programme(world.other_community, "乙社区四点半")
    fill(a, 3)
    session(a, START)
    client.get(url)
    with django_assert_num_queries(7) as small:
        page = client.get(url)
    row = soup(page).select("#programmes tbody tr")
    assert len(row) == 1  # 乙社区 is outside the secretary's community
    cells = [td.get_text(" ", strip=True) for td in row[0].select("td")]
    assert cells[3].startswith("2 / 2") and cells[4] == "1" and cells[5] == "1"
    for i in range(5):
        fill(programme(world.community, f"兴趣班{i}", capacity=5), 3, start=100 + 10 * i)
    with django_assert_num_queries(len(small.captured_queries)):
        assert len(soup(client.get(url)).select("#programmes tbody tr")) == 6


def test_list_filters(client, world, admin_user):
    client.force_login(admin_user)
    programme(world.community, "四点半学校")
    programme(world.other_community, "乙社区讲座", kind="lecture")
    programme(world.community, "去年的课", start_date=D(2025, 3, 1), end_date=D(2025, 6, 30))
    names = lambda r: [a.get_text() for a in soup(r).select("#programmes tbody td:first-child a")]  # noqa: E731
    url = reverse("programmes:list")
    assert sorted(names(client.get(url))) == ["乙社区讲座", "四点半学校"]
    assert names(client.get(url, {"kind": "lecture"})) == ["乙社区讲座"]
    assert names(client.get(url, {"node": world.community.pk})) == ["四点半学校"]
    assert names(client.get(url, {"period": "past"})) == ["去年的课"]
    assert len(names(client.get(url, {"period": "all", "kind": "<script>", "node": "abc"}))) == 3


def test_detail_in_a_fixed_number_of_queries(client, world, secretary, django_assert_num_queries):
    client.force_login(secretary)
    p = programme(world.community, capacity=2, teachers=[volunteer(world.community, "王老师")])
    fill(p, 3)
    s = session(p, START)
    url = reverse("programmes:detail", args=[p.pk])
    client.get(url)
    with django_assert_num_queries(9) as small:
        page = soup(client.get(url))
    assert len(page.select("#enrolled tbody tr")) == 2 and len(page.select("#waiting tbody tr")) == 1
    assert "138****0000" in page.select_one("#enrolled").get_text()
    fill(p, 10, start=50)
    for day in range(3, 9):
        session(p, START + datetime.timedelta(days=day))
    services.attendance_record(actor=secretary, session=s, present_ids=list(p.enrolments.values_list("pk", flat=True)))
    with django_assert_num_queries(len(small.captured_queries)):
        page = soup(client.get(url))
    assert len(page.select("#waiting tbody tr")) == 11 and len(page.select("#sessions tbody tr")) == 7


def test_create_a_programme_and_refuse_bad_input(client, world, secretary, english):
    client.force_login(secretary)
    teacher = volunteer(world.community, "王老师")
    url = reverse("programmes:create")
    data = {
        "area": world.community.pk,
        "kind": "summer_care",
        "title": "暑期托管班",
        "place": "社区活动室",
        "start_date": "2026-07-06",
        "end_date": "2026-08-28",
        "capacity": "80",
        "audience": "children",
        "min_age": "6",
        "max_age": "12",
        "teachers": [teacher.pk],
        "is_published": "on",
    }
    response = client.post(url, data)
    p = Programme.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("programmes:detail", args=[p.pk])
    assert list(p.teachers.all()) == [teacher] and p.is_published
    bad = data | {
        "area": world.other_community.pk,
        "capacity": "x",
        "start_date": "2026-13-40",
        "title": "长" * 101,
        "max_age": "-1",
        "teachers": ["abc"],
    }
    response = client.post(url, bad)
    assert response.status_code == 200 and Programme.objects.count() == 1
    found = soup(response).select(".error")
    errors = {e.find_parent("div").select_one("label").get("for"): e.get_text() for e in found}
    assert set(errors) >= {"id_area", "id_capacity", "id_start_date", "id_title", "id_max_age"}
    assert "Choose from the list." in errors["id_area"]
    response = client.post(url, data | {"end_date": "2026-07-01", "max_age": "3"})
    text = soup(response).get_text()
    assert "The last day cannot be before the first day." in text
    assert "The oldest age cannot be below the youngest age." in text


def test_out_of_scope_and_bad_ids_are_404(client, world, secretary):
    client.force_login(secretary)
    other = programme(world.other_community, "乙社区四点半")
    s = session(other, START)
    e = services.enrolment_create(actor=staff(), programme=other, **child_args())
    for url in [
        reverse("programmes:detail", args=[other.pk]),
        reverse("programmes:edit", args=[other.pk]),
        reverse("programmes:enrol", args=[other.pk]),
        reverse("programmes:attendance", args=[s.pk]),
        reverse("programmes:detail", args=[999999]),
        "/programmes/99999999999999999999999/",
    ]:
        assert client.get(url).status_code == 404, url
    assert client.post(reverse("programmes:enrolment_cancel", args=[e.pk])).status_code == 404
    assert client.post(reverse("programmes:session_held", args=[s.pk])).status_code == 404
    e.refresh_from_db()
    assert e.status == EnrolmentStatus.ENROLLED


def test_desk_enrolment_then_the_waiting_list_then_cancel(client, world, secretary):
    client.force_login(secretary)
    p = programme(world.community, capacity=1)
    url = reverse("programmes:enrol", args=[p.pk])
    form = soup(client.get(url))
    assert form.select_one("#id_consent") is None and form.select_one("#id_guardian_name").has_attr("required")
    client.post(url, CHILD | {"consent": ""}, follow=True)
    response = client.post(url, CHILD | {"name": "王小刚", "phone": ""}, follow=True)
    waiting = Enrolment.objects.get(name="王小刚")
    assert waiting.status == EnrolmentStatus.WAITING and waiting.phone_masked == ""
    assert waiting.code in soup(response).select_one(".flash").get_text()
    first = Enrolment.objects.get(name="李小红")
    client.post(reverse("programmes:enrolment_cancel", args=[first.pk]))
    waiting.refresh_from_db()
    assert waiting.status == EnrolmentStatus.ENROLLED


def test_reveal_shows_the_number_once_and_audits_it(client, world, secretary, grid_worker):
    p = programme(world.community)
    e = services.enrolment_create(actor=staff(), programme=p, **child_args())
    client.force_login(secretary)
    response = client.post(reverse("programmes:enrolment_reveal", args=[e.pk]))
    assert soup(response).select_one("#revealed-phone").get_text() == "13812345678"
    assert response["Cache-Control"] == "no-store"
    assert AuditEvent.objects.filter(action="reveal", object_id=str(e.pk), actor=secretary).count() == 1
    assert client.get(reverse("programmes:enrolment_reveal", args=[e.pk])).status_code == 405


def test_repeat_sessions_attendance_and_hours_through_the_pages(client, world, secretary):
    client.force_login(secretary)
    teacher = volunteer(world.community, "王老师")
    p = programme(world.community, teachers=[teacher])
    fill(p, 2)
    response = client.post(
        reverse("programmes:sessions_repeat", args=[p.pk]),
        {
            "first": "2026-03-02",
            "last": "2026-03-08",
            "weekdays": ["0", "2", "4"],
            "starts_at": "16:30",
            "ends_at": "18:00",
        },  # noqa: E501
    )
    assert response.status_code == 302
    assert list(Session.objects.values_list("date", flat=True)) == [D(2026, 3, 2), D(2026, 3, 4), D(2026, 3, 6)]
    s = Session.objects.first()
    sheet = soup(client.get(reverse("programmes:attendance", args=[s.pk])))
    boxes = sheet.select("#tick-list input[type=checkbox]")
    assert len(boxes) == 2
    client.post(reverse("programmes:attendance", args=[s.pk]), {"present": [boxes[0]["value"], "junk", "-1"]})
    assert s.attendances.filter(present=True).count() == 1
    with time_machine.travel(datetime.datetime(2026, 3, 2, 18, 5, tzinfo=SHANGHAI), tick=False):
        client.force_login(secretary)  # the session of 20 February has expired by now
        client.post(reverse("programmes:session_held", args=[s.pk]))
        page = soup(client.get(reverse("programmes:detail", args=[p.pk])))
    hours = ServiceHours.objects.get()
    assert (hours.volunteer, str(hours.hours), hours.people_served) == (teacher, "1.50", 1)
    assert page.select_one("#sessions tbody tr .status-enrolled")
    assert not page.select("form[action$='/held/']")


def test_session_forms_refuse_bad_input(client, world, secretary, english):
    client.force_login(secretary)
    p = programme(world.community)
    stranger = volunteer(world.other_community, "乙老师")
    url = reverse("programmes:session_add", args=[p.pk])
    page = soup(client.post(url, {"date": "2026-02-30", "starts_at": "25:00", "ends_at": "x", "teacher": "abc"}))
    text = page.get_text()
    assert "Enter a date as year-month-day, e.g. 2026-03-08." in text
    assert "Enter a time as hours:minutes, e.g. 16:30." in text and "Choose from the list." in text
    page = soup(
        client.post(url, {"date": "2026-03-02", "starts_at": "16:30", "ends_at": "18:00", "teacher": stranger.pk})
    )
    assert "Choose from the list." in page.select_one("#id_teacher").find_parent("div").get_text()
    text = soup(client.post(url, {"date": "2026-07-01", "starts_at": "18:00", "ends_at": "16:30"})).get_text()
    assert "Choose a day from 2026-03-02 to 2026-06-30, when the programme runs." in text
    assert "A session ends after it starts." in text
    repeat = reverse("programmes:sessions_repeat", args=[p.pk])
    text = soup(
        client.post(repeat, {"first": "2026-03-02", "last": "2026-03-01", "starts_at": "16:30", "ends_at": "18:00"})
    ).get_text()
    assert "Choose at least one day of the week." in text
    data = {
        "first": "2026-03-02",
        "last": "2026-03-01",
        "weekdays": ["0", "9"],
        "starts_at": "16:30",
        "ends_at": "18:00",
    }
    assert "Choose from the list." in soup(client.post(repeat, data)).get_text()
    data["weekdays"] = ["0"]
    assert "The last day cannot be before the first day." in soup(client.post(repeat, data)).get_text()
    assert not Session.objects.exists()


def test_a_street_officer_reads_but_does_not_change(client, world, street_officer):
    client.force_login(street_officer)
    p = programme(world.community)
    page = soup(client.get(reverse("programmes:detail", args=[p.pk])))
    assert not page.select("form[action*='cancel']") and not page.select("a[href$='/edit/']")
    assert client.get(reverse("programmes:edit", args=[p.pk])).status_code == 403


# Public pages


def test_public_list_shows_published_programmes_with_seats_left(client, world, django_assert_num_queries):
    a = programme(world.community, capacity=3)
    fill(a, 1)
    programme(world.community, "未发布的课", is_published=False)
    programme(world.community, "结束的课", start_date=D(2025, 3, 1), end_date=D(2025, 6, 30))
    full = programme(world.other_community, "乙社区讲座", capacity=1)
    fill(full, 2, start=10)
    url = reverse("programmes:public_list")
    client.get(url)
    with django_assert_num_queries(3) as small:
        page = soup(client.get(url))
    cards = page.select("#public-programmes li")
    assert [c.h2.get_text(strip=True) for c in cards] == ["乙社区讲座", "四点半学校"]
    assert "2" in cards[1].select_one(".seats").get_text() and cards[0].select_one(".status-waiting")
    for i in range(6):
        programme(world.community, f"兴趣班{i}")
    with django_assert_num_queries(len(small.captured_queries)):
        assert len(soup(client.get(url)).select("#public-programmes li")) == 8
    page = soup(client.get(url, {"community": world.other_community.pk}))
    assert [c.h2.get_text(strip=True) for c in page.select("#public-programmes li")] == ["乙社区讲座"]
    assert client.get(url, {"community": "x' or 1=1"}).status_code == 200


def test_public_enrolment_result_and_lookup(client, world, english):
    p = programme(world.community, capacity=1)
    detail = soup(client.get(reverse("programmes:public_detail", args=[p.pk])))
    assert detail.select_one("#enrol-link")
    url = reverse("programmes:public_enrol", args=[p.pk])
    response = client.post(url, CHILD)
    e = Enrolment.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("programmes:public_enrolment", args=[e.code])
    assert e.source == "public" and e.phone_masked == "139****1111" and e.ip_address == "127.0.0.1"
    page = soup(client.get(response["Location"]))
    text = page.get_text()
    assert page.select_one("#lookup-code").get_text() == e.code
    assert "Enrolled" in page.select_one("#enrolment-result .result-state").get_text()
    assert "李小红" not in text and "李*红" in text and "13900001111" not in text and "139****1111" in text
    # The next child finds the class full and waits.
    other = client.__class__()
    response = other.post(url, CHILD | {"name": "王小刚", "phone": "13700002222"}, follow=True)
    assert "On the waiting list, position 1" in soup(response).select_one(".result-state").get_text()
    # Someone else with only the code sees nothing; with the phone too, they do.
    stranger = client.__class__()
    result_url = reverse("programmes:public_enrolment", args=[e.code])
    assert stranger.get(result_url).status_code == 404
    lookup = reverse("programmes:public_lookup")
    bad = stranger.post(lookup, {"phone": "13900001112", "code": e.code})
    assert "No enrolment matches this phone number and lookup code." in soup(bad).get_text()
    good = stranger.post(lookup, {"phone": "13900001111", "code": e.code.lower()})
    assert good.status_code == 302 and stranger.get(result_url).status_code == 200
    # Cancelling gives the seat to the one waiting.
    stranger.post(reverse("programmes:public_cancel", args=[e.code]))
    assert list(Enrolment.objects.order_by("pk").values_list("status", flat=True)) == ["cancelled", "enrolled"]
    assert not soup(stranger.get(result_url)).select("form[action$='/cancel/']")


def test_public_enrolment_refuses_bad_input_with_clear_messages(client, world, english):
    p = programme(world.community)
    url = reverse("programmes:public_enrol", args=[p.pk])
    page = soup(client.post(url, {"name": "", "birth_date": "2018-02-30", "phone": "12345", "guardian_name": ""}))
    text = page.get_text()
    for message in [
        "Enter the participant's name.",
        "Enter a date as year-month-day, e.g. 2026-03-08.",
        "Enter a valid mainland China phone number, e.g. 13812345678.",
        "Enter the name of the child's guardian.",
        "Tick the box to agree, or enrol at the community office.",
    ]:
        assert message in text, message
    young = soup(client.post(url, CHILD | {"birth_date": "2023-01-01"})).get_text()
    assert "This programme is for ages 6 and up; on 2026-03-02 the participant will be 3." in young
    client.post(url, CHILD)
    again = soup(client.post(url, CHILD | {"phone": "13900001111"})).get_text()
    assert "李小红 is already enrolled in this programme (or waiting for a seat)." in again
    assert client.post(url, CHILD | {"name": "x" * 500, "phone": "13900001112"}).status_code == 200
    assert Enrolment.objects.count() == 1


def test_public_enrolment_is_limited_per_address(client, world, settings):
    p = programme(world.community, capacity=50)
    url = reverse("programmes:public_enrol", args=[p.pk])
    settings.PUBLIC_ENROLMENTS_PER_HOUR = 3
    for i in range(3):
        assert client.post(url, CHILD | {"name": f"孩子{i}"}).status_code == 302
    assert client.post(url, CHILD | {"name": "再来一个"}).status_code == 429
    assert Enrolment.objects.count() == 3


def test_lookup_failures_are_limited(client, world, english, settings):
    settings.PUBLIC_TRACK_FAILURES_PER_HOUR = 3
    e = services.enrolment_create(actor=staff(), programme=programme(world.community), **child_args())
    lookup = reverse("programmes:public_lookup")
    for _ in range(3):
        client.post(lookup, {"phone": "13812345678", "code": "WRONG"})
    response = client.post(lookup, {"phone": "13812345678", "code": e.code})
    assert "Too many tries" in soup(response).get_text()


def test_mask_name():
    assert [mask_name(n) for n in ["张", "李四", "张小明", "欧阳小明", ""]] == ["张", "李*", "张*明", "欧**明", ""]
