"""The minutes: generated from the agenda, attendance and votes; edited and saved by the secretary;
exported to Word and PDF like the paper 会议记录, audited, never cached, scoped."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse

from tests.html import soup
from tongxin.council.consultation import services
from tongxin.council.consultation.minutes import minutes_text
from tongxin.council.consultation.tests.support import council, staff
from tongxin.council.consultation.tests.test_views_meetings import accepted_topic, planned
from tongxin.council.consultation.views_meetings.queries import meeting_page
from tongxin.platform.core.models import AuditEvent

pytestmark = pytest.mark.django_db
ARTIFACTS = Path(__file__).resolve().parents[4] / "test-artifacts"


def held(world: Any) -> Any:
    """委员1–5 entitled; 委员5 absent; a vote by name passed 3–1, a show of hands failed 1–3."""
    c = council(world.community, name="甲社区民主协商议事会")
    first = accepted_topic(c, world.building1)
    second = accepted_topic(c, world.community, "楼道堆物清理")
    meeting = planned(c, [first, second], attendance=True)
    meeting.chaired_by, meeting.recorded_by_name = "王主任", "李干事"
    meeting.save(update_fields=["chaired_by", "recorded_by_name"])
    rows = {a.name: a.pk for a in meeting.attendance.all()}
    present = [rows[f"委员{n}"] for n in range(1, 5)]
    services.attendance_mark(meeting=meeting, actor=staff(), present=present, notes={rows["委员4"]: "委托委员3"})
    one, two = meeting.items.order_by("position")
    services.item_discussion(item=one, actor=staff(), discussion="大家同意早市时段划线停车。")
    vote = services.vote_open(item=one, actor=staff(), method="named", question="同意划线停车方案")
    services.ballots_record(
        vote=vote, actor=staff(), choices={present[0]: "yes", present[1]: "yes", present[2]: "yes", present[3]: "no"}
    )
    services.vote_close(vote=vote, actor=staff())
    vote = services.vote_open(item=two, actor=staff(), method="hands", question="同意统一清理")
    services.vote_count(vote=vote, actor=staff(), yes=1, no=3, abstain=0)
    services.vote_close(vote=vote, actor=staff())
    meeting.refresh_from_db()
    return meeting


def test_generated_text_has_attendance_votes_and_decisions(world: Any) -> None:
    meeting = held(world)
    text = minutes_text(meeting_page(meeting))
    assert "三月议事会" in text and "王主任" in text and "李干事" in text
    assert "应到 5 人，实到 4 人，缺席 1 人" in text
    assert "委员4（委托委员3）" in text and "缺席：委员5" in text
    assert "同意 3 票，反对 1 票，弃权 0 票" in text and "同意 1 票，反对 3 票" in text
    assert "通过" in text and "未通过" in text
    assert "同意：委员1、委员2、委员3" in text and "反对：委员4" in text
    decisions = text.split("决定事项：")[1]
    assert "同意划线停车方案" in decisions and "同意统一清理" not in decisions


def test_the_secretary_edits_and_saves_the_minutes(client: Any, world: Any, secretary: Any) -> None:
    meeting = held(world)
    client.force_login(secretary)
    url = reverse("consultation:minutes", args=[meeting.pk])
    page = soup(client.get(url), status=200)
    assert "同意 3 票" in page.select_one("textarea").get_text()
    response = client.post(url, {"text": "会议记录正文\n第二段"})
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.minutes == "会议记录正文\n第二段" and meeting.minutes_edited_at is not None
    assert soup(client.get(url)).select_one("textarea").get_text() == "会议记录正文\n第二段"
    page = soup(client.post(url, {"text": "x" * 20001}), status=200)
    assert page.select_one(".error") is not None
    # Saved empty: the generated text again.
    client.post(url, {"text": ""})
    assert "同意 3 票" in soup(client.get(url)).select_one("textarea").get_text()


def test_word_export_is_a_paper_record(client: Any, world: Any, secretary: Any) -> None:
    from docx import Document

    meeting = held(world)
    services.minutes_save(meeting=meeting, actor=staff(), text="会议由王主任主持。\n与会人员充分讨论。")
    client.force_login(secretary)
    response = client.get(reverse("consultation:minutes_docx", args=[meeting.pk]))
    assert response.status_code == 200 and response["Cache-Control"] == "private, no-store"
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "council-minutes.docx").write_bytes(response.content)
    doc = Document(io.BytesIO(response.content))
    paragraphs = [p.text for p in doc.paragraphs]
    cells = [cell.text for table in doc.tables for row in table.rows for cell in row.cells]
    text = "\n".join(paragraphs + cells)
    assert "{{" not in text and "{%" not in text
    assert paragraphs[0] == "三月议事会会议记录"
    assert "委员1、委员2、委员3、委员4（委托委员3）" in cells and "委员5" in cells
    assert "王主任" in cells and "李干事" in cells and "5" in cells and "4" in cells
    votes = doc.tables[1]
    assert [c.text for c in votes.rows[1].cells] == ["1. 菜市场非机动车停放", "记名投票", "3", "1", "0", "通过"]
    assert [c.text for c in votes.rows[2].cells][2:] == ["1", "3", "0", "未通过"]
    assert "1. 同意：委员1、委员2、委员3" in paragraphs and "1. 反对：委员4" in paragraphs
    assert "1. 菜市场非机动车停放：同意划线停车方案" in paragraphs
    assert "与会人员充分讨论。" in paragraphs
    assert any("主持人（签字）" in c for c in cells)
    event = AuditEvent.objects.get(action="export", object_id=str(meeting.pk))
    assert event.changes["minutes"] == "docx"


def test_pdf_export(client: Any, world: Any, secretary: Any) -> None:
    meeting = held(world)
    client.force_login(secretary)
    response = client.get(reverse("consultation:minutes_pdf", args=[meeting.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF") and len(response.content) > 20_000
    assert response["Cache-Control"] == "private, no-store"
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "council-minutes.pdf").write_bytes(response.content)
    assert AuditEvent.objects.filter(action="export", object_id=str(meeting.pk), changes__minutes="pdf").exists()


def test_exports_are_scoped(client: Any, world: Any, secretary: Any, street_officer: Any, grid_worker: Any) -> None:
    meeting = planned(council(world.community), [])
    other = planned(council(world.other_community), [])
    client.force_login(secretary)
    for name in ("consultation:minutes_docx", "consultation:minutes_pdf", "consultation:minutes"):
        assert client.get(reverse(name, args=[other.pk])).status_code == 404
    # The subdistrict reads the minutes; a grid worker does not see the community's meeting.
    client.force_login(street_officer)
    assert client.get(reverse("consultation:minutes_docx", args=[meeting.pk])).status_code == 200
    assert client.get(reverse("consultation:minutes", args=[meeting.pk])).status_code == 403
    client.force_login(grid_worker)
    assert client.get(reverse("consultation:minutes_pdf", args=[meeting.pk])).status_code == 404
    assert not AuditEvent.objects.filter(action="export", object_id=str(other.pk)).exists()
