"""The agreement's exports (Word, PDF) and the signed scan: every view or download audited."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.views.decorators.http import require_GET

from tongxin.council.mediation import services
from tongxin.council.mediation.agreement_doc import agreement_docx, agreement_pdf
from tongxin.council.mediation.models import Agreement
from tongxin.council.mediation.services._common import mediates
from tongxin.council.mediation.views.common import case_for

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _agreement(request: HttpRequest, pk: int) -> Agreement:
    case = case_for(request.user, pk)
    agreement = Agreement.objects.filter(case=case).first()
    if agreement is None:
        raise Http404
    agreement.case = case
    return agreement


def _download(data: bytes, content_type: str, name: str) -> HttpResponse:
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_GET
def docx(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = _agreement(request, pk)
    services.agreement_accessed(actor=request.user, agreement=agreement, what="docx")
    data = agreement_docx(agreement, full=mediates(request.user, agreement.case))
    return _download(data, DOCX, f"mediation-agreement-{agreement.case.code}.docx")


@login_required
@require_GET
def pdf(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = _agreement(request, pk)
    services.agreement_accessed(actor=request.user, agreement=agreement, what="pdf")
    data = agreement_pdf(agreement, full=mediates(request.user, agreement.case))
    return _download(data, "application/pdf", f"mediation-agreement-{agreement.case.code}.pdf")


@login_required
@require_GET
def scan(request: HttpRequest, pk: int) -> FileResponse:
    agreement = _agreement(request, pk)
    if not agreement.scan:
        raise Http404
    services.agreement_accessed(actor=request.user, agreement=agreement, what="scan")
    try:
        handle = agreement.scan.open("rb")
    except (OSError, ValueError) as exc:
        raise Http404 from exc
    response = FileResponse(handle, content_type=agreement.scan_type or "application/octet-stream")
    response["Cache-Control"] = "private, no-store"
    ext = "pdf" if agreement.scan_type == "application/pdf" else "jpg"
    response["Content-Disposition"] = f'inline; filename="signed-agreement-{agreement.case.code}.{ext}"'
    return response
