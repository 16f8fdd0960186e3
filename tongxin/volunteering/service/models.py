"""Volunteer teams (志愿服务队), their volunteers, the services they offer, and service hours.

Teams belong to a community (or a grid, or a resident unit's place); a volunteer is a person
registered in one community — a resident, a party member, or someone known by name only — and
may serve in many teams. Hours from every source (an activity's check-in/out, work on a service
request, a leader's entry) land in one ledger, `ServiceHours`, so that a person's record, a
team's total and the community's figures all read the same rows. Only confirmed hours count.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from tongxin.platform.core.models import TimeStamped
from tongxin.platform.core.people import NamedPerson, ProtectedPhone

MAX_HOURS_A_DAY = Decimal("24")


class Speciality(models.TextChoices):
    MEDICAL = "medical", _("Medical rounds (医疗巡诊)")
    REPAIRS = "repairs", _("Repairs (维修)")
    LEGAL = "legal", _("Legal aid (法律援助)")
    PATROL = "patrol", _("Patrol (治安巡逻)")
    MEDIATION = "mediation", _("Mediation (矛盾调解)")
    CULTURE = "culture", _("Culture and sports (文体)")
    ENVIRONMENT = "environment", _("Environment (环境保护)")
    ELDERLY = "elderly", _("Elderly care (为老服务)")
    CHILDREN = "children", _("Children and youth (关爱青少年)")
    OTHER = "other", _("Other")


class VolunteerTeam(TimeStamped):
    """A volunteer team (志愿服务队) of a community, a grid, or a resident unit."""

    SCOPE = {"area": "area__path"}

    area = models.ForeignKey(
        "areas.Area", verbose_name=_("community or grid"), on_delete=models.PROTECT, related_name="volunteer_teams"
    )
    # A team a resident unit (驻区单位) brings to the community: the hospital's medical team.
    unit = models.ForeignKey(
        "cobuild.ResidentUnit",
        verbose_name=_("resident unit"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="volunteer_teams",
    )
    name = models.CharField(_("name"), max_length=100)
    speciality = models.CharField(_("speciality"), max_length=20, choices=Speciality.choices)
    description = models.TextField(_("description"), blank=True, max_length=2000)
    leader = models.ForeignKey(
        "service.Volunteer",
        verbose_name=_("leader"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="teams_led",
    )
    founded_on = models.DateField(_("founded on"), null=True, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["area__path", "name"]
        verbose_name = _("volunteer team")
        verbose_name_plural = _("volunteer teams")
        constraints = [models.UniqueConstraint(fields=["area", "name"], name="unique_team_name")]

    def __str__(self) -> str:
        return self.name


class Volunteer(NamedPerson, ProtectedPhone, TimeStamped):
    """A person registered as a volunteer in a community (a resident, a member, or by name).

    The phone is how a volunteer without an account is found again (keyed hash, masked on
    screen). A volunteer with an account (`user`) signs up and checks in themself.
    """

    SCOPE = {"area": "area__path"}

    area = models.ForeignKey(
        "areas.Area", verbose_name=_("community"), on_delete=models.PROTECT, related_name="volunteers"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="volunteer_records",
    )
    resident = models.ForeignKey(
        "people.Resident",
        verbose_name=_("resident"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="volunteer_records",
    )
    member = models.ForeignKey(
        "party.PartyMember",
        verbose_name=_("party member"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="volunteer_records",
    )
    skills = models.CharField(_("skills"), max_length=200, blank=True)
    registered_on = models.DateField(_("registered on"))
    is_active = models.BooleanField(_("active"), default=True)
    teams = models.ManyToManyField(VolunteerTeam, through="TeamMembership", related_name="volunteers")

    class Meta:
        ordering = ["name_pinyin", "id"]
        verbose_name = _("volunteer")
        verbose_name_plural = _("volunteers")
        constraints = [
            models.UniqueConstraint(
                fields=["area", "user"], condition=Q(user__isnull=False), name="unique_volunteer_user_per_area"
            ),
            models.UniqueConstraint(
                fields=["area", "member"], condition=Q(member__isnull=False), name="unique_volunteer_member_per_area"
            ),
            models.UniqueConstraint(
                fields=["area", "resident"],
                condition=Q(resident__isnull=False),
                name="unique_volunteer_resident_per_area",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class TeamMembership(models.Model):
    """A volunteer in a team, from a date (and until one, when they leave)."""

    SCOPE = {"area": "team__area__path"}

    team = models.ForeignKey(VolunteerTeam, on_delete=models.CASCADE, related_name="memberships")
    volunteer = models.ForeignKey(Volunteer, on_delete=models.CASCADE, related_name="memberships")
    joined_on = models.DateField(_("joined on"))
    left_on = models.DateField(_("left on"), null=True, blank=True)

    class Meta:
        ordering = ["team_id", "joined_on", "id"]
        constraints = [models.UniqueConstraint(fields=["team", "volunteer"], name="unique_team_membership")]

    def __str__(self) -> str:
        return f"{self.volunteer_id} in {self.team_id}"


class ServiceOffering(TimeStamped):
    """A service in the catalogue residents browse (上门维修, 代买代缴, 法律咨询…).

    A request for it becomes a case of `case_category`, handed to the team.
    """

    SCOPE = {"area": "team__area__path"}

    team = models.ForeignKey(VolunteerTeam, verbose_name=_("team"), on_delete=models.CASCADE, related_name="offerings")
    name = models.CharField(_("service"), max_length=100)
    description = models.TextField(_("description"), blank=True, max_length=2000)
    case_category = models.ForeignKey(
        "cases.CaseCategory",
        verbose_name=_("case category"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    is_active = models.BooleanField(_("offered now"), default=True)

    class Meta:
        ordering = ["team_id", "name"]
        verbose_name = _("catalogue service")
        verbose_name_plural = _("catalogue services")

    def __str__(self) -> str:
        return self.name


class HoursSource(models.TextChoices):
    ACTIVITY = "activity", _("Activity")
    CASE = "case", _("Service request")
    PROGRAMME = "programme", _("Teaching a programme")
    PAIRING = "pairing", _("Pairing assistance")
    MANUAL = "manual", _("Entered by the leader")


class ServiceHours(models.Model):
    """Service hours (志愿时长) credited to a volunteer: one row per person per piece of service.

    `area` is where the service was given (the activity's or the team's community), which is
    what scopes the row and what a community's totals count. A row counts once a leader or
    staff confirmed it (`confirmed_at`). `source` + `source_id` name what it came from, so that
    the same check-out or the same case never credits the same person twice.
    """

    SCOPE = {"area": "area__path"}

    volunteer = models.ForeignKey(
        Volunteer, verbose_name=_("volunteer"), on_delete=models.PROTECT, related_name="hours"
    )
    team = models.ForeignKey(
        VolunteerTeam, verbose_name=_("team"), null=True, blank=True, on_delete=models.SET_NULL, related_name="hours"
    )
    area = models.ForeignKey("areas.Area", verbose_name=_("where"), on_delete=models.PROTECT, related_name="+")
    served_on = models.DateField(_("date"), db_index=True)
    hours = models.DecimalField(_("hours"), max_digits=5, decimal_places=2)
    people_served = models.PositiveIntegerField(_("people served"), default=0)
    description = models.CharField(_("service given"), max_length=200)
    source = models.CharField(_("from"), max_length=20, choices=HoursSource.choices)
    source_id = models.PositiveBigIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-served_on", "-id"]
        verbose_name = _("service hours")
        verbose_name_plural = _("service hours")
        indexes = [
            models.Index(fields=["volunteer", "served_on"]),
            models.Index(fields=["team", "served_on"]),
            models.Index(fields=["area", "served_on"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["source", "source_id", "volunteer"],
                condition=Q(source_id__isnull=False),
                name="unique_hours_per_source",
            ),
            models.CheckConstraint(
                condition=Q(hours__gt=0) & Q(hours__lte=MAX_HOURS_A_DAY), name="service_hours_in_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.volunteer_id} {self.served_on} {self.hours}h"


class ServiceRequest(models.Model):
    """A resident's request for a catalogue service: the case it became, and the team asked.

    The case follows the grid's workflow (accepted, handed to the team, returned resolved);
    this row says which team and service it was for, so the team sees its requests and the
    community counts them.
    """

    SCOPE = {"area": "area__path"}

    case = models.OneToOneField(
        "cases.Case", verbose_name=_("case"), on_delete=models.CASCADE, related_name="service_request"
    )
    offering = models.ForeignKey(
        ServiceOffering,
        verbose_name=_("catalogue service"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="requests",
    )
    team = models.ForeignKey(VolunteerTeam, verbose_name=_("team"), on_delete=models.PROTECT, related_name="requests")
    area = models.ForeignKey("areas.Area", verbose_name=_("community"), on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("asked at"), auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("service request")
        verbose_name_plural = _("service requests")

    def __str__(self) -> str:
        return f"{self.team_id}: {self.case_id}"
