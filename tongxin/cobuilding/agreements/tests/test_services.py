"""The agreements' rules: who may write, the unit of the community, signing once, deliveries
once per source row, and delivered-against-promised summed in the database."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from tongxin.cobuilding.agreements import services
from tongxin.cobuilding.agreements.models import Agreement, Delivery
from tongxin.cobuilding.agreements.queries import commitment_progress, ending_soon, remaining_by_commitment
from tongxin.cobuilding.agreements.renewals import renewal_reminders_send
from tongxin.cobuilding.agreements.tests.support import draft, signed_agreement, staff
from tongxin.platform.core.exceptions import DomainError, Forbidden

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def test_secretary_writes_for_a_unit_of_her_community_only(world: Any, secretary: Any, street_officer: Any) -> None:
    a = services.agreement_save(
        actor=secretary, community=world.community, unit=world.unit, year=2026, title="协议",
        starts_on=datetime.date(2026, 1, 1), ends_on=datetime.date(2026, 12, 31),
    )  # fmt: skip
    assert a.status == Agreement.Status.DRAFT
    with pytest.raises(DomainError) as refused:
        services.agreement_save(
            actor=secretary, community=world.community, unit=world.other_unit, year=2026, title="协议",
            starts_on=datetime.date(2026, 1, 1), ends_on=datetime.date(2026, 12, 31),
        )  # fmt: skip
    assert "unit" in refused.value.error_dict
    with pytest.raises(Forbidden):
        services.commitment_add(actor=street_officer, agreement=a, kind="money", description="资助", quantity="100")


def test_one_agreement_per_unit_and_year(world: Any) -> None:
    draft(world.unit, world.community, year=2026)
    with pytest.raises(DomainError) as refused:
        draft(world.unit, world.community, year=2026)
    assert "year" in refused.value.error_dict


def test_sign_needs_commitments_and_happens_once(world: Any) -> None:
    a = draft(world.unit, world.community)
    sign: dict[str, Any] = {"signed_on": TODAY, "community_signatory": "王书记", "unit_signatory": "李院长"}
    with pytest.raises(DomainError):
        services.agreement_sign(actor=staff(), agreement=a, **sign)
    services.commitment_add(actor=staff(), agreement=a, kind="venue_hours", description="礼堂", quantity="20")
    signed = services.agreement_sign(actor=staff(), agreement=a, **sign)
    assert signed.status == "signed" and signed.signed_on == TODAY
    with pytest.raises(DomainError):
        services.agreement_sign(actor=staff(), agreement=a, **sign)
    services.agreement_end(actor=staff(), agreement=a)
    with pytest.raises(DomainError):
        services.commitment_add(actor=staff(), agreement=a, kind="money", description="资助", quantity="1")


def test_bad_quantities_are_refused(world: Any) -> None:
    a = draft(world.unit, world.community)
    for bad in ("0", "-3", "abc", "1e20"):
        with pytest.raises(DomainError):
            services.commitment_add(actor=staff(), agreement=a, kind="money", description="资助", quantity=bad)
    with pytest.raises(DomainError):
        services.commitment_add(actor=staff(), agreement=a, kind="nonsense", description="x", quantity="1")


def test_delivered_and_remaining_are_summed_in_the_database(world: Any) -> None:
    a = signed_agreement(world.unit, world.community)
    hours, money = list(a.commitments.order_by("sort_order"))
    for q in ("12", "8.5"):
        services.record_delivery(actor=staff(), commitment=hours, quantity=q, delivered_on=TODAY)
    services.record_delivery(actor=staff(), commitment=money, quantity="5000", delivered_on=TODAY)
    rows = {c.pk: c for c in commitment_progress(a.commitments.all())}
    # 40 hours promised, 12 + 8.5 delivered; 5000 yuan promised and delivered.
    assert rows[hours.pk].delivered == Decimal("20.50") and rows[hours.pk].remaining == Decimal("19.50")
    assert rows[money.pk].delivered == Decimal("5000") and rows[money.pk].remaining == 0
    remaining = list(remaining_by_commitment([world.unit]))
    assert [c.pk for c in remaining] == [hours.pk]


def test_a_delivery_is_written_once_per_source_row(world: Any) -> None:
    a = signed_agreement(world.unit, world.community)
    hours = a.commitments.get(kind="venue_hours")
    first = services.record_delivery(
        actor=staff(), commitment=hours, quantity="2", delivered_on=TODAY, source="booking", source_id=7
    )
    again = services.record_delivery(
        actor=staff(), commitment=hours, quantity="2", delivered_on=TODAY, source="booking", source_id=7
    )
    assert first.pk == again.pk
    assert Delivery.objects.filter(commitment=hours).count() == 1


def test_the_unit_contact_reports_but_does_not_enter(world: Any, unit_contact: Any, outsider: Any) -> None:
    a = signed_agreement(world.unit, world.community)
    hours = a.commitments.get(kind="venue_hours")
    d = services.record_delivery(
        actor=unit_contact, commitment=hours, quantity="3", delivered_on=TODAY, source="reported"
    )
    assert d.source == "reported"
    with pytest.raises(Forbidden):
        services.record_delivery(actor=unit_contact, commitment=hours, quantity="3", delivered_on=TODAY)
    with pytest.raises(Forbidden):
        services.record_delivery(actor=outsider, commitment=hours, quantity="3", delivered_on=TODAY, source="reported")
    with pytest.raises(DomainError):
        services.record_delivery(
            actor=unit_contact, commitment=hours, quantity="3", delivered_on=TODAY + datetime.timedelta(days=1),
            source="reported",
        )  # fmt: skip


def test_no_delivery_on_a_draft(world: Any) -> None:
    a = draft(world.unit, world.community)
    c = services.commitment_add(actor=staff(), agreement=a, kind="money", description="资助", quantity="10")
    with pytest.raises(DomainError):
        services.record_delivery(actor=staff(), commitment=c, quantity="1", delivered_on=TODAY)


def test_a_commitment_with_deliveries_is_not_removed(world: Any) -> None:
    a = signed_agreement(world.unit, world.community)
    hours, money = list(a.commitments.order_by("sort_order"))
    services.record_delivery(actor=staff(), commitment=hours, quantity="1", delivered_on=TODAY)
    with pytest.raises(DomainError):
        services.commitment_remove(actor=staff(), commitment=hours)
    services.commitment_remove(actor=staff(), commitment=money)
    assert a.commitments.count() == 1


def test_renewal_reminder_is_sent_once_to_the_community_staff(world: Any, secretary: Any) -> None:
    from tongxin.platform.inbox.models import Notification

    soon = TODAY + datetime.timedelta(days=10)
    a = signed_agreement(world.unit, world.community, year=soon.year, ends_on=soon)
    assert [x.pk for x in ending_soon(secretary, TODAY)] == [a.pk]
    assert renewal_reminders_send(today=TODAY) == 1
    assert renewal_reminders_send(today=TODAY) == 0
    notes = Notification.objects.filter(recipient=secretary)
    assert notes.count() == 1 and world.unit.name in notes.get().title
    a.refresh_from_db()
    assert a.renewal_notified_at is not None


def test_scan_pdf_kept_and_non_documents_refused(world: Any) -> None:
    a = signed_agreement(world.unit, world.community)
    pdf = SimpleUploadedFile("s.pdf", b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n", "application/pdf")
    services.agreement_scan_upload(actor=staff(), agreement=a, upload=pdf)
    assert a.scan_type == "application/pdf" and a.scan.name.endswith(".pdf")
    with pytest.raises(DomainError) as refused:
        services.agreement_scan_upload(
            actor=staff(), agreement=a, upload=SimpleUploadedFile("x.exe", b"MZ\x90\x00junk")
        )
    assert "scan" in refused.value.error_dict
