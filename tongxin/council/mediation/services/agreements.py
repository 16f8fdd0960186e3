"""The written agreement (人民调解协议书): its contents, the signed scan, and every look at it audited."""

from __future__ import annotations

import datetime
import io

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tongxin.council.mediation import rules
from tongxin.council.mediation.exceptions import CaseChanged
from tongxin.council.mediation.models import Agreement, CaseState, MediationCase
from tongxin.council.mediation.services._common import check_day, check_mediates, clean, mediates
from tongxin.grid.cases.photos import signed_scan_bytes
from tongxin.platform.access.actor import Actor, signed_in
from tongxin.platform.core.audit import audit_record
from tongxin.platform.core.exceptions import DomainError, Forbidden


@transaction.atomic
def agreement_save(
    *,
    actor: Actor,
    case: MediationCase,
    made_on: datetime.date,
    facts: str,
    obligations: str,
    performance: str,
    perform_by: datetime.date,
) -> Agreement:
    """Write (or correct, until the follow-up visit) the agreement with art. 29's contents."""
    check_mediates(actor, case.committee.area)
    MediationCase.objects.select_for_update().filter(pk=case.pk).first()
    if case.state == CaseState.CLOSED:
        raise CaseChanged(_("The case is closed: its agreement can no longer be changed."), code="state")
    check_day(made_on, field="made_on", not_before=case.accepted_on)
    if not isinstance(perform_by, datetime.date):
        raise DomainError({"perform_by": _("Enter a date.")})
    if perform_by < made_on:
        raise DomainError({"perform_by": _("The obligations are performed after the agreement is signed.")})
    values = {
        "made_on": made_on,
        "facts": clean(facts, 4000, field="facts", required=True),
        "obligations": clean(obligations, 4000, field="obligations", required=True),
        "performance": clean(performance, 2000, field="performance", required=True),
        "perform_by": perform_by,
    }
    agreement, created = Agreement.objects.update_or_create(case=case, defaults=values)
    audit_record(actor=actor, action="create" if created else "update", obj=agreement)
    return agreement


@transaction.atomic
def agreement_scan_upload(*, actor: Actor, agreement: Agreement, upload: UploadedFile) -> Agreement:
    """Keep the scan of the signed agreement (replacing an earlier one)."""
    check_mediates(actor, agreement.case.committee.area)
    data, content_type, ext = signed_scan_bytes(upload, max_mb=rules.scan_max_mb())
    old = agreement.scan.name if agreement.scan else ""
    agreement.scan.save(f"scan{ext}", ContentFile(data), save=False)
    agreement.scan_type = content_type
    agreement.scan_size = len(data)
    agreement.scan_uploaded_at = timezone.now()
    agreement.scan_uploaded_by = signed_in(actor)
    agreement.save(update_fields=["scan", "scan_type", "scan_size", "scan_uploaded_at", "scan_uploaded_by"])
    if old:
        transaction.on_commit(lambda: agreement.scan.storage.delete(old))
    audit_record(actor=actor, action="update", obj=agreement, changes={"scan": [bool(old), content_type]})
    return agreement


def agreement_accessed(*, actor: Actor, agreement: Agreement, what: str) -> None:
    """Every view or download of an agreement (it names the parties) is audited."""
    if not mediates(actor, agreement.case) and not _reads(actor, agreement.case):
        raise Forbidden(_("Your role may not see this agreement."))
    audit_record(actor=actor, action="export", obj=agreement, changes={"what": what, "case": agreement.case.code})


def _reads(actor: Actor, case: MediationCase) -> bool:
    from tongxin.council.mediation.queries import cases_visible_to

    return cases_visible_to(actor).filter(pk=case.pk).exists()


def scan_stream(agreement: Agreement) -> io.BufferedReader:
    return agreement.scan.open("rb")
