"""Posts held by members (设岗定责) and the points scheme (积分): rules, manual entries."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from tongxin.platform.access.actor import Actor
from tongxin.platform.core.models import TimeStamped
from tongxin.registry.party.models import Organization, PartyMember


class PostKind(models.TextChoices):
    MODEL = "model", _("Model post (党员示范岗)")
    AREA = "area", _("Responsibility area (党员责任区)")
    CLAIMED = "claimed", _("Claimed post (认领岗位)")
    OTHER = "other", _("Other post")


class Post(TimeStamped):
    """A post an organization sets up for its members (设岗定责), with the duties that go with it."""

    SCOPE = {"org": "org__path"}

    org = models.ForeignKey(
        Organization, verbose_name=_("organization"), on_delete=models.PROTECT, related_name="posts"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=PostKind.choices, default=PostKind.MODEL)
    title = models.CharField(_("title"), max_length=100)
    duties = models.TextField(_("duties (岗位职责)"), max_length=2000, blank=True)
    # A responsibility area covers a place: a building or a grid of the branch.
    area = models.ForeignKey(
        "areas.Area", verbose_name=_("area covered"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )

    class Meta:
        ordering = ["org__path", "kind", "title", "id"]
        verbose_name = _("post")
        verbose_name_plural = _("posts")

    def __str__(self) -> str:
        return self.title


class PostHolding(models.Model):
    """A member holding a post from one day to another (open while still held); history is kept."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="holdings")
    member = models.ForeignKey(PartyMember, on_delete=models.CASCADE, related_name="post_holdings")
    from_on = models.DateField(_("from"))
    to_on = models.DateField(_("until"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["post", "-from_on", "id"]
        verbose_name = _("post holding")
        verbose_name_plural = _("post holdings")
        indexes = [models.Index(fields=["member", "from_on"], name="holding_member_from_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(to_on__isnull=True) | Q(to_on__gte=F("from_on")), name="holding_ends_after_start"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member_id} @ {self.post_id} {self.from_on}"


class PointRule(models.Model):
    """A deployment's override of one default rule of `tongxin.partylife.points.rules`."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    points = models.DecimalField(_("points per unit"), max_digits=6, decimal_places=2)
    yearly_cap = models.DecimalField(_("yearly cap"), max_digits=8, decimal_places=2, null=True, blank=True)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("point rule")
        verbose_name_plural = _("point rules")

    def __str__(self) -> str:
        return self.code


class PointEntry(models.Model):
    """Points given or taken by hand for something no source records (with the reason)."""

    SCOPE = {"org": "member__org__path"}

    member = models.ForeignKey(PartyMember, on_delete=models.CASCADE, related_name="point_entries")
    on = models.DateField(_("date"))
    points = models.DecimalField(_("points"), max_digits=6, decimal_places=1)
    reason = models.CharField(_("reason"), max_length=200)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["member", "-on", "-id"]
        verbose_name = _("point entry")
        verbose_name_plural = _("point entries")
        indexes = [models.Index(fields=["member", "on"], name="pointentry_member_on_idx")]
        constraints = [models.CheckConstraint(condition=~Q(points=0), name="pointentry_not_zero")]

    def __str__(self) -> str:
        return f"{self.member_id} {self.on} {self.points}"

    @staticmethod
    def scope_self_q(user: Actor) -> Q:
        return Q(member__user_id=user.pk)
