"""The development pages: pipeline, applicant form, steps, documents, scoping, hostile input, query counts."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.html import soup
from tongxin.partylife.development.models import Candidate, CandidateFile, Stage
from tongxin.partylife.development.tests.support import (
    D,
    applicant,
    docx_upload,
    full_members,
    meeting,
    pdf_upload,
    to_stage,
)
from tongxin.partylife.meetings.tests.support import png_upload
from tongxin.platform.calendar import SHANGHAI
from tongxin.registry.party.models import PartyMember

pytestmark = pytest.mark.django_db
NOW = datetime.datetime(2026, 12, 1, 10, 0, tzinfo=SHANGHAI)


@pytest.fixture(autouse=True)
def _now():
    with time_machine.travel(NOW, tick=False):
        yield


def errors(response) -> str:
    return " ".join(e.get_text(" ", strip=True) for e in soup(response).select(".error, .form-errors"))


def error_fields(response) -> set[str]:
    """The names of the inputs shown with an error (the page's language does not matter)."""
    found = set()
    for field in soup(response).select(".field.has-error"):
        found |= {el["name"].split("-")[-1] for el in field.select("[name]")}
    return found


def new_data(**extra):
    data = {
        "name": "周新人",
        "gender": "F",
        "birth_date": "1998-07-01",
        "applied_on": "2026-11-02",
        "talked_on": "",
        "id_number": "",
        "phone": "",
        "note": "",
    }
    data.update(extra)
    return data


# --- Pipeline --------------------------------------------------------------------------------------


def test_pipeline_counts_rows_and_next_step(client, world, secretary, admin_user):
    people = full_members(world.branch1)
    to_stage(admin_user, world.branch1, "activist", name="甲积极", people=people)
    to_stage(admin_user, world.branch1, "probationary", name="乙预备", people=people)
    to_stage(admin_user, world.branch2, "applicant", name="丙申请")
    client.force_login(secretary)
    response = client.get(reverse("development:pipeline"))
    assert response.status_code == 200
    page = soup(response)
    cards = {c["href"].split("stage=")[-1]: c.select_one(".value").get_text() for c in page.select("a.card")}
    assert cards == {"applicant": "1", "activist": "1", "target": "0", "probationary": "1", "full": "0", "dropped": "0"}
    rows = {
        tr.find("a").get_text(): tr.get_text(" ", strip=True)
        for tr in page.select("table tbody tr")
        if tr.find("a", href=lambda h: h and "/development/" in h)
    }
    assert "2025-03-01" in rows["甲积极"]  # a development target from a year after 2024-03-01
    assert "2026-04-01" in rows["乙预备"]  # probation ended: confirmation due
    assert "第二网格党支部" in page.get_text()


def test_pipeline_filter_node_and_stage(client, world, secretary, admin_user):
    to_stage(admin_user, world.branch1, "activist", name="甲积极")
    to_stage(admin_user, world.branch2, "applicant", name="丙申请")
    client.force_login(secretary)
    response = client.get(reverse("development:pipeline") + f"?node={world.branch2.pk}")
    names = [a.get_text() for a in soup(response).select("table.responsive-table:not(.figures-table) tbody a")]
    assert names == ["丙申请"]
    response = client.get(reverse("development:pipeline") + "?stage=activist&q=jia")
    names = [a.get_text() for a in soup(response).select("table.responsive-table:not(.figures-table) tbody a")]
    assert names == ["甲积极"]
    # Hostile parameters are ignored or 404, never a 500.
    assert client.get(reverse("development:pipeline") + "?stage=boss&q=%00&page=x").status_code == 200
    assert client.get(reverse("development:pipeline") + "?node=999999").status_code == 404


def test_org_secretary_sees_own_branch_only(client, world, org_secretary, admin_user):
    mine = to_stage(admin_user, world.branch1, "applicant", name="甲申请")
    other = to_stage(admin_user, world.branch2, "applicant", name="丙申请")
    client.force_login(org_secretary)
    text = soup(client.get(reverse("development:pipeline"))).get_text()
    assert "甲申请" in text and "丙申请" not in text
    assert client.get(reverse("development:detail", args=[mine.pk])).status_code == 200
    assert client.get(reverse("development:detail", args=[other.pk])).status_code == 404
    assert client.get(reverse("development:edit", args=[other.pk])).status_code == 404
    response = client.post(
        reverse("development:step", args=[other.pk, "drop"]), {"drop-dropped_on": "2026-01-20", "drop-drop_reason": "x"}
    )
    assert response.status_code == 404
    assert Candidate.objects.get(pk=other.pk).stage == Stage.APPLICANT


def test_grid_worker_reads_but_may_not_write(client, world, grid_worker, admin_user):
    c = to_stage(admin_user, world.branch1, "applicant")
    client.force_login(grid_worker)
    response = client.get(reverse("development:detail", args=[c.pk]))
    assert response.status_code == 200
    assert not soup(response).select("form[action*='/steps/']")
    assert client.post(reverse("development:step", args=[c.pk, "drop"]), {}).status_code == 403
    assert client.get(reverse("development:create")).status_code == 403


# --- New applicant ---------------------------------------------------------------------------------


def test_create_with_application_letter(client, world, org_secretary):
    client.force_login(org_secretary)
    chooser = client.get(reverse("development:create"))
    assert [o["value"] for o in soup(chooser).select("select[name=org] option")] == [str(world.branch1.pk)]
    url = reverse("development:create") + f"?org={world.branch1.pk}"
    response = client.post(url, {**new_data(), "files": [pdf_upload(), docx_upload()]})
    assert response.status_code == 302, errors(response)
    c = Candidate.objects.get(name="周新人")
    assert (c.org_id, c.stage, c.applied_on) == (world.branch1.pk, Stage.APPLICANT, D(2026, 11, 2))
    assert sorted(c.files.values_list("extension", flat=True)) == ["docx", "pdf"]
    page = client.get(reverse("development:detail", args=[c.pk]))
    assert "2026-12-02" in soup(page).select_one("dl.facts").get_text()  # the talk is due a month after the letter
    f = c.files.get(extension="pdf")
    served = client.get(reverse("development:file", args=[c.pk, f.pk]))
    assert served.status_code == 200
    assert served["X-Content-Type-Options"] == "nosniff"
    assert served["Content-Disposition"].startswith("attachment")
    served.close()


def test_create_other_branch_or_a_committee_refused(client, world, org_secretary, secretary):
    client.force_login(org_secretary)
    assert client.get(reverse("development:create") + f"?org={world.branch2.pk}").status_code == 404
    client.force_login(secretary)
    assert client.get(reverse("development:create") + f"?org={world.committee.pk}").status_code == 404


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"applied_on": "2026-13-45"}, "applied_on"),
        ({"applied_on": "2031-01-01"}, "applied_on"),
        ({"applied_on": "0202-01-01"}, "applied_on"),
        ({"birth_date": "20x8"}, "birth_date"),
        ({"birth_date": ""}, "birth_date"),
        ({"birth_date": "2008-11-03"}, "applied_on"),  # turns 18 the day after the letter
        ({"name": ""}, "name"),
        ({"name": "   "}, "name"),
        ({"id_number": "123"}, "id_number"),
        ({"phone": "12"}, "phone"),
        ({"name": "名" * 80}, "name"),
        ({"gender": "X"}, "gender"),
    ],
)
def test_create_hostile_fields(client, world, org_secretary, data, field):
    client.force_login(org_secretary)
    response = client.post(reverse("development:create") + f"?org={world.branch1.pk}", new_data(**data))
    assert response.status_code == 200
    assert field in error_fields(response)
    assert not Candidate.objects.exists()


def test_create_age_boundary(client, world, org_secretary):
    client.force_login(org_secretary)
    response = client.post(
        reverse("development:create") + f"?org={world.branch1.pk}", new_data(birth_date="2008-11-02")
    )
    assert response.status_code == 302


def test_uploads_refused(client, world, org_secretary, settings):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.DEVELOPMENT_FILE_MAX_MB = 1
    client.force_login(org_secretary)
    url = reverse("development:create") + f"?org={world.branch1.pk}"
    cases = [
        pdf_upload("大.pdf", size=1024 * 1024 + 1),
        SimpleUploadedFile("申请书.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf"),
        SimpleUploadedFile("a.docx", b"PK\x03\x04garbage", content_type="application/octet-stream"),
        SimpleUploadedFile("empty.pdf", b"", content_type="application/pdf"),
        SimpleUploadedFile("x.html", b"<script>alert(1)</script>", content_type="text/html"),
    ]
    for upload in cases:
        response = client.post(url, {**new_data(), "files": [upload]})
        assert response.status_code == 200
        assert "files" in error_fields(response), upload.name
    assert not Candidate.objects.exists()
    assert not CandidateFile.objects.exists()


# --- Steps -----------------------------------------------------------------------------------------


def test_steps_through_the_pages(client, world, org_secretary):
    people = full_members(world.branch1)
    c = applicant(org_secretary, world.branch1, applied_on=D(2024, 1, 10))
    client.force_login(org_secretary)
    step = lambda action, data: client.post(reverse("development:step", args=[c.pk, action]), data)  # noqa: E731
    assert step("talk", {"talk-talked_on": "2024-01-20"}).status_code == 302
    r = step(
        "activist",
        {"activist-activist_on": "2025-03-01", "activist-contact1": people[0].pk, "activist-contact2": people[1].pk},
    )
    assert r.status_code == 302
    r = step("target", {"target-target_on": "2026-02-28"})
    assert r.status_code == 200 and "target_on" in error_fields(r)
    assert "2026" in errors(r)
    assert Candidate.objects.get(pk=c.pk).stage == Stage.ACTIVIST
    assert step("target", {"target-target_on": "2026-03-01"}).status_code == 302
    vote = meeting(world.branch1, D(2026, 3, 20))
    data = {
        "admit-admitted_on": "2026-03-20",
        "admit-introducer1": people[0].pk,
        "admit-introducer2": people[1].pk,
        "admit-admission_meeting": vote.pk,
        "admit-files": [png_upload("志愿书.png")],
    }
    assert step("admit", data).status_code == 302
    c.refresh_from_db()
    assert c.stage == Stage.PROBATIONARY and c.probation_ends_on == D(2027, 3, 20)
    assert PartyMember.objects.get(pk=c.member_id).status == "probationary"
    assert c.files.get().step == "admitted"
    page = soup(client.get(reverse("development:detail", args=[c.pk]))).get_text()
    assert "2027" in page and "介绍人0" in page
    # Confirmation before the year is over is refused on the page.
    early = meeting(world.branch1, D(2026, 11, 30))
    r = step("confirm", {"confirm-confirmed_on": "2026-11-30", "confirm-confirmation_meeting": early.pk})
    assert r.status_code == 200 and "confirmed_on" in error_fields(r)


def test_confirmation_meeting_of_another_branch_not_accepted(client, world, admin_user):
    c = to_stage(admin_user, world.branch1, "probationary")
    other = meeting(world.branch2, D(2026, 4, 2))
    client.force_login(admin_user)
    r = client.post(
        reverse("development:step", args=[c.pk, "confirm"]),
        {"confirm-confirmed_on": "2026-04-02", "confirm-confirmation_meeting": other.pk},
    )
    assert r.status_code == 200 and "confirmation_meeting" in error_fields(r)
    assert Candidate.objects.get(pk=c.pk).stage == Stage.PROBATIONARY


def test_step_out_of_order_and_unknown(client, world, org_secretary):
    c = applicant(org_secretary, world.branch1)
    client.force_login(org_secretary)
    r = client.post(reverse("development:step", args=[c.pk, "confirm"]), {"confirm-confirmed_on": "2026-01-01"})
    assert r.status_code == 302
    assert Candidate.objects.get(pk=c.pk).stage == Stage.APPLICANT
    assert client.post(reverse("development:step", args=[c.pk, "promote"]), {}).status_code == 404
    assert client.get(reverse("development:step", args=[c.pk, "talk"])).status_code == 405


def test_edit_and_documents(client, world, org_secretary):
    c = applicant(org_secretary, world.branch1, talked_on=D(2024, 1, 20))
    client.force_login(org_secretary)
    url = reverse("development:edit", args=[c.pk])
    assert client.get(url).status_code == 200
    r = client.post(url, new_data(name="孙改名", applied_on="2024-01-10", talked_on="2024-01-20"))
    assert r.status_code == 302, errors(r)
    assert Candidate.objects.get(pk=c.pk).name == "孙改名"
    r = client.post(
        reverse("development:files_add", args=[c.pk]),
        {"files-step": "talked", "files-files": [pdf_upload("谈话记录.pdf")]},
    )
    assert r.status_code == 302
    r = client.post(
        reverse("development:files_add", args=[c.pk]), {"files-step": "admitted", "files-files": [pdf_upload()]}
    )
    assert r.status_code == 200 and "step" in error_fields(r)
    item = c.files.get()
    assert client.post(reverse("development:file_delete", args=[c.pk, item.pk])).status_code == 302
    assert not c.files.exists()
    assert client.get(reverse("development:file", args=[c.pk, 999])).status_code == 404


# --- Query counts ------------------------------------------------------------------------------------


def count(client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


def test_pipeline_queries_do_not_grow(client, world, secretary, admin_user):
    people = full_members(world.branch1)
    for i in range(2):
        to_stage(admin_user, world.branch1, "probationary", name=f"甲{i}", people=people)
    client.force_login(secretary)
    url = reverse("development:pipeline")
    small = count(client, url)
    for i in range(12):
        to_stage(
            admin_user,
            world.branch1 if i % 2 else world.branch2,
            ["applicant", "activist", "target"][i % 3],
            name=f"乙{i}",
        )
    assert count(client, url) == small
    detail_small = count(client, reverse("development:detail", args=[Candidate.objects.first().pk]))
    assert detail_small < 30


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"activist-activist_on": "2025-02-30"}, "activist_on"),
        ({"activist-activist_on": "2025-03-01", "activist-contact1": "abc"}, "contact1"),
        ({"activist-activist_on": "2025-03-01", "activist-contact1": "999999"}, "contact1"),
        ({"activist-activist_on": "2025-03-01", "activist-contact1": "other"}, "contact1"),  # another branch's member
        ({"activist-activist_on": "2031-03-01"}, "activist_on"),
    ],
)
def test_step_hostile_input(client, world, org_secretary, data, field):
    people = full_members(world.branch1)
    others = full_members(world.branch2, prefix="外")
    c = applicant(org_secretary, world.branch1)
    values = {"activist-contact1": str(people[0].pk), "activist-contact2": str(people[1].pk), **data}
    if values["activist-contact1"] == "other":
        values["activist-contact1"] = str(others[0].pk)
    client.force_login(org_secretary)
    r = client.post(reverse("development:step", args=[c.pk, "activist"]), values)
    assert r.status_code == 200
    assert field in error_fields(r)
    assert Candidate.objects.get(pk=c.pk).stage == Stage.APPLICANT


def test_extension_form_bounds(client, world, admin_user):
    c = to_stage(admin_user, world.branch1, "probationary")
    client.force_login(admin_user)
    url = reverse("development:step", args=[c.pk, "extend"])
    for months in ("5", "13", "-1", "x"):
        r = client.post(
            url, {"extend-extended_on": "2026-04-01", "extend-extension_months": months, "extend-extension_reason": "x"}
        )
        assert r.status_code == 200 and "extension_months" in error_fields(r)
    r = client.post(
        url,
        {"extend-extended_on": "2026-04-01", "extend-extension_months": "12", "extend-extension_reason": "学习不够"},
    )
    assert r.status_code == 302
    c.refresh_from_db()
    assert c.probation_ends_on == D(2027, 4, 1)
    # Once only: the form is no longer offered and a second post changes nothing.
    page = soup(client.get(reverse("development:detail", args=[c.pk])))
    assert not page.select("form[action$='/steps/extend/']")
    client.post(
        url, {"extend-extended_on": "2026-05-01", "extend-extension_months": "6", "extend-extension_reason": "x"}
    )
    c.refresh_from_db()
    assert (c.extension_months, c.probation_ends_on) == (12, D(2027, 4, 1))
