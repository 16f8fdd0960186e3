"""Issue 15's mediation loop through the pages, on a phone: a resident's report of a neighbour
dispute is accepted and handed over to the community's people's mediation committee; the committee
accepts it for mediation, adds the parties, records two sessions, writes the agreement and exports
it (Word and PDF) for signing, uploads the signed scan, records the outcome and the follow-up visit
that closes it; the resident then reads the outcome on the tracking page."""

from __future__ import annotations

import datetime
import re
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.conftest import (  # noqa: F401  (fixtures used by name)
    PHONE,
    browser_context_args,
    browser_type_launch_args,
    check_accessibility,
    shot,
)
from tests.browser.test_roles import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser-b")]
REPORTER_PHONE = "13812340000"
SIGNED_PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


def _world() -> Any:
    """甲社区 with a building, its secretary, its mediation committee of three elderly mediators,
    and a resident's public report of a neighbour dispute, accepted by the community."""
    from conftest import _make_user
    from tongxin.council.mediation import services
    from tongxin.council.mediation.tests.support import staff
    from tongxin.grid.cases.defaults import ensure_default_categories
    from tongxin.grid.cases.models import Case, CaseCategory
    from tongxin.grid.cases.services import case_report, case_transition
    from tongxin.platform.core.tree_ops import node_insert
    from tongxin.registry.areas.models import Area, Level

    def area(parent: Any, level: str, name: str) -> Any:
        return node_insert(Area(parent=parent, level=level, name=name))

    community = area(
        area(area(None, Level.DISTRICT, "示范区"), Level.SUBDISTRICT, "湖东街道"), Level.COMMUNITY, "甲社区"
    )
    building = area(area(community, Level.GRID, "第一网格"), Level.BUILDING, "12号楼")
    secretary = _make_user("secretary", "community", community.pk, first_name="刘书记")
    committee = services.committee_create(actor=staff(), area=community, name="甲社区人民调解委员会")
    for name, speciality in (("王建国", "neighbours"), ("李秀英", "family"), ("张德明", "property")):
        services.mediator_add(
            actor=staff(), committee=committee, name=name, speciality=speciality, term_start=datetime.date(2024, 1, 1)
        )
    ensure_default_categories()
    case = case_report(
        actor=None,
        category=CaseCategory.objects.get(code="neighbour_dispute"),
        description="12号楼楼上空调外机滴水到楼下阳台，两家多次争吵，请社区调解。",
        area=building,
        source=Case.Source.PUBLIC,
        reporter_name="张阿姨",
        reporter_phone=REPORTER_PHONE,
    )
    case = case_transition(case=case, to_state="accepted", actor=secretary)
    return case, committee


def _fits(page: Page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), page.url


def _open(page: Page, summary: str) -> None:
    details = page.locator("details", has=page.locator("summary", has_text=summary))
    if details.get_attribute("open") is None:
        details.locator("summary").click()


def _session(page: Page, day: str, mediators: list[str], notes: str) -> None:
    _open(page, "记录一次调解")
    form = page.locator("#session-form")
    form.locator("#session-held_on").fill(day)
    form.locator("#session-place").fill("社区人民调解室")
    for name in mediators:
        form.get_by_label(re.compile(name)).check()
    form.get_by_label(re.compile("张阿姨")).check()
    form.get_by_label(re.compile("李先生")).check()
    form.locator("#session-notes").fill(notes)
    form.get_by_role("button", name="保存调解记录").click()
    expect(page.locator(".flash")).to_contain_text("调解记录已保存")


def test_a_neighbour_dispute_handed_to_mediation_and_back_on_a_phone(
    live_server: Any, transactional_db: Any, browser: Browser, tmp_path: Any
) -> None:
    from tongxin.council.mediation.models import MediationCase
    from tongxin.platform.core.models import AuditEvent

    grid_case, committee = _world()
    base = live_server.url
    today = datetime.date.today()
    context = browser.new_context(viewport=PHONE, locale="zh-CN", timezone_id="Asia/Shanghai", accept_downloads=True)
    page = context.new_page()
    sign_in(page, base, "secretary")

    # 1. The case page offers the mediation committee among the places to hand over to.
    page.goto(f"{base}/cases/{grid_case.pk}/")
    expect(page.locator("#ho-target optgroup[label='人民调解委员会']")).to_have_count(1)
    page.select_option("#ho-target", f"mediation:{committee.pk}")
    page.fill("#ho-note", "邻里纠纷，请社区人民调解委员会调解")
    shot(page, "mediation-1-hand-over")
    page.get_by_role("button", name="移交", exact=True).click()
    expect(page.locator(".flash")).to_contain_text("甲社区人民调解委员会")

    # 2. The committee accepts it for mediation from its list of handed-over cases.
    page.goto(f"{base}/mediation/handovers/")
    expect(page.locator("#handovers")).to_contain_text(grid_case.tracking_code)
    page.get_by_role("link", name="受理调解").click()
    page.select_option("#id_kind", "neighbours")
    page.get_by_label(re.compile("王建国")).check()
    page.get_by_label(re.compile("李秀英")).check()
    _fits(page)
    shot(page, "mediation-2-accept")
    page.locator("form .bottom-bar").get_by_role("button", name="受理调解").click()
    expect(page).to_have_url(re.compile(r"/mediation/cases/\d+/$"))
    assert MediationCase.objects.filter(handover__case=grid_case).exists()

    # 3. The parties, their numbers masked.
    for name, role, phone in (("张阿姨", "applicant", "13812340000"), ("李先生", "respondent", "13900002222")):
        _open(page, "添加当事人")
        form = page.locator("#party-form")
        form.locator("#party-name").fill(name)
        form.locator("#party-role").select_option(role)
        form.locator("#party-phone").fill(phone)
        form.get_by_role("button", name="添加").click()
        expect(page.locator(".flash")).to_contain_text("当事人已添加")
    expect(page.locator("#parties")).to_contain_text("139****2222")
    expect(page.locator("#parties")).not_to_contain_text("13900002222")

    # 4. Two sessions.
    day = f"{today:%Y-%m-%d}"
    _session(page, day, ["王建国"], "双方陈述经过：楼上空调外机冷凝水滴到楼下阳台，楼下要求改管并赔偿晾晒衣物损失。")
    _session(page, day, ["王建国", "李秀英"], "调解员提出方案：楼上三日内加装冷凝水管，赔偿200元；双方同意。")
    expect(page.locator("#sessions-title")).to_contain_text("2")

    # 5. The agreement, exported for signing in Word and PDF.
    _open(page, "填写协议书")
    form = page.locator("#agreement-form")
    form.locator("#agreement-made_on").fill(day)
    form.locator("#agreement-obligations").fill("李先生于三日内为空调外机加装冷凝水管，并赔偿张阿姨衣物损失200元。")
    form.locator("#agreement-performance").fill("加装后由网格员到场查看；赔偿款现金当面支付。")
    form.locator("#agreement-perform_by").fill(f"{today + datetime.timedelta(days=3):%Y-%m-%d}")
    form.get_by_role("button", name="保存协议书").click()
    expect(page.locator(".flash")).to_contain_text("协议书已保存")
    with page.expect_download() as word:
        page.locator("#export-docx").click()
    assert word.value.suggested_filename.endswith(".docx")
    with page.expect_download() as pdf:
        page.locator("#export-pdf").click()
    pdf_path = tmp_path / "agreement.pdf"
    pdf.value.save_as(pdf_path)
    assert pdf_path.read_bytes()[:5] == b"%PDF-"

    # 6. The signed scan.
    page.locator("#scan-scan").set_input_files(
        files={"name": "signed.pdf", "mimeType": "application/pdf", "buffer": SIGNED_PDF}
    )
    page.get_by_role("button", name="上传已签字的协议书").click()
    expect(page.locator(".flash")).to_contain_text("已签字的协议书已保存")
    expect(page.locator("#scan-state")).to_contain_text("查看已签字的协议书")

    # 7. The outcome, then the follow-up visit that closes it.
    form = page.locator("#settle-form")
    form.locator("#settle-outcome").select_option("agreement")
    form.locator("#settle-settled_at").select_option("community")
    form.locator("#settle-settled_on").fill(day)
    form.get_by_role("button", name="记录调解结果").click()
    expect(page.locator(".flash")).to_contain_text("调解结果已记录")
    expect(page.locator("#confirm-window")).to_contain_text("司法确认")
    _fits(page)
    shot(page, "mediation-3-agreement")
    form = page.locator("#followup-form")
    form.locator("#followup-followup_on").fill(day)
    form.locator("#followup-performance").select_option("performed")
    form.get_by_role("button", name="记录回访并结案").click()
    expect(page.locator(".flash")).to_contain_text("案件已结案")
    expect(page.locator("#case-state")).to_contain_text("已结案")
    check_accessibility(page, "mediation case closed")
    _fits(page)
    shot(page, "mediation-4-closed")
    whats = set(
        AuditEvent.objects.filter(object_type="mediation.agreement", action="export").values_list(
            "changes__what", flat=True
        )
    )
    assert {"docx", "pdf", "view"} <= whats

    # 8. The resident follows the report with its code and phone number and reads the outcome.
    resident = browser.new_context(viewport=PHONE, locale="zh-CN", timezone_id="Asia/Shanghai").new_page()
    resident.goto(f"{base}/public/track/")
    resident.fill("#id_code", grid_case.tracking_code)
    resident.fill("#id_phone", REPORTER_PHONE)
    resident.locator("main button[type=submit]").click()
    expect(resident).to_have_url(re.compile(rf"/public/track/{grid_case.tracking_code}/$"))
    expect(resident.locator("main")).to_contain_text("双方达成调解协议，协议已履行")
    _fits(resident)
    shot(resident, "mediation-5-resident-tracking")
