"""The meeting pages: recording with attendance, scoping, a member's own meetings, hostile input."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.html import soup
from tongxin.partylife.meetings.models import Attendance, Meeting, MeetingFile
from tongxin.partylife.meetings.tests.support import at, make_meeting, member, png_upload

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _now(time_machine):
    time_machine.move_to(at(2026, 5, 15, 10), tick=False)


def form_data(**extra):
    data = {"kind": "general", "starts_at": "2026-05-08T14:30", "place": "党群服务中心", "host": "王书记"}
    data.update(extra)
    return data


def test_the_form_offers_one_set_of_radios_per_member(client, world, org_secretary):
    member(world.branch1, "孙二")
    client.force_login(org_secretary)
    page = soup(client.get(reverse("meetings:create") + f"?org={world.branch1.pk}&kind=lecture"))
    radios = page.select(".roster input[type=radio]")
    assert len(radios) == 2 * 4
    assert page.select_one("select[name=kind] option[selected]")["value"] == "lecture"


def test_secretary_records_a_general_meeting_with_attendance_and_a_photo(client, world, org_secretary):
    absent = member(world.branch1, "孙二")
    excused = member(world.branch1, "孙三")
    client.force_login(org_secretary)
    data = form_data(
        takes_vote="on",
        minutes="讨论发展对象",
        **{
            f"att-{world.member1.pk}": "present",
            f"att-{absent.pk}": "absent",
            f"att-{excused.pk}": "excused",
            f"reason-{excused.pk}": "住院",
            "files": png_upload(),
        },
    )
    response = client.post(reverse("meetings:create") + f"?org={world.branch1.pk}", data)
    assert response.status_code == 302, soup(response).select(".error, .form-errors")
    meeting = Meeting.objects.get()
    assert meeting.org == world.branch1 and meeting.takes_vote
    assert dict(meeting.attendances.values_list("member_name", "status")) == {
        "赵党员": "present",
        "孙二": "absent",
        "孙三": "excused",
    }
    assert meeting.files.get().content_type == "image/png"
    page = soup(client.get(response["Location"]))
    quorum = page.select_one(".quorum")
    assert "not-met" in quorum["class"]  # 1 of 3 present
    assert "有表决权的党员 3 人，到会 1 人" in quorum.get_text()
    photo = page.select_one(".file-list img")
    assert client.get(photo["src"]).status_code == 200


def test_a_refused_meeting_keeps_what_was_typed_and_saves_nothing(client, world, org_secretary):
    client.force_login(org_secretary)
    data = form_data(starts_at="2026-06-30T09:00", minutes="提前写好", **{f"att-{world.member1.pk}": "present"})
    response = client.post(reverse("meetings:create") + f"?org={world.branch1.pk}", data)
    assert response.status_code == 200
    page = soup(response)
    assert page.select(".error, .form-errors")
    assert page.select_one(f"input[name=att-{world.member1.pk}][value=present]").has_attr("checked")
    assert not Meeting.objects.exists()


@pytest.mark.parametrize(
    "extra",
    [
        {"starts_at": "0001-01-01T00:00"},
        {"starts_at": "9999-12-31T23:59"},
        {"starts_at": "2026-02-30T10:00"},
        {"starts_at": "今天"},
        {"kind": "party"},
        {"place": "x" * 5000},
        {"minutes": "a\x00b"},
        {"att-1": "present", "att-abc": "present", "att-99999999999999999999": "present"},
        {"takes_vote": "on", "kind": "lecture"},
    ],
)
def test_hostile_input_is_never_a_500_and_saves_nothing(client, world, org_secretary, extra):
    client.force_login(org_secretary)
    data = form_data(**extra)
    data[f"att-{world.member1.pk}"] = "definitely"
    response = client.post(reverse("meetings:create") + f"?org={world.branch1.pk}", data)
    assert response.status_code in (200, 302)
    assert not Attendance.objects.exists()


def test_a_file_that_is_not_a_photo_is_refused(client, world, org_secretary):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(org_secretary)
    fake = SimpleUploadedFile("photo.jpg", b"<script>alert(1)</script>", content_type="image/jpeg")
    response = client.post(reverse("meetings:create") + f"?org={world.branch1.pk}", form_data(files=fake))
    assert response.status_code == 200
    assert "既不是照片" in soup(response).get_text()
    assert not Meeting.objects.exists() and not MeetingFile.objects.exists()


def test_another_communitys_branch_is_not_found(client, world, secretary):
    from tongxin.platform.core.tree_ops import node_insert
    from tongxin.registry.party.models import Organization, OrgKind

    elsewhere = node_insert(Organization(kind=OrgKind.BRANCH, name="乙社区党支部", area=world.other_community))
    meeting = make_meeting(elsewhere)
    client.force_login(secretary)
    assert client.get(reverse("meetings:create") + f"?org={elsewhere.pk}").status_code == 404
    assert client.get(reverse("meetings:detail", args=[meeting.pk])).status_code == 404
    assert client.get(reverse("meetings:edit", args=[meeting.pk])).status_code == 404
    assert client.get(reverse("meetings:compliance") + f"?node={elsewhere.pk}").status_code == 404
    assert client.get(reverse("meetings:list") + f"?node={elsewhere.pk}").status_code == 404
    listed = soup(client.get(reverse("meetings:list")))
    assert not listed.select(f'a[href="{reverse("meetings:detail", args=[meeting.pk])}"]')


def test_the_list_filters_by_kind_and_year(client, world, secretary):
    make_meeting(world.branch1, kind="lecture", starts_at=at(2026, 2, 1))
    make_meeting(world.branch2, kind="general", starts_at=at(2025, 2, 1))
    client.force_login(secretary)
    rows = soup(client.get(reverse("meetings:list") + "?kind=lecture")).select("tbody tr")
    assert len(rows) == 1
    rows = soup(client.get(reverse("meetings:list") + "?year=2025")).select("tbody tr")
    assert len(rows) == 1
    rows = soup(client.get(reverse("meetings:list") + "?year=abc&kind=zzz")).select("tbody tr")
    assert len(rows) == 2


def test_a_member_sees_their_meetings_and_writes_a_note(client, world, party_member):
    mine = make_meeting(world.branch1, statuses={world.member1: "excused"})
    other = make_meeting(world.branch2)
    client.force_login(party_member)
    page = soup(client.get(reverse("meetings:mine")))
    links = [a["href"] for a in page.select(".card-list a")]
    assert links == [reverse("meetings:detail", args=[mine.pk])]
    detail = soup(client.get(links[0]))
    assert not detail.select(".responsive-table")  # the roster is for those who run the branch
    assert client.get(reverse("meetings:detail", args=[other.pk])).status_code == 404
    response = client.post(reverse("meetings:note", args=[mine.pk]), {"note": "学习了新党章"})
    assert response.status_code == 302
    row = Attendance.objects.get(meeting=mine)
    assert row.study_note == "学习了新党章" and row.read_at
    assert client.post(reverse("meetings:note", args=[other.pk]), {"note": "x"}).status_code == 404
    # An overlong note is refused with a message, not a 500.
    client.post(reverse("meetings:note", args=[mine.pk]), {"note": "长" * 5000})
    row.refresh_from_db()
    assert row.study_note == "学习了新党章"


def test_the_compliance_page_links_figures_to_meetings(client, world, street_officer):
    make_meeting(world.branch1, kind="theme_day", starts_at=at(2026, 1, 9))
    client.force_login(street_officer)
    page = soup(client.get(reverse("meetings:compliance") + "?year=2026"))
    done = page.select("td.cell-done a")
    assert len(done) == 1 and "kind=theme_day" in done[0]["href"]
    assert page.select("td.cell-missed")
    behind = [a.get_text() for a in page.select(".behind-list a")]
    assert set(behind) == {"第一网格党支部", "第二网格党支部", "示范医院党支部"}
    # A bad year falls back to this year with the form saying what is wrong.
    page = soup(client.get(reverse("meetings:compliance") + "?year=12345"))
    assert page.select(".filters .error")


def test_admin_edits_the_requirements(client, world, admin_user):
    from tongxin.partylife.meetings.models import MeetingRequirement

    client.force_login(admin_user)
    page = soup(client.get(reverse("meetings:requirements")))
    data = {el["name"]: el.get("value", "") for el in page.select("form input[name]")}
    for select in page.select("form select"):
        chosen = select.select_one("option[selected]")
        data[select["name"]] = chosen["value"] if chosen else select.select_one("option")["value"]
    data["branch__theme_day"] = "none"
    data["general_branch__general"] = "quarter"
    assert client.post(reverse("meetings:requirements"), data).status_code == 302
    assert MeetingRequirement.objects.get(org_kind="branch", meeting_kind="theme_day").period == "none"
    assert MeetingRequirement.objects.get(org_kind="general_branch", meeting_kind="general").period == "quarter"
    data["branch__general__min"] = "-3"
    assert client.post(reverse("meetings:requirements"), data).status_code == 200
