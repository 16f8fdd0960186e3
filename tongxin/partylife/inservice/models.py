"""In-service members reporting in to a community (在职党员双报到) and the service they give there;
the help given to needy members (困难党员).

A member reports in to one community at a time (where they live, usually): the report-in is
seen both by the community (area tree) and by the member's own organization (org tree). Service
entered by community staff or the member's organization is confirmed at once; an entry the
member makes for themself waits until staff confirm it, and only confirmed hours count.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from tongxin.platform.access.actor import Actor
from tongxin.platform.core.models import TimeStamped
from tongxin.registry.party.models import PartyMember

MIN_HOURS = Decimal("0.5")
MAX_HOURS = Decimal("24")


class PostType(models.TextChoices):
    """The usual kinds of post an in-service member claims (认领岗位)."""

    POLICY = "policy", _("Policy outreach (政策宣传)")
    ENVIRONMENT = "environment", _("Environment clean-up (环境整治)")
    MEDIATION = "mediation", _("Dispute mediation (矛盾调解)")
    CARE = "care", _("Care and help (关爱帮扶)")
    CIVILITY = "civility", _("Civility campaigns (文明创建)")
    PATROL = "patrol", _("Public-order patrol (治安巡逻)")
    OTHER = "other", _("Other")


class ReportIn(TimeStamped):
    """A member reported in to a community (双报到), with the post they claimed there."""

    SCOPE = {"area": "community__path", "org": "member__org__path"}

    member = models.ForeignKey(
        PartyMember, verbose_name=_("member"), on_delete=models.CASCADE, related_name="reports_in"
    )
    # As on the slip (报到单) when the member reported in; the register may change later.
    employer = models.CharField(_("employer"), max_length=100, blank=True)
    employer_org = models.CharField(_("employer's party organization"), max_length=100, blank=True)
    community = models.ForeignKey(
        "areas.Area", verbose_name=_("community reported to"), on_delete=models.PROTECT, related_name="reports_in"
    )
    reported_on = models.DateField(_("reported in on"))
    post_type = models.CharField(_("type of post"), max_length=20, choices=PostType.choices, blank=True)
    # The post claimed (认领岗位): one the community set up in the points app, or free text.
    claimed_post = models.ForeignKey(
        "points.Post",
        verbose_name=_("claimed post (认领岗位)"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reports_in",
    )
    post = models.CharField(_("post claimed (认领岗位)"), max_length=100, blank=True)
    skills = models.CharField(_("skills (特长)"), max_length=200, blank=True)
    needs = models.CharField(_("wishes and needs"), max_length=200, blank=True)
    active = models.BooleanField(_("active"), default=True)
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    end_reason = models.CharField(_("why it ended"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    # Empty while a member's own report-in waits for staff; only confirmed reports-in count.
    # Declined: ended (not active) without ever being confirmed; the reason is `end_reason`.
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True, editable=False)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("confirmed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )

    class Meta:
        ordering = ["-reported_on", "-id"]
        verbose_name = _("report-in (双报到)")
        verbose_name_plural = _("reports-in (双报到)")
        indexes = [models.Index(fields=["community", "active"], name="reportin_community_active_idx")]
        constraints = [
            # One community at a time: the member ends one report-in before the next.
            models.UniqueConstraint(fields=["member"], condition=Q(active=True), name="reportin_one_active_per_member"),
            models.CheckConstraint(
                condition=(Q(active=True) & Q(ended_on__isnull=True)) | (Q(active=False) & Q(ended_on__isnull=False)),
                name="reportin_active_xor_ended",
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=F("reported_on")),
                name="reportin_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member_id} → {self.community_id} {self.reported_on}"

    @property
    def confirmed(self) -> bool:
        return self.confirmed_at is not None

    @property
    def waiting(self) -> bool:
        """The member's own report-in, waiting for staff to confirm it."""
        return self.active and self.confirmed_at is None

    @property
    def declined(self) -> bool:
        return not self.active and self.confirmed_at is None

    @staticmethod
    def scope_self_q(user: Actor) -> Q:
        return Q(member__user_id=user.pk)


class ServiceLog(models.Model):
    """Service a member gave in the community they reported in to (the service card, 服务卡)."""

    SCOPE = {"area": "report_in__community__path", "org": "member__org__path"}

    member = models.ForeignKey(
        PartyMember, verbose_name=_("member"), on_delete=models.CASCADE, related_name="service_logs"
    )
    report_in = models.ForeignKey(ReportIn, on_delete=models.CASCADE, related_name="service_logs")
    served_on = models.DateField(_("served on"))
    hours = models.DecimalField(_("hours"), max_digits=4, decimal_places=1)
    description = models.CharField(_("what was done"), max_length=300)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    # Empty while a member's own entry waits for staff; only confirmed hours count.
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("confirmed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-served_on", "-id"]
        verbose_name = _("service entry")
        verbose_name_plural = _("service entries")
        indexes = [
            models.Index(fields=["member", "served_on"], name="servicelog_member_day_idx"),
            models.Index(fields=["report_in", "served_on"], name="servicelog_report_day_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(hours__gte=MIN_HOURS) & Q(hours__lte=MAX_HOURS), name="servicelog_hours_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member_id} {self.served_on} {self.hours}h"

    @property
    def confirmed(self) -> bool:
        return self.confirmed_at is not None

    @staticmethod
    def scope_self_q(user: Actor) -> Q:
        return Q(member__user_id=user.pk)


class HelpKind(models.TextChoices):
    VISIT = "visit", _("Visit (走访慰问)")
    MATERIAL = "material", _("Material help (物质帮扶)")
    POST = "post", _("Post arranged (安排岗位)")
    OTHER = "other", _("Other help")


class NeedyHelp(TimeStamped):
    """Help given to a needy member (困难党员): a visit, money or goods, a post arranged."""

    SCOPE = {"org": "member__org__path"}

    member = models.ForeignKey(
        PartyMember, verbose_name=_("member"), on_delete=models.CASCADE, related_name="needy_help"
    )
    given_on = models.DateField(_("date"))
    kind = models.CharField(_("kind of help"), max_length=10, choices=HelpKind.choices)
    # Money, or the value of goods, in yuan: for material help only.
    amount = models.DecimalField(_("amount (yuan)"), max_digits=9, decimal_places=2, null=True, blank=True)
    description = models.CharField(_("description"), max_length=300, blank=True)
    given_by = models.CharField(_("given by"), max_length=100, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )

    class Meta:
        ordering = ["-given_on", "-id"]
        verbose_name = _("help for a needy member")
        verbose_name_plural = _("help for needy members")
        indexes = [models.Index(fields=["member", "given_on"], name="needyhelp_member_day_idx")]
        constraints = [
            models.CheckConstraint(
                condition=(Q(kind="material") & Q(amount__gt=0)) | (~Q(kind="material") & Q(amount__isnull=True)),
                name="needyhelp_amount_for_material_only",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member_id} {self.given_on} {self.kind}"
