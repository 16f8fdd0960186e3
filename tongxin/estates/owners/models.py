"""Owners' committees (业委会) of estates without a property company, and red-property
cross-appointments (红色物业: 双向进入、交叉任职).

Seed 003's three-in-one (三位一体): the owners' committee keeps the money (业委会管钱, the ledger
app), the residents' committee runs the matters (居委会管事: community staff keep these
records), the owners supervise (业主监督: the public ledger and their questions).

A `Committee` is one term of an estate's owners' committee: elected on a day, in office from
`term_starts` to `term_ends`. The estate's current committee is its latest term started; a new
election is a new row, so who approved an old ledger entry still names a member of that term.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from tongxin.platform.core.models import TimeStamped
from tongxin.platform.core.people import ProtectedPhone

# A term ending within this many days is on the workbench: time to organise the election.
TERM_NOTICE_DAYS = 60


class Committee(TimeStamped):
    """One term of an estate's owners' committee (业主委员会)."""

    SCOPE = {"area": "estate__community__path"}

    estate = models.ForeignKey(
        "areas.Estate", verbose_name=_("estate"), on_delete=models.PROTECT, related_name="owners_committees"
    )
    elected_on = models.DateField(_("elected on"))
    term_starts = models.DateField(_("term starts"))
    term_ends = models.DateField(_("term ends"))
    note = models.TextField(_("note"), max_length=2000, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )

    class Meta:
        ordering = ["estate", "-term_starts", "-id"]
        verbose_name = _("owners' committee")
        verbose_name_plural = _("owners' committees")
        indexes = [models.Index(fields=["term_ends"], name="owners_committee_end_idx")]
        constraints = [
            models.UniqueConstraint(fields=["estate", "term_starts"], name="owners_committee_one_term_start"),
            models.CheckConstraint(condition=Q(term_ends__gt=F("term_starts")), name="owners_committee_ends_after"),
            models.CheckConstraint(
                condition=Q(elected_on__lte=F("term_starts")), name="owners_committee_elected_first"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.estate_id} {self.term_starts}–{self.term_ends}"


class Post(models.TextChoices):
    CHAIR = "chair", _("Chair (主任)")
    VICE_CHAIR = "vice_chair", _("Vice-chair (副主任)")
    MEMBER = "member", _("Member (委员)")


POST_ORDER: dict[str, int] = {Post.CHAIR: 0, Post.VICE_CHAIR: 1, Post.MEMBER: 2}


class Member(ProtectedPhone):
    """A member of one term of an owners' committee; the phone is encrypted, shown masked."""

    SCOPE = {"area": "committee__estate__community__path"}

    committee = models.ForeignKey(Committee, on_delete=models.CASCADE, related_name="members")
    name = models.CharField(_("name"), max_length=50)
    post = models.CharField(_("post"), max_length=12, choices=Post.choices, default=Post.MEMBER)
    # The resident of the registry this member is, when known (an owner living in the estate).
    resident = models.ForeignKey(
        "people.Resident",
        verbose_name=_("resident"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    sort_order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["committee", "sort_order", "id"]
        verbose_name = _("committee member")
        verbose_name_plural = _("committee members")
        constraints = [
            models.UniqueConstraint(
                fields=["committee"], condition=Q(post="chair"), name="owners_member_one_chair_per_term"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class CrossAppointment(TimeStamped):
    """红色物业: one person holding a post both in the estate's property company (or property
    service) and in the community's Party organization (双向进入、交叉任职)."""

    SCOPE = {"area": "estate__community__path"}

    estate = models.ForeignKey(
        "areas.Estate", verbose_name=_("estate"), on_delete=models.PROTECT, related_name="cross_appointments"
    )
    person = models.CharField(_("person"), max_length=50)
    company = models.CharField(_("property company or service"), max_length=100)
    company_post = models.CharField(_("post in the property company"), max_length=60)
    party_post = models.CharField(_("post in the Party organization"), max_length=60)
    since = models.DateField(_("since"))
    until = models.DateField(_("until"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        ordering = ["estate", "-since", "id"]
        verbose_name = _("cross-appointment")
        verbose_name_plural = _("cross-appointments")
        constraints = [
            models.CheckConstraint(
                condition=Q(until__isnull=True) | Q(until__gte=F("since")), name="owners_cross_until_after_since"
            ),
        ]

    def __str__(self) -> str:
        return self.person
