"""Pairing assistance (结对帮扶, 一帮一 / 多帮一): beneficiaries, their pairings with helpers, visits.

A beneficiary (帮扶对象) is a resident, a needy party member or a household the community looks
after; a pairing names one helper (一帮一) or several (多帮一) — party members, volunteers,
volunteer teams, resident units — with the goal, and is closed with an outcome. Visits record
the help given (with photos); a volunteer's visit credits service hours in the one ledger.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from tongxin.platform.access.actor import Actor
from tongxin.platform.core.models import TimeStamped

DEFAULT_INTERVAL_DAYS = 30


class BeneficiaryKind(models.TextChoices):
    NEEDY_HOUSEHOLD = "needy_household", _("Needy household (困难户)")
    NEEDY_MEMBER = "needy_member", _("Needy party member (困难党员)")
    EMPTY_NEST = "empty_nest", _("Empty-nest elderly (空巢老人)")
    LIVING_ALONE = "living_alone", _("Elderly living alone (独居老人)")
    LEFT_BEHIND_CHILD = "left_behind_child", _("Left-behind child (留守儿童)")
    DISABLED = "disabled", _("Disabled person (残疾人)")
    OTHER = "other", pgettext_lazy("beneficiary kind", "Other")


class Beneficiary(TimeStamped):
    """Someone the community pairs helpers with (帮扶对象): a resident, a needy member or a household.

    `area` is where they live (the household's building, else the community) and scopes the row:
    the grid worker of that grid sees them; `community` is what lists and figures count by.
    """

    SCOPE = {"area": "area__path", "org": "member__org__path"}

    community = models.ForeignKey(
        "areas.Area", verbose_name=_("community"), on_delete=models.PROTECT, related_name="beneficiaries"
    )
    area = models.ForeignKey("areas.Area", verbose_name=_("where"), on_delete=models.PROTECT, related_name="+")
    resident = models.ForeignKey(
        "people.Resident",
        verbose_name=_("resident"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="beneficiary_records",
    )
    member = models.ForeignKey(
        "party.PartyMember",
        verbose_name=_("party member"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="beneficiary_records",
    )
    household = models.ForeignKey(
        "areas.Household",
        verbose_name=_("household"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="beneficiary_records",
    )
    # As named when added (the resident's, the member's, or 'household 101' with its head).
    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=20, choices=BeneficiaryKind.choices)
    needs = models.TextField(_("needs"), max_length=2000, blank=True)
    since = models.DateField(_("looked after since"))
    closed_on = models.DateField(_("no longer looked after from"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )

    class Meta:
        ordering = ["community__path", "name", "id"]
        verbose_name = _("pairing beneficiary")
        verbose_name_plural = _("pairing beneficiaries")
        indexes = [models.Index(fields=["community", "kind"], name="beneficiary_community_kind_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(resident__isnull=False) | Q(member__isnull=False) | Q(household__isnull=False),
                name="beneficiary_is_someone",
            ),
            models.UniqueConstraint(
                fields=["resident"],
                condition=Q(resident__isnull=False, closed_on__isnull=True),
                name="beneficiary_one_open_per_resident",
            ),
            models.UniqueConstraint(
                fields=["member"],
                condition=Q(member__isnull=False, closed_on__isnull=True),
                name="beneficiary_one_open_per_member",
            ),
            models.UniqueConstraint(
                fields=["household"],
                condition=Q(
                    household__isnull=False, resident__isnull=True, member__isnull=True, closed_on__isnull=True
                ),
                name="beneficiary_one_open_per_household",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @staticmethod
    def scope_self_q(user: Actor) -> Q:
        """A helper sees whom they are paired with."""
        return Q(pk__in=PairingHelper.objects.filter(helper_q(user)).values("pairing__beneficiary_id"))


def helper_q(user: Actor, prefix: str = "") -> Q:
    """Helper rows the user stands for: their member record, their volunteer record, or a team they serve in."""
    pk = user.pk
    return (
        Q(**{f"{prefix}member__user_id": pk})
        | Q(**{f"{prefix}volunteer__user_id": pk})
        | Q(
            **{
                f"{prefix}team__memberships__volunteer__user_id": pk,
                f"{prefix}team__memberships__left_on__isnull": True,
            }
        )
    )


class Outcome(models.TextChoices):
    ACHIEVED = "achieved", _("Goal achieved")
    PARTLY = "partly", _("Partly achieved")
    MOVED = "moved", _("Moved away")
    DIED = "died", _("Passed away")
    OTHER = "other", pgettext_lazy("pairing outcome", "Other")


class Pairing(TimeStamped):
    """Helpers paired with a beneficiary (结对): one (一帮一) or many (多帮一), until closed with an outcome."""

    SCOPE = {"area": "beneficiary__area__path", "org": "beneficiary__member__org__path"}

    beneficiary = models.ForeignKey(
        Beneficiary, verbose_name=_("beneficiary"), on_delete=models.CASCADE, related_name="pairings"
    )
    goal = models.CharField(_("goal of the pairing"), max_length=300)
    started_on = models.DateField(_("paired on"))
    visit_interval_days = models.PositiveSmallIntegerField(_("visit every (days)"), default=DEFAULT_INTERVAL_DAYS)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    outcome = models.CharField(_("outcome"), max_length=10, choices=Outcome.choices, blank=True)
    closing_note = models.CharField(_("closing note"), max_length=500, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )

    class Meta:
        ordering = ["-started_on", "-id"]
        verbose_name = _("pairing (结对)")
        verbose_name_plural = _("pairings (结对)")
        indexes = [models.Index(fields=["closed_on", "started_on"], name="pairing_open_idx")]
        constraints = [
            models.UniqueConstraint(
                fields=["beneficiary"], condition=Q(closed_on__isnull=True), name="pairing_one_open_per_beneficiary"
            ),
            models.CheckConstraint(
                condition=(Q(closed_on__isnull=True) & Q(outcome="")) | (Q(closed_on__isnull=False) & ~Q(outcome="")),
                name="pairing_closed_with_outcome",
            ),
            models.CheckConstraint(
                condition=Q(closed_on__isnull=True) | Q(closed_on__gte=F("started_on")),
                name="pairing_closes_after_start",
            ),
            models.CheckConstraint(
                condition=Q(visit_interval_days__gte=1) & Q(visit_interval_days__lte=366),
                name="pairing_interval_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.beneficiary_id} {self.started_on}"

    @property
    def is_open(self) -> bool:
        return self.closed_on is None

    @staticmethod
    def scope_self_q(user: Actor) -> Q:
        return Q(pk__in=PairingHelper.objects.filter(helper_q(user)).values("pairing_id"))


class HelperKind(models.TextChoices):
    MEMBER = "member", _("Party member")
    VOLUNTEER = "volunteer", _("Volunteer")
    TEAM = "team", _("Volunteer team")
    UNIT = "unit", _("Resident unit")


class PairingHelper(models.Model):
    """One helper of a pairing: exactly one of a member, a volunteer, a team, a resident unit."""

    SCOPE = {"area": "pairing__beneficiary__area__path"}

    pairing = models.ForeignKey(Pairing, on_delete=models.CASCADE, related_name="helpers")
    member = models.ForeignKey(
        "party.PartyMember", null=True, blank=True, on_delete=models.PROTECT, related_name="pairing_helps"
    )
    volunteer = models.ForeignKey(
        "service.Volunteer", null=True, blank=True, on_delete=models.PROTECT, related_name="pairing_helps"
    )
    team = models.ForeignKey(
        "service.VolunteerTeam", null=True, blank=True, on_delete=models.PROTECT, related_name="pairing_helps"
    )
    unit = models.ForeignKey(
        "cobuild.ResidentUnit", null=True, blank=True, on_delete=models.PROTECT, related_name="pairing_helps"
    )
    name = models.CharField(_("helper"), max_length=100)

    class Meta:
        ordering = ["pairing_id", "id"]
        verbose_name = _("helper")
        verbose_name_plural = _("helpers")
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(member__isnull=False, volunteer__isnull=True, team__isnull=True, unit__isnull=True)
                    | Q(member__isnull=True, volunteer__isnull=False, team__isnull=True, unit__isnull=True)
                    | Q(member__isnull=True, volunteer__isnull=True, team__isnull=False, unit__isnull=True)
                    | Q(member__isnull=True, volunteer__isnull=True, team__isnull=True, unit__isnull=False)
                ),
                name="pairing_helper_exactly_one",
            ),
            models.UniqueConstraint(fields=["pairing", "member"], name="pairing_helper_member_once"),
            models.UniqueConstraint(fields=["pairing", "volunteer"], name="pairing_helper_volunteer_once"),
            models.UniqueConstraint(fields=["pairing", "team"], name="pairing_helper_team_once"),
            models.UniqueConstraint(fields=["pairing", "unit"], name="pairing_helper_unit_once"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def kind(self) -> str:
        if self.member_id:
            return HelperKind.MEMBER
        if self.volunteer_id:
            return HelperKind.VOLUNTEER
        if self.team_id:
            return HelperKind.TEAM
        return HelperKind.UNIT

    def get_kind_display(self) -> str:
        return str(HelperKind(self.kind).label)


class HelpKind(models.TextChoices):
    VISIT = "visit", _("Visit and chat (走访谈心)")
    MONEY = "money", _("Money (资金)")
    GOODS = "goods", _("Goods (物资)")
    SERVICE = "service", _("Service (服务)")
    OTHER = "other", pgettext_lazy("kind of help", "Other")


# Kinds of help that carry an amount in yuan (the money, or the value of the goods).
AMOUNT_KINDS = (HelpKind.MONEY, HelpKind.GOODS)


class PairingVisit(models.Model):
    """A visit of a pairing's helper and the help given (走访帮扶记录)."""

    SCOPE = {"area": "pairing__beneficiary__area__path", "org": "pairing__beneficiary__member__org__path"}

    pairing = models.ForeignKey(Pairing, verbose_name=_("pairing"), on_delete=models.CASCADE, related_name="visits")
    visited_on = models.DateField(_("visited on"))
    helper = models.ForeignKey(
        PairingHelper,
        verbose_name=_("helper who went"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="visits",
    )
    by_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    # Who went, as written on the record (a helper without an account is named here).
    by_name = models.CharField(_("visited by"), max_length=100)
    help_kind = models.CharField(_("help given"), max_length=10, choices=HelpKind.choices)
    amount = models.DecimalField(_("amount (yuan)"), max_digits=9, decimal_places=2, null=True, blank=True)
    hours = models.DecimalField(_("hours of service"), max_digits=4, decimal_places=1, null=True, blank=True)
    note = models.TextField(_("note"), max_length=2000, blank=True)
    case = models.ForeignKey(
        "cases.Case",
        verbose_name=_("case reported"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-visited_on", "-id"]
        verbose_name = _("pairing visit")
        verbose_name_plural = _("pairing visits")
        indexes = [models.Index(fields=["pairing", "visited_on"], name="pairingvisit_pairing_day_idx")]
        constraints = [
            models.CheckConstraint(
                condition=(Q(help_kind__in=AMOUNT_KINDS) & Q(amount__gt=0))
                | (~Q(help_kind__in=AMOUNT_KINDS) & Q(amount__isnull=True)),
                name="pairingvisit_amount_for_money_goods",
            ),
            models.CheckConstraint(
                condition=Q(hours__isnull=True) | (Q(hours__gt=0) & Q(hours__lte=24)),
                name="pairingvisit_hours_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.pairing_id} {self.visited_on}"


def photo_path(instance: PairingPhoto, filename: str) -> str:
    # Never the uploaded name: a random one, under the month it was stored in.
    now = timezone.now()
    return f"pairing/{now:%Y/%m}/{secrets.token_hex(16)}.jpg"


class PairingPhoto(models.Model):
    """A photo of a visit: the app's own re-encoded JPEG (no EXIF), served through a scoped view."""

    visit = models.ForeignKey(PairingVisit, on_delete=models.CASCADE, related_name="photos")
    file = models.FileField(upload_to=photo_path, max_length=200)
    thumbnail = models.FileField(upload_to=photo_path, max_length=200)
    width = models.PositiveIntegerField(default=0)
    height = models.PositiveIntegerField(default=0)
    size = models.PositiveIntegerField(default=0)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    content_type = "image/jpeg"
    is_image = True

    class Meta:
        ordering = ["visit_id", "id"]
        verbose_name = _("visit photo")
        verbose_name_plural = _("visit photos")

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return f"visit-{self.visit_id}-{self.pk}.jpg"
