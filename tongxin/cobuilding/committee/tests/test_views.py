"""The committee's pages: fixed query counts at two sizes, the behind-schedule filter in the
database with hand-picked dates, the members page and its export, the seat's phone reveal, the
minutes in Word and PDF, the portal part and the workbench items."""

from __future__ import annotations

import datetime
import io
from pathlib import Path
from typing import Any, cast

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.html import soup
from tongxin.cobuilding.committee import queries, services
from tongxin.cobuilding.committee.models import JointCommittee, JointMeeting
from tongxin.cobuilding.committee.tests.support import committee, held, meeting, staff
from tongxin.platform.core.models import AuditEvent
from tongxin.platform.core.tree_ops import node_insert
from tongxin.platform.web.workbench import Today, workbench_for
from tongxin.registry.party.models import Organization, OrgKind, PartyMember

pytestmark = pytest.mark.django_db
ARTIFACTS = Path("test-artifacts")
D = datetime.date


def soup_text(html: str) -> str:
    from bs4 import BeautifulSoup

    return BeautifulSoup(html, "html.parser").get_text()


def _count(client: Any, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def _branch_with_members(world: Any, c: JointCommittee, n: int, name: str) -> None:
    org = cast(Organization, node_insert(Organization(parent=world.joint, kind=OrgKind.BRANCH, name=name)))
    for i in range(n):
        m = PartyMember(org=org, name=f"{name[:1]}成员{i}")
        m.set_name(m.name)
        m.save()
    services.branch_add(actor=staff(), committee=c, org=org, joined_on=D(2026, 1, 1))


def test_list_pages_cost_the_same_queries_for_2_and_12_rows(client: Any, world: Any, secretary: Any) -> None:
    client.force_login(secretary)
    c = committee(world.community, seats=2)
    _branch_with_members(world, c, 2, "一单位党支部")
    meeting(c)
    meeting(c, days=40)
    urls = [
        reverse("committee:committees"),
        reverse("committee:committee", args=[c.pk]),
        reverse("committee:members", args=[c.pk]),
        reverse("committee:meetings"),
        reverse("committee:behind"),
    ]
    small = [_count(client, u) for u in urls]
    for n in range(10):
        extra = committee(world.community, seats=1, name=f"第{n}委员会")
        meeting(extra, days=-200 - n)
        services.seat_add(
            actor=staff(), committee=c, name=f"加{n}", post="member", full_time=False, phone="13900000000",
            unit=world.unit, starts_on=D(2024, 1, 1), ends_on=D(2029, 1, 1),
        )  # fmt: skip
        meeting(c, days=50 + n)
    _branch_with_members(world, c, 10, "二单位党支部")
    big = [_count(client, u) for u in urls]
    assert small == big, list(zip(urls, small, big, strict=True))


def test_behind_in_the_database_matches_the_rule(world: Any) -> None:
    tz = timezone.get_current_timezone()
    on_time = committee(world.community, seats=0, name="准时")
    late = committee(world.community, seats=0, name="落后")
    never = committee(world.community, seats=0, name="从未开会")
    young = committee(world.community, seats=0, name="新成立", term_starts_on=D(2026, 5, 15))
    half = committee(world.community, seats=0, name="半年", meeting_frequency="half_yearly")
    for c, when in ((on_time, datetime.datetime(2026, 4, 1, 9, tzinfo=tz)),
                    (late, datetime.datetime(2026, 3, 31, 9, tzinfo=tz)),
                    (half, datetime.datetime(2026, 2, 1, 9, tzinfo=tz))):  # fmt: skip
        m = meeting(c)
        JointMeeting.objects.filter(pk=m.pk).update(starts_at=when, status=JointMeeting.Status.HELD)
    # A planned meeting does not count.
    m = meeting(never)
    JointMeeting.objects.filter(pk=m.pk).update(starts_at=datetime.datetime(2026, 5, 1, 9, tzinfo=tz))
    names = set(JointCommittee.objects.filter(queries.behind_q(D(2026, 7, 2))).values_list("name", flat=True))
    assert names == {"落后", "从未开会"}
    assert young.pk and half.pk


def test_the_committee_page_shows_counts_seats_and_the_masked_phone(client: Any, world: Any, secretary: Any) -> None:
    client.force_login(secretary)
    c = committee(world.community, seats=2, unit=world.unit)
    _branch_with_members(world, c, 3, "三单位党支部")
    page = soup(client.get(reverse("committee:committee", args=[c.pk])))
    assert page.select_one("#members-total strong").get_text() == "3"
    seats = page.select_one("#seats").get_text()
    assert "138****5678" in seats and "13812345678" not in seats and "示范医院" in seats and "院长" in seats
    seat = c.seats.order_by("id").first()
    response = client.post(reverse("committee:seat_reveal", args=[seat.pk]), {"field": "phone"})
    assert "13812345678" in response.content.decode()
    assert AuditEvent.objects.filter(action="reveal", object_id=str(seat.pk)).exists()


def test_members_page_searches_by_pinyin_and_exports_masked(client: Any, world: Any, street_officer: Any) -> None:
    client.force_login(street_officer)
    c = committee(world.community, seats=0)
    org = cast(Organization, node_insert(Organization(parent=world.joint, kind=OrgKind.BRANCH, name="四单位党支部")))
    for name, phone in (("张小明", "13811112222"), ("李大为", "")):
        m = PartyMember(org=org, name=name)
        m.set_name(name)
        from tongxin.platform.access.protect import apply_identity

        apply_identity(m, phone=phone)
        m.save()
    services.branch_add(actor=staff(), committee=c, org=org, joined_on=D(2026, 1, 1))
    page = soup(client.get(reverse("committee:members", args=[c.pk]) + "?q=zxm"))
    rows = page.select("#members tbody tr")
    assert len(rows) == 1 and "张小明" in rows[0].get_text() and "138****2222" in rows[0].get_text()
    response = client.get(reverse("committee:members_export", args=[c.pk]))
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [[cell.value for cell in row] for row in sheet.iter_rows(min_row=2)]
    assert sorted(str(v[0]) for v in values) == ["张小明", "李大为"]
    assert "13811112222" not in str(values) and "138****2222" in str(values)
    assert AuditEvent.objects.filter(action="export", object_id=str(c.pk), changes__members=2).exists()


def test_minutes_in_word_and_pdf_state_names_and_decisions(client: Any, world: Any, secretary: Any) -> None:
    client.force_login(secretary)
    c = committee(world.community, seats=2, unit=world.unit)
    m = held(c, decision="示范医院每月第一个周六义诊")
    response = client.get(reverse("committee:minutes_docx", args=[m.pk]))
    assert response.status_code == 200
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "joint-meeting-minutes.docx").write_bytes(response.content)
    from docx import Document

    doc = Document(io.BytesIO(response.content))
    text = "\n".join(p.text for p in doc.paragraphs) + "\n".join(
        cell.text for t in doc.tables for row in t.rows for cell in row.cells
    )
    assert "联席会" in text or m.title in text
    for expected in ("委员1", "委员2", "嘉宾甲", "示范医院每月第一个周六义诊", "老年人义诊", "社区会议室", "记录员"):
        assert expected in text, expected
    assert "{{" not in text and "{%" not in text
    pdf = client.get(reverse("committee:minutes_pdf", args=[m.pk]))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    (ARTIFACTS / "joint-meeting-minutes.pdf").write_bytes(pdf.content)
    assert pdf.content.startswith(b"%PDF") and len(pdf.content) > 20_000
    # The PDF's text (CJK glyphs are subset-encoded in the file): the page WeasyPrint lays out.
    from django.template.loader import render_to_string

    from tongxin.cobuilding.committee.minutes import minutes_context
    from tongxin.platform.web.minutes import PDF_TEMPLATE

    context = minutes_context(m, list(m.agenda.all()), list(m.attendance.order_by("seat_id", "id")))
    html = soup_text(render_to_string(PDF_TEMPLATE, {"with_votes": True, **context}))
    for expected in ("委员1", "示范医院每月第一个周六义诊", "嘉宾甲", "委员2"):
        assert expected in html, expected
    # Joint meetings do not vote: no votes section.
    assert context["l"]["votes"] not in html
    assert AuditEvent.objects.filter(action="export", object_id=str(m.pk), changes__minutes="pdf").exists()
    # A planned meeting has no minutes yet.
    assert client.get(reverse("committee:minutes_pdf", args=[meeting(c).pk])).status_code == 404


def test_the_portal_offers_the_next_meeting_and_a_late_proposal_is_refused(
    client: Any, world: Any, unit_contact: Any
) -> None:
    c = committee(world.community, seats=1)
    soon = meeting(c, days=5, title="很快的联席会")
    later = meeting(c, days=40, title="下季度联席会")
    client.force_login(unit_contact)
    page = soup(client.get(reverse("portal:portal")))
    part = page.select_one('[data-part="committee.next_meeting"]')
    assert part is not None and "很快的联席会" in part.get_text()
    assert part.select_one(f'a[href="{reverse("committee:propose", args=[later.pk])}"]') is not None
    assert part.select_one(f'a[href="{reverse("committee:propose", args=[soon.pk])}"]') is None
    response = client.post(reverse("committee:propose", args=[soon.pk]), {"title": "太迟", "unit": world.unit.pk})
    assert response.status_code == 200 and "15" in soup(response).select_one(".form-errors").get_text()
    assert not soon.agenda.exists()
    response = client.post(reverse("committee:propose", args=[later.pk]), {"title": "停车", "unit": world.unit.pk})
    assert response.status_code == 302 and later.agenda.get().proposer_unit == world.unit
    # The contact does not read the committee's staff pages.
    assert client.get(reverse("committee:meeting", args=[later.pk])).status_code == 403


def test_workbench_items_for_staff_and_the_subdistrict(world: Any, secretary: Any, street_officer: Any) -> None:
    today = timezone.localdate()
    c = committee(
        world.community, seats=1, term_starts_on=D(2020, 1, 1), term_ends_on=today + datetime.timedelta(days=30)
    )
    services.seat_update(actor=staff(), seat=c.seats.get(), ends_on=today - datetime.timedelta(days=1))
    when = Today(now=timezone.now(), today=today)
    items = {i.key: i for i in workbench_for(secretary, when).items}
    assert items["committee.terms"].count == 2 and items["committee.terms"].urgency == "overdue"
    assert items["committee.behind"].count == 1
    street = {i.key: i for i in workbench_for(street_officer, when).items}
    assert "committee.terms" not in street and street["committee.behind"].count == 1
    # The item's count is the list's rows.
    assert held(c).status == "held"
    items = {i.key: i for i in workbench_for(secretary, when).items}
    assert items["committee.behind"].count == 0
