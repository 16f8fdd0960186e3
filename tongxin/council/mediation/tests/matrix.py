# ruff: noqa: E501  (the matrix reads as a table)
"""Permission-matrix rows of mediation (collected by tests/test_permission_matrix.py).

Reading takes the office's Perm.MEDIATE over the committee's place, or the subdistrict's role
above it (it supervises: it reads cases, agreements and figures with the parties' numbers masked),
or being a case's mediator; anyone else is refused (403). Writing takes Perm.MEDIATE (admin, the
community secretary): the subdistrict reads but may not act (403). A committee or case of another
community is a 404 for its neighbour's secretary.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.urls import reverse as R

from tests.matrix_rows import Rows

ROWS = Rows()
DAY = datetime.date(2026, 3, 2)


def _committee(w: Any, area: Any = None) -> Any:
    from tongxin.council.mediation.tests.support import committee

    return committee(area or w.community, mediators=2)


def _case(w: Any, area: Any = None) -> Any:
    from tongxin.council.mediation.tests.support import case

    return case(_committee(w, area), accepted_on=DAY)


def _party(w: Any) -> tuple[int, int]:
    from tongxin.council.mediation.tests.support import with_party

    p = with_party(_case(w))
    return p.case_id, p.pk


def _agreed(w: Any) -> Any:
    from tongxin.council.mediation.tests.support import agreed

    return agreed(_case(w), DAY)


def _scanned(w: Any) -> Any:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tongxin.council.mediation import services
    from tongxin.council.mediation.tests.support import staff

    m = _agreed(w)
    pdf = SimpleUploadedFile("signed.pdf", b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n", "application/pdf")
    services.agreement_scan_upload(actor=staff(), agreement=m.agreement, upload=pdf)
    return m


def _handover(w: Any) -> Any:
    from django.contrib.contenttypes.models import ContentType
    from django.utils import timezone

    from tongxin.council.mediation.models import Committee
    from tongxin.grid.cases.models import Case, CaseHandover

    c = _committee(w)
    Case.objects.filter(pk=w.case.pk).update(state="accepted")
    now = timezone.now()
    return CaseHandover.objects.create(
        case=w.case, kind="mediation", target_type=ContentType.objects.get_for_model(Committee), target_id=c.pk,
        target_name=c.name, sent_at=now, send_back_due=now, note="请调解",
    )  # fmt: skip


def _mediator(w: Any) -> tuple[int, int]:
    c = _committee(w)
    return c.pk, c.mediators.order_by("id").first().pk


# fmt: off
#                                                                                                                                   adm str sec grd nbr ldr ors mem unt out anon
ROWS.row("mediation:cases", "GET", lambda w: R("mediation:cases"),                                                                   "200 200 200 403 403 403 403 403 403 403 302")
ROWS.row("mediation:cases", "GET", lambda w: R("mediation:cases") + f"?state=open&waiting=overdue&node={w.community.pk}&figure=settled&from=2026-01-01&to=2026-12-31", "200 200 200 403 403 403 403 403 403 403 302")
ROWS.row("mediation:cases", "GET", lambda w: R("mediation:cases") + f"?node={w.other_community.pk}",                                  "200 200 404 403 403 403 403 403 403 403 302")
ROWS.row("mediation:case_new", "GET", lambda w: (_committee(w), R("mediation:case_new"))[1],                                          "200 403 200 403 403 403 403 403 403 403 302")
ROWS.row("mediation:case_new", "POST", lambda w: (_committee(w), R("mediation:case_new"))[1],                                         "200 403 200 403 403 403 403 403 403 403 302", {"kind": "family", "title": "", "facts": ""})
ROWS.row("mediation:case", "GET", lambda w: R("mediation:case", args=[_case(w).pk]),                                                  "200 200 200 403 403 403 403 403 403 403 302")
ROWS.row("mediation:case", "GET", lambda w: R("mediation:case", args=[_case(w, w.other_community).pk]),                               "200 200 404 403 403 403 403 403 403 403 302")
ROWS.row("mediation:case", "GET", lambda w: R("mediation:case", args=[_agreed(w).pk]),                                                "200 200 200 403 403 403 403 403 403 403 302")
ROWS.row("mediation:party_new", "GET", lambda w: R("mediation:party_new", args=[_case(w).pk]),                                        "200 403 200 403 403 403 403 403 403 403 302")
ROWS.row("mediation:party_new", "POST", lambda w: R("mediation:party_new", args=[_case(w).pk]),                                       "302 403 302 403 403 403 403 403 403 403 302", {"name": "李被申", "role": "respondent", "phone": "13900002222"})
ROWS.row("mediation:party_reveal", "POST", lambda w: R("mediation:party_reveal", args=[*_party(w)]),                                  "200 403 200 403 403 403 403 403 403 403 302", {"field": "phone"})
ROWS.row("mediation:session_new", "GET", lambda w: R("mediation:session_new", args=[_case(w).pk]),                                    "200 403 200 403 403 403 403 403 403 403 302")
ROWS.row("mediation:settle", "GET", lambda w: R("mediation:settle", args=[_case(w).pk]),                                              "200 403 200 403 403 403 403 403 403 403 302")
ROWS.row("mediation:settle", "POST", lambda w: R("mediation:settle", args=[_case(w).pk]),                                             "302 403 302 403 403 403 403 403 403 403 302", {"outcome": "no_agreement", "settled_at": "community", "settled_on": "2026-03-09", "note": "双方不同意"})
ROWS.row("mediation:agreement", "GET", lambda w: R("mediation:agreement", args=[_case(w).pk]),                                        "200 403 200 403 403 403 403 403 403 403 302")
ROWS.row("mediation:agreement_docx", "GET", lambda w: R("mediation:agreement_docx", args=[_agreed(w).pk]),                           "200 200 200 403 403 403 403 403 403 403 302")
ROWS.row("mediation:agreement_docx", "GET", lambda w: R("mediation:agreement_docx", args=[_case(w).pk]),                             "404 404 404 403 403 403 403 403 403 403 302")
ROWS.row("mediation:agreement_pdf", "GET", lambda w: R("mediation:agreement_pdf", args=[_agreed(w).pk]),                             "200 200 200 403 403 403 403 403 403 403 302")
ROWS.row("mediation:scan_upload", "GET", lambda w: R("mediation:scan_upload", args=[_agreed(w).pk]),                                 "200 403 200 403 403 403 403 403 403 403 302")
ROWS.row("mediation:scan", "GET", lambda w: R("mediation:scan", args=[_scanned(w).pk]),                                              "200 200 200 403 403 403 403 403 403 403 302")
ROWS.row("mediation:followup", "GET", lambda w: R("mediation:followup", args=[_agreed(w).pk]),                                       "200 403 200 403 403 403 403 403 403 403 302")
ROWS.row("mediation:followup", "POST", lambda w: R("mediation:followup", args=[_agreed(w).pk]),                                      "302 403 302 403 403 403 403 403 403 403 302", {"followup_on": "2026-03-20", "performance": "performed"})
ROWS.row("mediation:handovers", "GET", lambda w: R("mediation:handovers"),                                                           "200 403 200 403 403 403 403 403 403 403 302")
ROWS.row("mediation:handover_accept", "GET", lambda w: R("mediation:handover_accept", args=[_handover(w).pk]),                       "200 403 200 403 403 403 403 403 403 403 302")
ROWS.row("mediation:committees", "GET", lambda w: (_committee(w), R("mediation:committees"))[1],                                      "200 200 200 403 403 403 403 403 403 403 302")
ROWS.row("mediation:committee_new", "GET", lambda w: R("mediation:committee_new"),                                                   "200 403 200 403 403 403 403 403 403 403 302")
ROWS.row("mediation:committee", "GET", lambda w: R("mediation:committee", args=[_committee(w).pk]),                                  "200 200 200 403 403 403 403 403 403 403 302")
ROWS.row("mediation:committee", "GET", lambda w: R("mediation:committee", args=[_committee(w, w.other_community).pk]),               "200 200 404 403 403 403 403 403 403 403 302")
ROWS.row("mediation:mediator_new", "GET", lambda w: R("mediation:mediator_new", args=[_committee(w).pk]),                            "200 403 200 403 403 403 403 403 403 403 302")
ROWS.row("mediation:mediator_end", "POST", lambda w: R("mediation:mediator_end", args=[*_mediator(w)]),                              "302 403 302 403 403 403 403 403 403 403 302", {"term_end": "2026-03-01"})
ROWS.row("mediation:sweeps", "GET", lambda w: R("mediation:sweeps"),                                                                 "200 200 200 403 403 403 403 403 403 403 302")
ROWS.row("mediation:sweep_new", "GET", lambda w: R("mediation:sweep_new"),                                                           "200 403 200 403 403 403 403 403 403 403 302")
ROWS.row("mediation:sweep_new", "POST", lambda w: R("mediation:sweep_new"),                                                          "302 403 302 403 403 403 403 403 403 403 302", {"area": lambda w: w.grid1.pk, "swept_on": "2026-03-01", "swept_by": "王网格员", "found": "2", "notes": "楼道堆物纠纷\n噪音"})
ROWS.row("mediation:figures", "GET", lambda w: R("mediation:figures"),                                                               "200 200 200 403 403 403 403 403 403 403 302")
ROWS.row("mediation:figures", "GET", lambda w: R("mediation:figures") + f"?node={w.other_community.pk}&from=2026-01-01&to=2026-12-31", "200 200 404 403 403 403 403 403 403 403 302")
ROWS.row("mediation:figures", "GET", lambda w: R("mediation:figures") + "?node=x&from=2026-13-40&to=1",                              "200 200 200 403 403 403 403 403 403 403 302")
# fmt: on
