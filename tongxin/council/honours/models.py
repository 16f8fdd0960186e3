"""Honours (评先评优): awards, nominations, review, publicity and award; the good-deeds wall (善行善举墙).

An award (十佳孝老爱亲和谐家庭, 优秀党员…) is configuration of a community or subdistrict for a
year: who may be nominated and how many places. Nominations come from staff, from a Party
branch (its secretary nominating its members) or from residents on the public page; each is
reviewed (accepted, or declined with a reason); the accepted ones are made public (公示, seven
days by default) and anyone may object; once the publicity is over and every objection answered
the award is conferred and the accepted nominees are its winners.

What the public sees of a nominee is `display_name`, fixed when the nomination is made: a
person's name, a household as its family name and 家 (张家), a team's name — never a door
number, never a phone number (a nominator's phone is encrypted and never shown).

The wall's entries (`Deed`) are written by staff; a photo is shown publicly only where the
person consented, and the consent says who recorded it and when.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from tongxin.platform.core.models import TimeStamped
from tongxin.platform.core.people import ProtectedPhone


class NomineeKind(models.TextChoices):
    HOUSEHOLD = "household", _("A household (family)")
    RESIDENT = "resident", _("A resident")
    PARTY_MEMBER = "party_member", _("A party member")
    VOLUNTEER = "volunteer", _("A volunteer (resident)")
    TEAM = "team", _("A team")


class AwardState(models.TextChoices):
    OPEN = "open", _("Taking nominations")
    PUBLICITY = "publicity", _("In publicity (公示)")
    AWARDED = "awarded", _("Awarded")


class Award(TimeStamped):
    """An award of a community or subdistrict for one year (and round)."""

    SCOPE = {"area": "area__path"}

    area = models.ForeignKey(
        "areas.Area", verbose_name=_("awarded by"), on_delete=models.PROTECT, related_name="awards"
    )
    name = models.CharField(_("name"), max_length=60)
    nominee_kind = models.CharField(_("who may be nominated"), max_length=20, choices=NomineeKind.choices)
    places = models.PositiveSmallIntegerField(_("places"))
    year = models.PositiveSmallIntegerField(_("year"), db_index=True)
    round = models.CharField(_("round"), max_length=40, blank=True)
    description = models.TextField(_("description"), blank=True, max_length=2000)
    public_nominations = models.BooleanField(_("residents may nominate on the public page"), default=True)
    publicity_days = models.PositiveSmallIntegerField(_("days of publicity"), default=7)
    state = models.CharField(_("state"), max_length=10, choices=AwardState.choices, default=AwardState.OPEN)
    publicity_starts = models.DateTimeField(_("publicity starts"), null=True, blank=True)
    publicity_ends = models.DateTimeField(_("publicity ends"), null=True, blank=True)
    awarded_on = models.DateField(_("awarded on"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-year", "area__path", "name", "id"]
        verbose_name = _("award")
        verbose_name_plural = _("awards")

    def __str__(self) -> str:
        return f"{self.year} {self.name}"


class NominationSource(models.TextChoices):
    STAFF = "staff", _("Community staff")
    BRANCH = "branch", _("Party branch")
    PUBLIC = "public", _("A resident (public page)")


class NominationState(models.TextChoices):
    SUBMITTED = "submitted", _("Waiting for review")
    ACCEPTED = "accepted", pgettext_lazy("honours", "Accepted")
    DECLINED = "declined", pgettext_lazy("honours", "Declined")
    WINNER = "winner", _("Winner")


class Nomination(ProtectedPhone, TimeStamped):
    """One nominee for an award. The phone is the public nominator's, optional, never shown."""

    SCOPE = {"area": "award__area__path"}

    award = models.ForeignKey(Award, on_delete=models.CASCADE, related_name="nominations")
    # The nominee's place (building, or the award's area for a team): the board of a community
    # shows only its own nominees of a subdistrict's award.
    place = models.ForeignKey("areas.Area", on_delete=models.PROTECT, related_name="+")
    household = models.ForeignKey(
        "areas.Household", null=True, blank=True, on_delete=models.SET_NULL, related_name="nominations"
    )
    resident = models.ForeignKey(
        "people.Resident", null=True, blank=True, on_delete=models.SET_NULL, related_name="nominations"
    )
    party_member = models.ForeignKey(
        "party.PartyMember", null=True, blank=True, on_delete=models.SET_NULL, related_name="nominations"
    )
    display_name = models.CharField(_("nominee"), max_length=60)
    # What a public nominator wrote of where the nominee lives (door number): staff only.
    address_note = models.CharField(_("where they live"), max_length=60, blank=True)
    reason = models.TextField(_("why"), max_length=2000)
    source = models.CharField(_("nominated by"), max_length=10, choices=NominationSource.choices)
    organization = models.ForeignKey(
        "party.Organization", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    nominated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    nominator_name = models.CharField(_("nominator"), max_length=50, blank=True)
    ip_hash = models.CharField(max_length=64, blank=True, default="", db_index=True, editable=False)
    state = models.CharField(
        _("state"), max_length=10, choices=NominationState.choices, default=NominationState.SUBMITTED
    )
    decline_reason = models.CharField(_("reason for declining"), max_length=500, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["award", "display_name", "id"]
        verbose_name = _("nomination")
        verbose_name_plural = _("nominations")

    def __str__(self) -> str:
        return self.display_name


class ObjectionStatus(models.TextChoices):
    OPEN = "open", _("Waiting for an answer")
    UPHELD = "upheld", _("Upheld: the nominee is withdrawn")
    DISMISSED = "dismissed", _("Dismissed")


class NominationObjection(ProtectedPhone, TimeStamped):
    """An objection to a nominee in publicity (异议), from the public page."""

    SCOPE = {"area": "nomination__award__area__path"}

    nomination = models.ForeignKey(Nomination, on_delete=models.CASCADE, related_name="objections")
    text = models.TextField(_("objection"), max_length=2000)
    name = models.CharField(_("name"), max_length=50, blank=True)
    ip_hash = models.CharField(max_length=64, blank=True, default="", db_index=True, editable=False)
    status = models.CharField(_("status"), max_length=10, choices=ObjectionStatus.choices, default=ObjectionStatus.OPEN)
    answer = models.TextField(_("answer"), blank=True, max_length=2000)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("objection")
        verbose_name_plural = _("objections")


class WallBoard(models.TextChoices):
    """The four boards of seed 001's 善行善举墙."""

    DEEDS = "deeds", _("Good deeds (善行义举)")
    VOLUNTEERS = "volunteers", _("Volunteers (志愿者风采)")
    FILIAL = "filial", _("Filial families (孝老爱亲)")
    DEVOTION = "devotion", _("Devotion (爱岗敬业·奉献)")


def deed_photo_path(instance: Deed, filename: str) -> str:
    return f"deeds/{instance.area_id}/{filename}"


class Deed(TimeStamped):
    """An entry of the good-deeds wall, written by staff."""

    SCOPE = {"area": "area__path"}

    area = models.ForeignKey("areas.Area", verbose_name=_("community"), on_delete=models.PROTECT, related_name="+")
    board = models.CharField(_("board"), max_length=12, choices=WallBoard.choices)
    title = models.CharField(_("title"), max_length=60)
    story = models.TextField(_("story"), max_length=2000)
    happened_on = models.DateField(_("date"))
    person_name = models.CharField(_("person or household"), max_length=60)
    household = models.ForeignKey("areas.Household", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    resident = models.ForeignKey("people.Resident", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    photo = models.FileField(upload_to=deed_photo_path, blank=True)
    thumbnail = models.FileField(upload_to=deed_photo_path, blank=True)
    # The photo is shown publicly only with the person's consent, recorded by whom and when.
    photo_consent = models.BooleanField(_("the person consents to the photo being shown"), default=False)
    consent_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    consent_recorded_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-happened_on", "-id"]
        verbose_name = _("good deed")
        verbose_name_plural = _("good deeds")

    def __str__(self) -> str:
        return self.title

    @property
    def photo_public(self) -> bool:
        return bool(self.photo) and self.photo_consent
