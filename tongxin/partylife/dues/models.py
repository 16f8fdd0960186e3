"""Party dues (党费): each member's dues base over time, and the payments made per month.

The dues of a month are the `amount` of the base in force that month (the latest base whose
month is not after it); a new base therefore recalculates every month from its own onwards,
and the history of bases is kept. Payments are recorded per member and month; a month may
take several payments (a top-up after a raise), and what a month still owes is
max(due − paid, 0) — see `queries.py`, where it is computed in the database.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from tongxin.partylife.dues import months
from tongxin.partylife.dues.rates import DuesKind
from tongxin.platform.access.actor import Actor
from tongxin.platform.access.roles import Perm
from tongxin.platform.core.models import TimeStamped

MONTH_RANGE = Q(month__gte=months.FIRST_YEAR * 100 + 1) & Q(month__lte=months.LAST_YEAR * 100 + 12)


class ScopedByMember(models.Model):
    """Seen by those who may read dues in the member's subtree, and by the member."""

    SCOPE = {"org": "member__org__path"}
    VIEW_PERM = Perm.VIEW_DUES

    class Meta:
        abstract = True

    @staticmethod
    def scope_self_q(user: Actor) -> Q:
        return Q(member__user_id=user.pk)

    @property
    def month_label(self) -> str:
        return months.label(self.month)  # type: ignore[attr-defined]


class DuesBase(ScopedByMember, TimeStamped):
    member = models.ForeignKey(
        "party.PartyMember", verbose_name=_("member"), on_delete=models.CASCADE, related_name="dues_bases"
    )
    # YYYYMM of the first month this base applies to.
    month = models.PositiveIntegerField(_("effective from (month)"))
    kind = models.CharField(_("kind"), max_length=20, choices=DuesKind.choices)
    monthly_income = models.DecimalField(
        _("monthly after-tax income (yuan)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    voluntary_amount = models.DecimalField(
        _("voluntary monthly amount (yuan)"), max_digits=7, decimal_places=2, null=True, blank=True
    )
    # The rate and monthly amount as computed when the base was set: a later change of the
    # brackets must not rewrite what members owed under the old ones.
    rate = models.DecimalField(_("rate"), max_digits=6, decimal_places=4, null=True, blank=True)
    amount = models.DecimalField(_("monthly dues (yuan)"), max_digits=7, decimal_places=2)
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        ordering = ["member_id", "month"]
        verbose_name = _("dues base")
        verbose_name_plural = _("dues bases")
        constraints = [
            models.UniqueConstraint(fields=["member", "month"], name="dues_base_one_per_member_month"),
            models.CheckConstraint(condition=MONTH_RANGE, name="dues_base_month_range"),
            models.CheckConstraint(condition=Q(amount__gte=0), name="dues_base_amount_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.member_id} {months.label(self.month)} {self.amount}"


class DuesPayment(ScopedByMember, TimeStamped):
    member = models.ForeignKey(
        "party.PartyMember", verbose_name=_("member"), on_delete=models.CASCADE, related_name="dues_payments"
    )
    # YYYYMM of the month paid for (not the day it was paid: that is `paid_on`).
    month = models.PositiveIntegerField(_("month paid for"))
    amount = models.DecimalField(_("amount (yuan)"), max_digits=9, decimal_places=2)
    paid_on = models.DateField(_("paid on"))
    # 代缴: someone paid on the member's behalf; blank when the member paid.
    paid_by = models.CharField(_("paid on the member's behalf by"), max_length=50, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    note = models.CharField(_("receipt note"), max_length=200, blank=True)

    class Meta:
        ordering = ["member_id", "month", "id"]
        verbose_name = _("dues payment")
        verbose_name_plural = _("dues payments")
        indexes = [models.Index(fields=["member", "month"], name="dues_payment_member_month")]
        constraints = [
            models.CheckConstraint(condition=MONTH_RANGE, name="dues_payment_month_range"),
            models.CheckConstraint(condition=Q(amount__gt=0), name="dues_payment_amount_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.member_id} {months.label(self.month)} {self.amount}"
