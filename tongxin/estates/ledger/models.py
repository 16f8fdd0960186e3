"""The income and expense ledger (收支台账) of an estate without a property company.

三位一体: the owners' committee keeps the money (业委会管钱). Community staff write each entry as
a draft, with its receipt photos; the committee approves it — recorded by the community's staff
on the committee's behalf, naming which member of the committee approved and when (members
have no accounts: the approval is read out at the committee's meeting or signed on the paper
receipt, and staff record it). An approved entry is never edited nor deleted: a mistake is put
right by a correcting entry (冲正) that references it, with a signed amount of its own. The
services refuse the change, and the database refuses any UPDATE of an approved row (a trigger
in migration 0002), so nothing else can either.

Once every entry of a month is approved, the month is published to the owners (published_at):
the public page shows published months only, with totals per category, income, expense and the
running balance. A published month is closed: no new entry is dated in it (a correction made
later is dated the day it is made). Months are published in order, so a running balance never
counts an unpublished month.

Owners supervise (业主监督): they ask about an entry of a published month, without an account
(name or door number, text, optionally a phone — stored encrypted, never shown), and the
committee's answer is shown under the entry on the public page.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tongxin.platform.core.models import TimeStamped
from tongxin.platform.core.people import ProtectedPhone


class Direction(models.TextChoices):
    INCOME = "income", _("Income")
    EXPENSE = "expense", _("Expense")


# The categories an estate starts with (per estate editable): (code, name, direction).
DEFAULT_CATEGORIES: list[tuple[str, str, str]] = [
    ("parking", "停车费", Direction.INCOME),
    ("advertising", "公共收益（广告）", Direction.INCOME),
    ("venue", "公共收益（场地）", Direction.INCOME),
    ("other_income", "其他收入", Direction.INCOME),
    ("cleaning", "保洁", Direction.EXPENSE),
    ("greening", "绿化", Direction.EXPENSE),
    ("repairs", "维修", Direction.EXPENSE),
    ("utilities", "水电", Direction.EXPENSE),
    ("security", "保安", Direction.EXPENSE),
    ("other_expense", "其他支出", Direction.EXPENSE),
]


class Category(models.Model):
    """A category of the estate's ledger; its direction decides the direction of its entries."""

    SCOPE = {"area": "estate__community__path"}

    estate = models.ForeignKey("areas.Estate", on_delete=models.PROTECT, related_name="ledger_categories")
    name = models.CharField(_("name"), max_length=40)
    direction = models.CharField(_("direction"), max_length=8, choices=Direction.choices)
    # The default it was made from ("parking"), or "" for one the estate added.
    code = models.CharField(max_length=20, blank=True, editable=False)
    active = models.BooleanField(_("in use"), default=True)
    sort_order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["estate", "direction", "sort_order", "id"]
        verbose_name = _("ledger category")
        verbose_name_plural = _("ledger categories")
        constraints = [models.UniqueConstraint(fields=["estate", "name"], name="ledger_category_unique_name")]

    def __str__(self) -> str:
        return self.name


class Entry(models.Model):
    """One line of the ledger: income or expense of a category, on a day, in yuan."""

    SCOPE = {"area": "estate__community__path"}

    class Status(models.TextChoices):
        DRAFT = "draft", _("Waiting for the committee's approval")
        APPROVED = "approved", _("Approved by the committee")

    estate = models.ForeignKey("areas.Estate", on_delete=models.PROTECT, related_name="ledger_entries")
    category = models.ForeignKey(Category, verbose_name=_("category"), on_delete=models.PROTECT, related_name="+")
    # Copied from the category when written: a category renamed or retired later does not turn
    # past income into expense.
    direction = models.CharField(_("direction"), max_length=8, choices=Direction.choices, editable=False)
    occurred_on = models.DateField(_("date"))
    # Positive, except on a correcting entry (冲正), which may take back part of what it corrects.
    amount = models.DecimalField(_("amount (yuan)"), max_digits=12, decimal_places=2)
    description = models.CharField(_("description"), max_length=300)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    corrects = models.ForeignKey(
        "self",
        verbose_name=_("corrects"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="corrections",
    )
    approved_by = models.ForeignKey(
        "owners.Member",
        verbose_name=_("approved by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    # The staff member who recorded the approval on the committee's behalf.
    approval_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    recorded_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["estate", "occurred_on", "id"]
        verbose_name = _("ledger entry")
        verbose_name_plural = _("ledger entries")
        indexes = [
            models.Index(fields=["estate", "status", "occurred_on"], name="ledger_entry_estate_day_idx"),
            models.Index(fields=["occurred_on"], name="ledger_entry_day_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gt=0) | (Q(corrects__isnull=False) & ~Q(amount=0)),
                name="ledger_entry_amount_positive",
            ),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(approved_by__isnull=False, approved_at__isnull=False),
                name="ledger_entry_approved_names_member",
            ),
            models.CheckConstraint(condition=Q(direction__in=["income", "expense"]), name="ledger_entry_direction"),
        ]

    def __str__(self) -> str:
        return f"{self.occurred_on} {self.description}"

    @property
    def signed_amount(self) -> object:
        return self.amount if self.direction == Direction.INCOME else -self.amount


def receipt_path(instance: Receipt, filename: str) -> str:
    # Never the uploaded name: a random one, under the month it was stored in.
    now = timezone.now()
    return f"ledger/{now:%Y/%m}/{secrets.token_hex(16)}{filename[filename.rfind('.') :]}"


class Receipt(models.Model):
    """A photo of an entry's receipt (发票, 收据), re-encoded without EXIF."""

    entry = models.ForeignKey(Entry, on_delete=models.PROTECT, related_name="receipts")
    image = models.FileField(upload_to=receipt_path, max_length=200)
    thumbnail = models.FileField(upload_to=receipt_path, max_length=200)
    width = models.PositiveIntegerField(default=0)
    height = models.PositiveIntegerField(default=0)
    size = models.PositiveIntegerField(default=0)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["entry", "id"]
        verbose_name = _("receipt photo")
        verbose_name_plural = _("receipt photos")


class Month(models.Model):
    """A month of an estate's ledger published to the owners."""

    SCOPE = {"area": "estate__community__path"}

    estate = models.ForeignKey("areas.Estate", on_delete=models.PROTECT, related_name="ledger_months")
    month = models.DateField(_("month"))  # its first day
    published_at = models.DateTimeField(_("published at"))
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )

    class Meta:
        ordering = ["estate", "month"]
        verbose_name = _("published month")
        verbose_name_plural = _("published months")
        constraints = [models.UniqueConstraint(fields=["estate", "month"], name="ledger_month_once")]

    def __str__(self) -> str:
        return f"{self.estate_id} {self.month:%Y-%m}"


class Question(TimeStamped, ProtectedPhone):
    """An owner's question on a published entry (业主监督), and the committee's answer."""

    SCOPE = {"area": "entry__estate__community__path"}

    entry = models.ForeignKey(Entry, on_delete=models.PROTECT, related_name="questions")
    asker = models.CharField(_("name or door number"), max_length=40)
    text = models.TextField(_("question"), max_length=500)
    answer = models.TextField(_("answer"), max_length=1000, blank=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )

    class Meta:
        ordering = ["entry", "created_at", "id"]
        verbose_name = _("owner's question")
        verbose_name_plural = _("owners' questions")
        indexes = [models.Index(fields=["created_at"], name="ledger_question_asked_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(answered_at__isnull=True) | ~Q(answer=""), name="ledger_question_answer_has_text"
            )
        ]

    def __str__(self) -> str:
        return self.text[:30]
