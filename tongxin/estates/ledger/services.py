"""Writes to an estate's ledger: categories, entries and their receipt photos, the committee's
approval, correcting entries (冲正), monthly publication, owners' questions and the answers.

Approval is recorded by the community's staff on the committee's behalf (members of an owners'
committee have no accounts): the entry names the member who approved it and when, and the
staff member who recorded it. See models.py for the rules this module keeps.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Sequence
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.db.models import Max, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from tongxin.estates.ledger.models import DEFAULT_CATEGORIES, Category, Direction, Entry, Month, Question, Receipt
from tongxin.estates.owners.models import Member
from tongxin.estates.owners.services import check_keeps, clean
from tongxin.grid.cases.photos import ProcessedPhoto
from tongxin.platform.access.actor import Actor, signed_in
from tongxin.platform.core.audit import audit_record
from tongxin.platform.core.exceptions import DomainError
from tongxin.platform.core.personal import normalize_phone, protect_phone
from tongxin.registry.areas.models import Estate

MAX_AMOUNT = Decimal("9999999.99")  # ten million yuan less a fen: more is a typing mistake
MAX_RECEIPTS = 6
_NUMBER = re.compile(r"^[+-]?(\d+)(\.\d+)?$")


def parse_amount(value: Any, *, field: str = "amount", signed: bool = False) -> Decimal:
    """An amount typed by a person, in yuan to the fen, with a message they understand.

    `signed`: a correcting entry may be negative (it takes back part of what it corrects)."""
    text = str(value if value is not None else "").strip().replace("¥", "").replace("￥", "").replace(" ", "")
    if not text:
        raise DomainError({field: _("Enter an amount in yuan, e.g. 1234.50.")})
    if "," in text or "，" in text:
        raise DomainError({field: _("Write the amount without commas, e.g. 1234.50.")})
    match = _NUMBER.match(text)
    if match is None:
        raise DomainError({field: _("Enter the amount as a number in yuan, e.g. 1234.50.")})
    if len(match.group(1).lstrip("0")) > 7:
        raise DomainError({field: _("The amount is too large: at most %(max)s yuan.") % {"max": f"{MAX_AMOUNT:,}"}})
    try:
        amount = Decimal(text)
    except InvalidOperation as exc:  # pragma: no cover (the pattern let only numbers through)
        raise DomainError({field: _("Enter the amount as a number in yuan, e.g. 1234.50.")}) from exc
    if amount != amount.quantize(Decimal("0.01")):
        raise DomainError({field: _("Give the amount to the fen at most (two decimal places).")})
    amount = amount.quantize(Decimal("0.01"))
    if abs(amount) > MAX_AMOUNT:
        raise DomainError({field: _("The amount is too large: at most %(max)s yuan.") % {"max": f"{MAX_AMOUNT:,}"}})
    if amount == 0:
        raise DomainError({field: _("The amount cannot be zero.")})
    if amount < 0 and not signed:
        raise DomainError(
            {field: _("Enter the amount without a minus sign: the category says whether it is income or expense.")}
        )
    return amount


def month_start(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


def next_month(first: datetime.date) -> datetime.date:
    return (first.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)


# ---------------------------------------------------------------------------------------- categories


def categories_ensure(estate: Estate) -> list[Category]:
    """The estate's categories, the defaults written the first time they are asked for."""
    found = list(Category.objects.filter(estate=estate))
    if not found:
        Category.objects.bulk_create(
            [
                Category(estate=estate, code=code, name=name, direction=direction, sort_order=i)
                for i, (code, name, direction) in enumerate(DEFAULT_CATEGORIES)
            ],
            ignore_conflicts=True,
        )
        found = list(Category.objects.filter(estate=estate))
    return found


@transaction.atomic
def category_save(
    *,
    actor: Actor,
    estate: Estate | None = None,
    category: Category | None = None,
    name: str,
    direction: str = "",
    active: bool = True,
) -> Category:
    """Add a category to the estate's ledger, or rename / retire one (its direction never changes:
    the entries already written keep theirs)."""
    if category is not None:
        estate = category.estate
    if estate is None:
        raise DomainError(_("Choose an estate."))
    check_keeps(actor, estate)
    categories_ensure(estate)
    created = category is None
    if category is None:
        if direction not in Direction.values:
            raise DomainError({"direction": _("Choose income or expense.")})
        last = Category.objects.filter(estate=estate).aggregate(m=Max("sort_order"))["m"] or 0
        category = Category(estate=estate, direction=direction, sort_order=last + 1)
    category.name = clean(name, 40, field="name", required=True)
    category.active = active
    try:
        with transaction.atomic():
            category.save()
    except IntegrityError as exc:
        raise DomainError({"name": _("The estate already has a category of that name.")}) from exc
    audit_record(actor=actor, action="create" if created else "update", obj=category, changes={"name": category.name})
    return category


# ------------------------------------------------------------------------------------------- entries


def latest_published(estate: Estate) -> datetime.date | None:
    return Month.objects.filter(estate=estate).aggregate(m=Max("month"))["m"]


def _check_open_day(estate: Estate, day: Any, *, field: str = "occurred_on") -> datetime.date:
    if not isinstance(day, datetime.date) or day.year < 2000:
        raise DomainError({field: _("Enter a date as year-month-day, e.g. 2026-03-08.")})
    if day > timezone.localdate():
        raise DomainError({field: _("The date is in the future: record an entry once it has happened.")})
    last = latest_published(estate)
    if last is not None and day < next_month(last):
        raise DomainError(
            {
                field: _("%(month)s is already published to the owners: date the entry after it.")
                % {"month": last.strftime("%Y-%m")}
            }
        )
    return day


def _receipts_save(entry: Entry, photos: Sequence[ProcessedPhoto]) -> None:
    if entry.receipts.count() + len(photos) > MAX_RECEIPTS:
        raise DomainError({"photos": _("At most %(n)d receipt photos per entry.") % {"n": MAX_RECEIPTS}})
    written: list[str] = []
    try:
        for photo in photos:
            row = Receipt(entry=entry, width=photo.width, height=photo.height, size=len(photo.image))
            row.image.save("receipt.jpg", ContentFile(photo.image), save=False)
            written.append(row.image.name)
            row.thumbnail.save("thumb.jpg", ContentFile(photo.thumbnail), save=False)
            written.append(row.thumbnail.name)
            row.save()
    except BaseException:
        for name in written:  # a file outliving its rolled-back row is never served, but is removed
            default_storage.delete(name)
        raise


def _check_draft(entry: Entry) -> None:
    if entry.status != Entry.Status.DRAFT:
        raise DomainError(
            _("An approved entry is never changed: add a correcting entry (冲正) instead."), code="approved"
        )


@transaction.atomic
def entry_save(
    *,
    actor: Actor,
    estate: Estate | None = None,
    entry: Entry | None = None,
    category: Category,
    occurred_on: datetime.date,
    amount: Any,
    description: str,
    photos: Sequence[ProcessedPhoto] = (),
) -> Entry:
    """Write a draft entry (with its receipt photos), or correct a draft; approved ones refuse."""
    if entry is not None:
        estate = entry.estate
        # Read the row again under lock: a stale page cannot edit an entry approved meanwhile.
        entry = Entry.objects.select_for_update().get(pk=entry.pk)
        _check_draft(entry)
    if estate is None:
        raise DomainError(_("Choose an estate."))
    check_keeps(actor, estate)
    if category.estate_id != estate.pk or (not category.active and (entry is None or entry.category_id != category.pk)):
        raise DomainError({"category": _("Choose a category of this estate's ledger.")})
    value = parse_amount(amount, signed=entry is not None and entry.corrects_id is not None)
    values = {
        "category": category,
        "direction": category.direction,
        "occurred_on": _check_open_day(estate, occurred_on),
        "amount": value,
        "description": clean(description, 300, field="description", required=True),
    }
    if entry is not None and entry.corrects is not None:
        original = entry.corrects
        others = original.corrections.exclude(pk=entry.pk).aggregate(s=Sum("amount"))["s"] or Decimal("0")
        if category.pk != original.category_id:
            raise DomainError({"category": _("A correcting entry keeps the category of the entry it corrects.")})
        if original.amount + others + value < 0:
            raise DomainError({"amount": _("The corrections would take back more than the entry's amount.")})
    created = entry is None
    if entry is None:
        entry = Entry(estate=estate, recorded_by=signed_in(actor), **values)
    else:
        for key, field_value in values.items():
            setattr(entry, key, field_value)
    entry.save()
    _receipts_save(entry, photos)
    audit_record(
        actor=actor, action="create" if created else "update", obj=entry, changes={"amount": str(entry.amount)}
    )
    return entry


@transaction.atomic
def entry_discard(*, actor: Actor, entry: Entry) -> None:
    """Remove a draft written by mistake (its receipt rows with it); an approved entry stays."""
    check_keeps(actor, entry.estate)
    entry = Entry.objects.select_for_update().get(pk=entry.pk)
    _check_draft(entry)
    audit_record(actor=actor, action="delete", obj=entry, changes={"amount": str(entry.amount)})
    entry.receipts.all().delete()
    entry.delete()


def committee_members_on(estate: Estate, day: datetime.date) -> list[Member]:
    """The members of the estate's committee in office on that day, who may approve."""
    return list(
        Member.objects.filter(
            committee__estate=estate, committee__term_starts__lte=day, committee__term_ends__gte=day
        ).order_by("committee__term_starts", "sort_order", "id")
    )


@transaction.atomic
def entry_approve(*, actor: Actor, entry: Entry, member: Member, at: datetime.datetime | None = None) -> Entry:
    """Record the committee's approval of a draft: which member approved it, and when."""
    check_keeps(actor, entry.estate)
    entry = Entry.objects.select_for_update().select_related("estate").get(pk=entry.pk)
    _check_draft(entry)
    at = at or timezone.now()
    if member.pk not in {m.pk for m in committee_members_on(entry.estate, timezone.localtime(at).date())}:
        raise DomainError({"member": _("Choose a member of the estate's owners' committee in office.")})
    entry.status = Entry.Status.APPROVED
    entry.approved_by, entry.approved_at, entry.approval_recorded_by = member, at, signed_in(actor)
    entry.save()
    audit_record(actor=actor, action="update", obj=entry, changes={"status": "approved", "member": member.name})
    return entry


@transaction.atomic
def entry_correct(
    *, actor: Actor, entry: Entry, amount: Any, description: str, occurred_on: datetime.date | None = None
) -> Entry:
    """A correcting entry (冲正) of an approved one: the same category, a signed amount (−500.00
    takes the whole of a 500.00 entry back), a draft for the committee to approve in turn."""
    check_keeps(actor, entry.estate)
    entry = Entry.objects.select_for_update().select_related("estate", "category").get(pk=entry.pk)
    if entry.status != Entry.Status.APPROVED:
        raise DomainError(_("A draft is corrected by editing it; only an approved entry takes a correcting entry."))
    if entry.corrects_id is not None:
        raise DomainError(_("Correct the original entry, not a correcting one."))
    value = parse_amount(amount, signed=True)
    so_far = entry.corrections.aggregate(s=Sum("amount"))["s"] or Decimal("0")
    if entry.amount + so_far + value < 0:
        raise DomainError({"amount": _("The corrections would take back more than the entry's amount.")})
    correction = Entry(
        estate=entry.estate,
        category=entry.category,
        direction=entry.direction,
        occurred_on=_check_open_day(entry.estate, occurred_on or timezone.localdate()),
        amount=value,
        description=clean(description, 300, field="description", required=True),
        corrects=entry,
        recorded_by=signed_in(actor),
    )
    correction.save()
    audit_record(actor=actor, action="create", obj=correction, changes={"corrects": entry.pk, "amount": str(value)})
    return correction


# -------------------------------------------------------------------------------------- publication


def month_blockers(estate: Estate, month: datetime.date, today: datetime.date) -> list[str]:
    """Why the month cannot be published yet (empty: it can)."""
    reasons = []
    if month >= month_start(today):
        reasons.append(_("The month is not over yet."))
    entries = Entry.objects.filter(estate=estate, occurred_on__gte=month, occurred_on__lt=next_month(month))
    if entries.filter(status=Entry.Status.DRAFT).exists():
        reasons.append(_("Some entries of the month wait for the committee's approval."))
    if not entries.exists():
        reasons.append(_("The month has no entry."))
    earlier = Entry.objects.filter(estate=estate, occurred_on__lt=month).dates("occurred_on", "month")
    published = set(Month.objects.filter(estate=estate, month__lt=month).values_list("month", flat=True))
    if any(m not in published for m in earlier):
        reasons.append(_("Publish the earlier months first."))
    if Month.objects.filter(estate=estate, month=month).exists():
        reasons.append(_("The month is already published."))
    return reasons


@transaction.atomic
def month_publish(*, actor: Actor, estate: Estate, month: datetime.date, at: datetime.datetime | None = None) -> Month:
    """Publish a month to the owners once every entry of it is approved."""
    check_keeps(actor, estate)
    Estate.objects.select_for_update().filter(pk=estate.pk).first()  # one publication at a time
    month = month_start(month)
    at = at or timezone.now()
    reasons = month_blockers(estate, month, timezone.localtime(at).date())
    if reasons:
        raise DomainError(" ".join(reasons))
    row = Month.objects.create(estate=estate, month=month, published_at=at, published_by=signed_in(actor))
    audit_record(actor=actor, action="create", obj=row, changes={"month": month.strftime("%Y-%m")})
    return row


# ---------------------------------------------------------------------------------------- questions


def is_published(entry: Entry) -> bool:
    return Month.objects.filter(estate_id=entry.estate_id, month=month_start(entry.occurred_on)).exists()


@transaction.atomic
def question_ask(*, entry: Entry, asker: str, text: str, phone: str = "") -> Question:
    """An owner's question on an entry of a published month (no account)."""
    if not is_published(entry):
        raise DomainError(_("Questions are asked about entries published to the owners."))
    question = Question(
        entry=entry,
        asker=clean(asker, 40, field="asker", required=True),
        text=clean(text, 500, field="text", required=True),
    )
    phone = clean(phone, 30, field="phone")
    if phone:
        try:
            question.set_phone(protect_phone(normalize_phone(phone)))
        except ValidationError as exc:
            raise DomainError({"phone": exc.messages}) from exc
    question.save()
    audit_record(actor=None, action="create", obj=question, changes={"entry": entry.pk})
    return question


@transaction.atomic
def question_answer(*, actor: Actor, question: Question, answer: str) -> Question:
    """The committee's answer (recorded by the community's staff), shown under the entry."""
    check_keeps(actor, question.entry.estate)
    question.answer = clean(answer, 1000, field="answer", required=True)
    question.answered_at = timezone.now()
    question.answered_by = signed_in(actor)
    question.save()
    audit_record(actor=actor, action="update", obj=question, changes={"answered": True})
    return question
