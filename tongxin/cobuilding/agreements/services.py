"""Writes to co-building agreements: the agreement, its commitments, signing, the signed scan,
ending it, the renewal reminder, and every delivery against a commitment.

`record_delivery` is the one way a delivery is written: staff entering it, a unit reporting it
from its portal, and the projects and bookings that draw on a commitment (their row id as
`source_id`, so a delivery is written once per source row whoever calls twice).
"""

from __future__ import annotations

import datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from tongxin.cobuilding.agreements.models import KIND_MEASURE, Agreement, Commitment, CommitmentKind, Delivery
from tongxin.grid.cases.photos import signed_scan_bytes
from tongxin.platform.access.actor import Actor, signed_in
from tongxin.platform.access.roles import Perm
from tongxin.platform.access.scope import scope_for
from tongxin.platform.core.audit import audit_record
from tongxin.platform.core.exceptions import DomainError, Forbidden
from tongxin.platform.core.trees import AREA
from tongxin.registry.areas.models import Area
from tongxin.registry.cobuild.models import ResidentUnit
from tongxin.registry.cobuild.queries import units_answered_by

SCAN_MAX_MB = 10
MAX_QUANTITY = Decimal("9999999999.99")


def may_run(actor: Actor, community: Area) -> bool:
    """Co-building staff over the community (the community's office, admin)."""
    return scope_for(actor).allows_path(Perm.COBUILD, AREA, community.path)


def check_runs(actor: Actor, community: Area) -> None:
    if not may_run(actor, community):
        raise Forbidden(_("Only the community's co-building staff may do this."))


def answers_for(actor: Actor, unit: ResidentUnit) -> bool:
    """The actor is a contact of this unit (its portal)."""
    return units_answered_by(actor).filter(pk=unit.pk).exists()


def clean(value: Any, limit: int, *, field: str, required: bool = False) -> str:
    text = "".join(c for c in str(value or "") if c >= " " or c in "\n\t").replace("\x7f", "").strip()
    if required and not text:
        raise DomainError({field: _("This field is required.")})
    if len(text) > limit:
        raise DomainError({field: _("At most %(limit)d characters.") % {"limit": limit}})
    return text


def clean_quantity(value: Any, *, field: str = "quantity") -> Decimal:
    try:
        quantity = Decimal(str(value)).quantize(Decimal("0.01"))
    except (InvalidOperation, ValueError, TypeError) as exc:
        raise DomainError({field: _("Enter a number, e.g. 20 or 1.5.")}) from exc
    if not quantity.is_finite() or quantity <= 0:
        raise DomainError({field: _("Enter a quantity above zero.")})
    if quantity > MAX_QUANTITY:
        raise DomainError({field: _("This quantity is too large.")})
    return quantity


def _check_open(agreement: Agreement) -> None:
    if agreement.status == Agreement.Status.ENDED:
        raise DomainError(_("This agreement has ended: it can no longer be changed."))


@transaction.atomic
def agreement_save(
    *,
    actor: Actor,
    agreement: Agreement | None = None,
    community: Area | None = None,
    unit: ResidentUnit | None = None,
    year: int,
    title: str,
    starts_on: datetime.date,
    ends_on: datetime.date,
    note: str = "",
) -> Agreement:
    """Create an agreement with a unit of the community for a year, or correct one not ended.

    The unit and community of an existing agreement do not change (its commitments and
    deliveries are the unit's)."""
    if agreement is not None:
        community, unit = agreement.community, agreement.unit
    if community is None or unit is None:
        raise DomainError({"unit": _("Choose a unit.")})
    check_runs(actor, community)
    if agreement is not None:
        _check_open(agreement)
    if not unit.area.path.startswith(community.path):
        raise DomainError({"unit": _("This unit is not a resident unit of the community.")})
    if not isinstance(year, int) or not 2000 <= year <= 2100:
        raise DomainError({"year": _("Enter a year, e.g. 2026.")})
    if not isinstance(starts_on, datetime.date) or not isinstance(ends_on, datetime.date):
        raise DomainError({"starts_on": _("Enter a date.")})
    if ends_on < starts_on:
        raise DomainError({"ends_on": _("The agreement ends after it starts.")})
    values = {
        "year": year,
        "title": clean(title, 200, field="title", required=True),
        "starts_on": starts_on,
        "ends_on": ends_on,
        "note": clean(note, 2000, field="note"),
    }
    created = agreement is None
    if agreement is None:
        agreement = Agreement(community=community, unit=unit, created_by=signed_in(actor), **values)
    else:
        for key, value in values.items():
            setattr(agreement, key, value)
    try:
        with transaction.atomic():
            agreement.save()
    except IntegrityError as exc:
        raise DomainError({"year": _("This unit already has an agreement for that year.")}) from exc
    audit_record(actor=actor, action="create" if created else "update", obj=agreement, changes={"year": year})
    return agreement


def _commitment_values(kind: str, description: str, quantity: Any, measure: str) -> dict[str, Any]:
    if kind not in CommitmentKind.values:
        raise DomainError({"kind": _("Choose what kind of commitment it is.")})
    return {
        "kind": kind,
        "description": clean(description, 200, field="description", required=True),
        "quantity": clean_quantity(quantity),
        # Empty means the kind's own unit of measure (KIND_MEASURE).
        "measure": "" if measure.strip() == str(KIND_MEASURE.get(kind) or "") else clean(measure, 20, field="measure"),
    }


@transaction.atomic
def commitment_add(
    *, actor: Actor, agreement: Agreement, kind: str, description: str, quantity: Any, measure: str = ""
) -> Commitment:
    check_runs(actor, agreement.community)
    _check_open(agreement)
    values = _commitment_values(kind, description, quantity, measure)
    last = agreement.commitments.aggregate(m=Max("sort_order"))["m"]
    commitment = Commitment.objects.create(agreement=agreement, sort_order=(last or 0) + 1, **values)
    audit_record(actor=actor, action="create", obj=commitment, changes={"agreement": agreement.pk, "kind": kind})
    return commitment


@transaction.atomic
def commitment_update(
    *, actor: Actor, commitment: Commitment, kind: str, description: str, quantity: Any, measure: str = ""
) -> Commitment:
    agreement = commitment.agreement
    check_runs(actor, agreement.community)
    _check_open(agreement)
    values = _commitment_values(kind, description, quantity, measure)
    for key, value in values.items():
        setattr(commitment, key, value)
    commitment.save(update_fields=list(values))
    audit_record(actor=actor, action="update", obj=commitment, changes={"quantity": str(values["quantity"])})
    return commitment


@transaction.atomic
def commitment_remove(*, actor: Actor, commitment: Commitment) -> None:
    """Remove a commitment nothing was delivered against (deliveries are the unit's record)."""
    agreement = commitment.agreement
    check_runs(actor, agreement.community)
    _check_open(agreement)
    if commitment.deliveries.exists():
        raise DomainError(_("Deliveries were recorded against this commitment: it cannot be removed."))
    audit_record(actor=actor, action="delete", obj=commitment, changes={"description": commitment.description})
    commitment.delete()


@transaction.atomic
def agreement_sign(
    *,
    actor: Actor,
    agreement: Agreement,
    signed_on: datetime.date,
    community_signatory: str,
    unit_signatory: str,
) -> Agreement:
    """Draft → signed, once: two people signing at once sign it once."""
    check_runs(actor, agreement.community)
    if not isinstance(signed_on, datetime.date):
        raise DomainError({"signed_on": _("Enter a date.")})
    if signed_on > timezone.localdate():
        raise DomainError({"signed_on": _("This date is in the future.")})
    values = {
        "community_signatory": clean(community_signatory, 50, field="community_signatory", required=True),
        "unit_signatory": clean(unit_signatory, 50, field="unit_signatory", required=True),
    }
    if not agreement.commitments.exists():
        raise DomainError(_("Add what the unit commits to before the agreement is signed."))
    done = Agreement.objects.filter(pk=agreement.pk, status=Agreement.Status.DRAFT).update(
        status=Agreement.Status.SIGNED, signed_on=signed_on, updated_at=timezone.now(), **values
    )
    if not done:
        raise DomainError(_("This agreement is no longer a draft: it was signed or ended already."))
    agreement.refresh_from_db()
    audit_record(actor=actor, action="update", obj=agreement, changes={"status": ["draft", "signed"]})
    return agreement


@transaction.atomic
def agreement_end(*, actor: Actor, agreement: Agreement) -> Agreement:
    """Signed → ended (the period is over, or the unit left); a draft is not ended but edited."""
    check_runs(actor, agreement.community)
    done = Agreement.objects.filter(pk=agreement.pk, status=Agreement.Status.SIGNED).update(
        status=Agreement.Status.ENDED, updated_at=timezone.now()
    )
    if not done:
        raise DomainError(_("Only a signed agreement can be ended."))
    agreement.refresh_from_db()
    audit_record(actor=actor, action="update", obj=agreement, changes={"status": ["signed", "ended"]})
    return agreement


@transaction.atomic
def agreement_scan_upload(*, actor: Actor, agreement: Agreement, upload: UploadedFile) -> Agreement:
    """Keep the scan of the signed paper (replacing an earlier one)."""
    check_runs(actor, agreement.community)
    data, content_type, ext = signed_scan_bytes(upload, max_mb=SCAN_MAX_MB)
    old = agreement.scan.name if agreement.scan else ""
    agreement.scan.save(f"scan{ext}", ContentFile(data), save=False)
    agreement.scan_type = content_type
    agreement.scan_size = len(data)
    agreement.scan_uploaded_at = timezone.now()
    agreement.scan_uploaded_by = signed_in(actor)
    agreement.save(update_fields=["scan", "scan_type", "scan_size", "scan_uploaded_at", "scan_uploaded_by"])
    if old:
        storage = agreement.scan.storage
        transaction.on_commit(lambda: storage.delete(old))
    audit_record(actor=actor, action="update", obj=agreement, changes={"scan": [bool(old), content_type]})
    return agreement


def agreement_scan_viewed(*, actor: Actor, agreement: Agreement) -> None:
    """Every look at the signed paper (it carries signatures) is audited; the view has checked scope."""
    audit_record(actor=actor, action="export", obj=agreement, changes={"what": "scan"})


@transaction.atomic
def record_delivery(
    *,
    actor: Actor,
    commitment: Commitment,
    quantity: Any,
    delivered_on: datetime.date,
    description: str = "",
    source: str = Delivery.Source.ENTERED,
    source_id: int | None = None,
) -> Delivery:
    """Write what a unit delivered against a commitment; once per source row.

    Staff enter deliveries; the unit's contact reports them (source=reported) and records the use
    of its venues; projects and bookings call this with their row id. Called twice for the same
    source row, it returns the first delivery (the unique constraint decides under concurrency).
    """
    agreement = commitment.agreement
    if source not in Delivery.Source.values:
        raise DomainError({"source": _("Unknown source of a delivery.")})
    staff = may_run(actor, agreement.community)
    if source == Delivery.Source.ENTERED and not staff:
        raise Forbidden(_("Only the community's co-building staff may do this."))
    if not staff and not answers_for(actor, agreement.unit):
        raise Forbidden(_("Only the community's staff or the unit's contact may record a delivery."))
    if agreement.status == Agreement.Status.DRAFT:
        raise DomainError(_("The agreement is not signed yet: deliveries count once it is signed."))
    if source_id is not None:
        found = Delivery.objects.filter(commitment=commitment, source=source, source_id=source_id).first()
        if found is not None:
            return found
    if not isinstance(delivered_on, datetime.date):
        raise DomainError({"delivered_on": _("Enter a date.")})
    if delivered_on > timezone.localdate():
        raise DomainError({"delivered_on": _("This date is in the future.")})
    delivery = Delivery(
        commitment=commitment,
        quantity=clean_quantity(quantity),
        delivered_on=delivered_on,
        description=clean(description, 300, field="description"),
        source=source,
        source_id=source_id,
        recorded_by=signed_in(actor),
    )
    try:
        with transaction.atomic():
            delivery.save()
    except IntegrityError:
        found = Delivery.objects.filter(commitment=commitment, source=source, source_id=source_id).first()
        if found is None:
            raise
        return found
    audit_record(
        actor=actor, action="create", obj=delivery, changes={"quantity": str(delivery.quantity), "source": source}
    )
    return delivery
