"""The mediation pages as a user meets them: fixed query counts, masked numbers and audited
reveals, the agreement's exports and scan, hostile input, and out-of-scope 404s."""

from __future__ import annotations

import datetime
import io
from typing import Any

import pytest
from bs4 import BeautifulSoup
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from PIL import Image

from tongxin.council.mediation.models import Agreement
from tongxin.council.mediation.tests.support import ID_NUMBER, PHONE, agreed, case, committee, with_party
from tongxin.platform.core.models import AuditEvent

pytestmark = pytest.mark.django_db
DAY = datetime.date(2026, 3, 2)


def _queries(client: Any, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_the_list_costs_the_same_at_two_sizes(client: Any, world: Any, secretary: Any) -> None:
    c = committee(world.community)
    client.force_login(secretary)
    url = reverse("mediation:cases")
    for _ in range(2):
        with_party(case(c, world.grid1))
    client.get(url)  # warm the session and the content types
    small = _queries(client, url)
    for n in range(10):
        m = case(c, world.building1, title=f"纠纷{n}")
        agreed(m, DAY) if n % 2 else with_party(m)
    assert _queries(client, url) == small


def test_the_sweeps_list_costs_the_same_at_two_sizes(client: Any, world: Any, secretary: Any) -> None:
    from tongxin.council.mediation import services
    from tongxin.council.mediation.tests.support import staff

    client.force_login(secretary)
    url = reverse("mediation:sweeps")

    def sweep(n: int) -> None:
        services.sweep_record(actor=staff(), area=world.grid1, swept_on=DAY, swept_by="网格员", found=n, notes="x")

    sweep(1)
    client.get(url)
    small = _queries(client, url)
    for n in range(8):
        sweep(n)
    assert _queries(client, url) == small


def test_the_case_page_masks_and_a_reveal_is_audited(client: Any, world: Any, secretary: Any) -> None:
    party = with_party(case(committee(world.community)))
    client.force_login(secretary)
    page = client.get(reverse("mediation:case", args=[party.case_id])).content.decode()
    assert PHONE not in page and ID_NUMBER not in page and "138****5678" in page
    url = reverse("mediation:party_reveal", args=[party.case_id, party.pk])
    shown = client.post(url, {"field": "id_number"}, headers={"HX-Request": "true"})
    assert shown.status_code == 200 and ID_NUMBER in shown.content.decode()
    event = AuditEvent.objects.get(action="reveal", object_type="mediation.party")
    assert (event.actor_name, event.changes["field"]) == ("t_secretary", "id_number")
    assert client.post(url, {"field": "password"}).status_code == 400


def test_the_subdistrict_reads_masked_and_may_not_reveal(client: Any, world: Any, street_officer: Any) -> None:
    party = with_party(case(committee(world.community)))
    client.force_login(street_officer)
    page = client.get(reverse("mediation:case", args=[party.case_id]))
    soup = BeautifulSoup(page.content, "html.parser")
    assert "138****5678" in page.content.decode() and not soup.select("#parties button")
    assert (
        client.post(reverse("mediation:party_reveal", args=[party.case_id, party.pk]), {"field": "phone"}).status_code
        == 403
    )
    assert not AuditEvent.objects.filter(action="reveal").exists()


def test_another_community_case_is_not_found(client: Any, world: Any, secretary: Any) -> None:
    other = with_party(case(committee(world.other_community)))
    client.force_login(secretary)
    for name, args in (
        ("mediation:case", [other.case_id]),
        ("mediation:party_new", [other.case_id]),
        ("mediation:agreement_docx", [other.case_id]),
    ):
        assert client.get(reverse(name, args=args)).status_code == 404
    assert (
        client.post(reverse("mediation:party_reveal", args=[other.case_id, other.pk]), {"field": "phone"}).status_code
        == 404
    )


def test_every_look_at_the_agreement_is_audited(client: Any, world: Any, secretary: Any) -> None:
    m = agreed(case(committee(world.community), accepted_on=DAY), DAY)
    with_party(m)
    client.force_login(secretary)
    docx = client.get(reverse("mediation:agreement_docx", args=[m.pk]))
    assert docx.status_code == 200 and docx.content[:2] == b"PK"
    pdf = client.get(reverse("mediation:agreement_pdf", args=[m.pk]))
    assert pdf.status_code == 200 and pdf.content[:5] == b"%PDF-"
    client.get(reverse("mediation:case", args=[m.pk]))
    whats = sorted(
        e.changes["what"] for e in AuditEvent.objects.filter(object_type="mediation.agreement", action="export")
    )
    assert whats == ["docx", "pdf", "view"]


def test_the_word_agreement_holds_art_29s_contents(client: Any, world: Any, secretary: Any) -> None:
    from docx import Document

    m = agreed(case(committee(world.community), accepted_on=DAY), DAY)
    with_party(m)
    client.force_login(secretary)
    doc = Document(io.BytesIO(client.get(reverse("mediation:agreement_docx", args=[m.pk])).content))
    text = "\n".join(p.text for p in doc.paragraphs) + "\n".join(
        c.text for t in doc.tables for r in t.rows for c in r.cells
    )
    for expected in ("人民调解协议书", "张申请", ID_NUMBER, "漏水纠纷", "楼上赔偿2000元", "现金一次付清", "司法确认"):
        assert expected in text, expected


def _photo_with_exif() -> bytes:
    img = Image.new("RGB", (40, 30), "white")
    exif = Image.Exif()
    exif[0x010F] = "SecretCam"  # Make
    out = io.BytesIO()
    img.save(out, "JPEG", exif=exif.tobytes())
    return out.getvalue()


def test_a_photo_scan_is_kept_without_exif(client: Any, world: Any, secretary: Any) -> None:
    m = agreed(case(committee(world.community), accepted_on=DAY), DAY)
    client.force_login(secretary)
    upload = SimpleUploadedFile("scan.jpg", _photo_with_exif(), "image/jpeg")
    response = client.post(reverse("mediation:scan_upload", args=[m.pk]), {"scan": upload})
    assert response.status_code == 302
    agreement = Agreement.objects.get(case=m)
    kept = agreement.scan.open("rb").read()
    assert b"SecretCam" not in kept and Image.open(io.BytesIO(kept)).getexif() == {}
    served = client.get(reverse("mediation:scan", args=[m.pk]))
    assert served.status_code == 200 and served["Content-Type"] == "image/jpeg"
    assert AuditEvent.objects.filter(object_type="mediation.agreement", changes__what="scan").exists()


@pytest.mark.parametrize(
    "name,data",
    [
        ("notes.txt", b"just text"),
        ("fake.pdf", b"%PDF-1.4 truncated"),
        ("empty.pdf", b""),
    ],
)
def test_a_bad_scan_is_refused_in_words(client: Any, world: Any, secretary: Any, name: str, data: bytes) -> None:
    m = agreed(case(committee(world.community), accepted_on=DAY), DAY)
    client.force_login(secretary)
    response = client.post(reverse("mediation:scan_upload", args=[m.pk]), {"scan": SimpleUploadedFile(name, data)})
    soup = BeautifulSoup(response.content, "html.parser")
    assert response.status_code == 200 and soup.select(".error")
    assert not Agreement.objects.get(case=m).scan


def test_a_scan_too_large_is_refused(client: Any, world: Any, secretary: Any, settings: Any) -> None:
    settings.MEDIATION_SCAN_MAX_MB = 1
    m = agreed(case(committee(world.community), accepted_on=DAY), DAY)
    client.force_login(secretary)
    big = SimpleUploadedFile("big.pdf", b"%PDF-1.4\n" + b"0" * (1024 * 1024 + 10) + b"\n%%EOF\n")
    response = client.post(reverse("mediation:scan_upload", args=[m.pk]), {"scan": big})
    assert response.status_code == 200 and not Agreement.objects.get(case=m).scan


HOSTILE = ["<script>alert(1)</script>", "' OR 1=1 --", "\x00\x01", "9" * 30, "-1", "../../etc/passwd", "🙂" * 300]


@pytest.mark.parametrize("value", HOSTILE)
def test_hostile_input_never_breaks_a_page(client: Any, world: Any, secretary: Any, value: str) -> None:
    m = case(committee(world.community), accepted_on=DAY)
    client.force_login(secretary)
    for url in (reverse("mediation:cases"), reverse("mediation:sweeps"), reverse("mediation:figures")):
        for key in ("state", "kind", "q", "node", "figure", "from", "to", "waiting", "page"):
            assert client.get(url, {key: value}).status_code in (200, 404), (url, key)
    posts = {
        "mediation:party_new": {"name": value, "role": value, "phone": value, "id_number": value},
        "mediation:session_new": {"held_on": value, "mediators": value, "notes": value},
        "mediation:settle": {"outcome": value, "settled_at": value, "settled_on": value, "note": value},
        "mediation:agreement": {"made_on": value, "facts": value, "obligations": value, "perform_by": value},
        "mediation:followup": {"followup_on": value, "performance": value},
    }
    for name, data in posts.items():
        response = client.post(reverse(name, args=[m.pk]), data)
        assert response.status_code in (200, 302), (name, response.status_code)
    page = client.get(reverse("mediation:case", args=[m.pk])).content.decode()
    assert "<script>alert(1)</script>" not in page


def test_a_volunteer_mediator_sees_only_their_cases(client: Any, world: Any, outsider: Any) -> None:
    from tongxin.council.mediation import services
    from tongxin.council.mediation.tests.support import staff

    c = committee(world.community, mediators=1)
    other = case(c, title="别人的案件")  # mediated by the committee's other mediator
    mine = services.mediator_add(actor=staff(), committee=c, name="王调解", term_start=DAY, user=outsider)
    theirs = services.case_open(
        actor=staff(), committee=c, area=world.grid1, kind="family", title="赡养纠纷", facts="赡养",
        accepted_on=DAY, mediators=[mine],
    )  # fmt: skip
    client.force_login(outsider)
    soup = BeautifulSoup(client.get(reverse("mediation:cases")).content, "html.parser")
    assert [a.get_text(strip=True) for a in soup.select("#mediation-cases td.card-title > a")] == ["赡养纠纷"]
    assert client.get(reverse("mediation:case", args=[theirs.pk])).status_code == 200
    assert client.get(reverse("mediation:case", args=[other.pk])).status_code == 404
    assert client.get(reverse("mediation:party_new", args=[theirs.pk])).status_code == 403
