"""Commitments (承诺践诺): party members' yearly public pledges and their fulfilment, the
residents' or villagers' convention (居民公约 / 村规民约), and what a member shows on the member
information board (党员信息公开).

- `PledgeItem`: the community's list of pledge items (e.g. 红六条, 红十条), configuration.
- `Pledge`: a member's pledge for a year (items chosen plus their own words), one per member and
  year; `Fulfilment`: dated entries of what was done (践诺), optionally verified by the branch.
- `Convention` and `ConventionVersion`: the articles, each version adopted on a date by a council
  decision (a decided consultation topic where there is one). The board shows the latest.
- `MemberCard`: the member's post on the board (党员中心户, 楼栋长…), whether they are shown, and
  a photo only with their consent — who recorded the consent and when. Never a personal number.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tongxin.platform.core.models import TimeStamped

MAX_ITEMS = 20
MAX_WORDS = 500


class PledgeItem(models.Model):
    """One item of a community's pledge list (承诺事项)."""

    SCOPE = {"area": "community__path"}

    community = models.ForeignKey(
        "areas.Area", verbose_name=_("community"), on_delete=models.CASCADE, related_name="pledge_items"
    )
    position = models.PositiveSmallIntegerField(_("position"))
    title = models.CharField(_("item"), max_length=40)
    description = models.CharField(_("what it means"), max_length=200, blank=True)
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        ordering = ["community_id", "position", "id"]
        verbose_name = _("pledge item")
        verbose_name_plural = _("pledge items")
        constraints = [
            models.UniqueConstraint(fields=["community", "position"], name="commitments_item_position"),
        ]

    def __str__(self) -> str:
        return self.title


class Pledge(TimeStamped):
    """A member's public pledge (承诺) for a year: items chosen and their own words."""

    SCOPE = {"area": "community__path", "org": "member__org__path"}

    member = models.ForeignKey(
        "party.PartyMember", verbose_name=_("member"), on_delete=models.CASCADE, related_name="pledges"
    )
    community = models.ForeignKey("areas.Area", verbose_name=_("community"), on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("year"))
    items = models.ManyToManyField(PledgeItem, verbose_name=_("items"), related_name="pledges", blank=True)
    words = models.TextField(_("in their own words"), max_length=MAX_WORDS, blank=True)
    pledged_on = models.DateField(_("pledged on"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )

    class Meta:
        ordering = ["-year", "member_id"]
        verbose_name = _("pledge")
        verbose_name_plural = _("pledges")
        constraints = [models.UniqueConstraint(fields=["member", "year"], name="commitments_pledge_per_year")]

    def __str__(self) -> str:
        return f"{self.member_id} {self.year}"


class Fulfilment(models.Model):
    """What the member did to keep the pledge (践诺), dated; the branch may verify it."""

    pledge = models.ForeignKey(Pledge, verbose_name=_("pledge"), on_delete=models.CASCADE, related_name="fulfilments")
    item = models.ForeignKey(
        PledgeItem, verbose_name=_("item"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    done_on = models.DateField(_("done on"))
    text = models.CharField(_("what was done"), max_length=300)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now, editable=False)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    verified_at = models.DateTimeField(_("verified at"), null=True, blank=True, editable=False)

    class Meta:
        ordering = ["pledge_id", "-done_on", "-id"]
        verbose_name = _("fulfilment entry")
        verbose_name_plural = _("fulfilment entries")
        indexes = [models.Index(fields=["done_on"], name="commitments_fulfil_done")]

    def __str__(self) -> str:
        return f"{self.done_on} {self.text}"


class ConventionKind(models.TextChoices):
    RESIDENTS = "residents", _("Residents' convention (居民公约)")
    VILLAGERS = "villagers", _("Villagers' convention (村规民约)")


class Convention(TimeStamped):
    """The community's convention; its text lives in versions, the latest adopted one in force."""

    SCOPE = {"area": "community__path"}

    community = models.OneToOneField(
        "areas.Area", verbose_name=_("community"), on_delete=models.CASCADE, related_name="convention"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=ConventionKind.choices)
    title = models.CharField(_("title"), max_length=60)

    class Meta:
        verbose_name = _("convention")
        verbose_name_plural = _("conventions")

    def __str__(self) -> str:
        return self.title


class ConventionVersion(models.Model):
    """A version of the convention's articles, adopted on a date by a council decision."""

    convention = models.ForeignKey(Convention, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveSmallIntegerField(_("version"))
    # One article a line: the board numbers them (第一条, 第二条…).
    articles = models.TextField(_("articles"), max_length=8000)
    adopted_on = models.DateField(_("adopted on"))
    decided_by = models.CharField(_("decided by"), max_length=100)
    topic = models.ForeignKey(
        "consultation.Topic",
        verbose_name=_("council decision (topic)"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now, editable=False)

    class Meta:
        ordering = ["convention_id", "-number"]
        verbose_name = _("convention version")
        verbose_name_plural = _("convention versions")
        constraints = [models.UniqueConstraint(fields=["convention", "number"], name="commitments_version_number")]

    def __str__(self) -> str:
        return f"{self.convention_id} v{self.number}"

    def article_list(self) -> list[str]:
        return [line.strip() for line in self.articles.splitlines() if line.strip()]


def photo_path(instance: MemberCard, filename: str) -> str:
    # Never the uploaded name: a random one, under the month it was stored in.
    now = timezone.now()
    return f"members/{now:%Y/%m}/{secrets.token_hex(16)}.jpg"


class MemberCard(TimeStamped):
    """What the member information board (党员信息公开) shows of a member beyond name and branch."""

    SCOPE = {"org": "member__org__path"}

    member = models.OneToOneField(
        "party.PartyMember", verbose_name=_("member"), on_delete=models.CASCADE, related_name="board_card"
    )
    post = models.CharField(_("post on the board"), max_length=40, blank=True)
    shown = models.BooleanField(_("shown on the board"), default=True)
    photo = models.FileField(upload_to=photo_path, max_length=200, blank=True)
    # The photo appears only while the member's consent stands; who recorded it and when.
    photo_consent = models.BooleanField(_("consents to the photo being shown"), default=False)
    consent_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    consent_recorded_at = models.DateTimeField(_("consent recorded at"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("member board card")
        verbose_name_plural = _("member board cards")
        constraints = [
            models.CheckConstraint(
                condition=Q(photo_consent=False) | Q(consent_recorded_at__isnull=False),
                name="commitments_consent_recorded",
            )
        ]

    def __str__(self) -> str:
        return f"{self.member_id}"

    @property
    def photo_public(self) -> bool:
        return bool(self.photo) and self.photo_consent
