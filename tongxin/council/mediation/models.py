"""Mediation (人民调解): the committee and its mediators, dispute sweeps, mediation cases with their
parties and sessions, the written agreement and the follow-up visit.

A mediation case (调解案件) is accepted by a committee of a community or village, by hand, from a
sweep's finding (矛盾纠纷排查) or from a grid case handed over to the committee. It is mediated in
sessions, settled with an outcome (an agreement, none, or referred to the 司法所 or a court) and,
when there is an agreement (人民调解协议书, 人民调解法 art. 29), closed by the follow-up visit (回访)
that records whether it was performed. State moves are conditional UPDATEs in the services, so
two people recording the outcome at once make one outcome.

The parties' phone and ID numbers are stored encrypted with a keyed hash and a masked form
(ProtectedIdentity); the full number is shown only to the case's mediators and to holders of
Perm.MEDIATE over the case's place, and every reveal is audited.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from tongxin.platform.core.models import TimeStamped
from tongxin.platform.core.people import NamedPerson, ProtectedIdentity

CODE_LENGTH = 8


class DisputeKind(models.TextChoices):
    NEIGHBOURS = "neighbours", _("Neighbours (邻里纠纷)")
    FAMILY = "family", _("Family (婚姻家庭)")
    PROPERTY = "property", _("Property management (物业纠纷)")
    LAND = "land", _("Land (土地纠纷)")
    LABOUR = "labour", _("Labour (劳动纠纷)")
    OTHER = "other", pgettext_lazy("dispute kind", "Other")


class Committee(TimeStamped):
    """A people's mediation committee (人民调解委员会) of a community or village."""

    SCOPE = {"area": "area__path"}

    area = models.ForeignKey(
        "areas.Area", verbose_name=_("place"), on_delete=models.PROTECT, related_name="mediation_committees"
    )
    name = models.CharField(_("name"), max_length=100)
    founded_on = models.DateField(_("founded on"), null=True, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["area__path", "name"]
        verbose_name = _("mediation committee")
        verbose_name_plural = _("mediation committees")

    def __str__(self) -> str:
        return self.name


class MediatorKind(models.TextChoices):
    STAFF = "staff", _("Community staff")
    VOLUNTEER = "volunteer", _("Volunteer (e.g. 老年义务调解员)")
    RESIDENT = "resident", _("Resident")
    PARTY_MEMBER = "party_member", _("Party member")


class Mediator(NamedPerson):
    """A mediator of a committee for a term (任期); linked to the registry where the person is there."""

    committee = models.ForeignKey(Committee, on_delete=models.CASCADE, related_name="mediators")
    kind = models.CharField(_("kind"), max_length=20, choices=MediatorKind.choices, default=MediatorKind.VOLUNTEER)
    speciality = models.CharField(_("speciality"), max_length=20, choices=DisputeKind.choices, blank=True)
    resident = models.ForeignKey(
        "people.Resident", null=True, blank=True, on_delete=models.SET_NULL, related_name="mediator_seats"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="mediator_seats"
    )
    term_start = models.DateField(_("term starts"))
    term_end = models.DateField(_("term ends"), null=True, blank=True)

    class Meta:
        ordering = ["committee", "name_pinyin", "id"]
        verbose_name = _("mediator")
        verbose_name_plural = _("mediators")

    def __str__(self) -> str:
        return self.name

    def serves_on(self, day: object) -> bool:
        return self.term_start <= day and (self.term_end is None or self.term_end >= day)  # type: ignore[operator]


class Sweep(TimeStamped):
    """A dispute sweep (矛盾纠纷排查) of a grid: when, who swept, what was found."""

    SCOPE = {"area": "area__path"}

    area = models.ForeignKey("areas.Area", verbose_name=_("grid"), on_delete=models.PROTECT, related_name="sweeps")
    swept_on = models.DateField(_("swept on"))
    swept_by = models.CharField(_("swept by"), max_length=200)
    found = models.PositiveIntegerField(_("disputes found"), default=0)
    notes = models.TextField(_("what was found"), blank=True, max_length=4000)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)

    class Meta:
        ordering = ["-swept_on", "-id"]
        verbose_name = _("dispute sweep")
        verbose_name_plural = _("dispute sweeps")

    def __str__(self) -> str:
        return f"{self.area} {self.swept_on:%Y-%m-%d}"


class CaseState(models.TextChoices):
    OPEN = "open", _("Being mediated")
    # Settled with an agreement: waiting for the follow-up visit.
    AGREED = "agreed", _("Agreement reached, follow-up due")
    CLOSED = "closed", pgettext_lazy("mediation case state", "Closed")


class Source(models.TextChoices):
    MANUAL = "manual", _("Applied at the committee")
    SWEEP = "sweep", _("Found in a dispute sweep")
    CASE = "case", _("Handed over from a grid case")


class Outcome(models.TextChoices):
    AGREEMENT = "agreement", _("Agreement reached")
    NO_AGREEMENT = "no_agreement", _("No agreement")
    JUSTICE_OFFICE = "justice_office", _("Referred to the justice office (司法所)")
    COURT = "court", _("Referred to a court")


class SettledAt(models.TextChoices):
    """Where it was settled: 小事不出格、大事不出社区(村)、矛盾不上交."""

    GRID = "grid", _("Inside the grid")
    COMMUNITY = "community", _("In the community or village")
    ABOVE = "above", _("Above the community")


class Performance(models.TextChoices):
    PERFORMED = "performed", _("Performed")
    PARTLY = "partly", _("Partly performed")
    NOT = "not", _("Not performed")


def new_code() -> str:
    return "TJ" + secrets.token_hex(3).upper()


class MediationCase(TimeStamped):
    SCOPE = {"area": "committee__area__path"}

    code = models.CharField(_("number"), max_length=CODE_LENGTH, unique=True, default=new_code)
    committee = models.ForeignKey(
        Committee, verbose_name=_("committee"), on_delete=models.PROTECT, related_name="cases"
    )
    # Where the dispute is: a grid, a building, the community itself.
    area = models.ForeignKey(
        "areas.Area", verbose_name=_("place"), on_delete=models.PROTECT, related_name="mediation_cases"
    )
    kind = models.CharField(_("kind of dispute"), max_length=20, choices=DisputeKind.choices)
    title = models.CharField(_("title"), max_length=120)
    facts = models.TextField(_("facts and points in dispute"), max_length=4000)
    source = models.CharField(_("source"), max_length=10, choices=Source.choices, default=Source.MANUAL)
    sweep = models.ForeignKey(Sweep, null=True, blank=True, on_delete=models.SET_NULL, related_name="cases")
    handover = models.OneToOneField(
        "cases.CaseHandover", null=True, blank=True, on_delete=models.SET_NULL, related_name="mediation"
    )
    grid_case = models.ForeignKey(
        "cases.Case", null=True, blank=True, on_delete=models.SET_NULL, related_name="mediations"
    )
    mediators = models.ManyToManyField(Mediator, blank=True, related_name="cases", verbose_name=_("mediators"))
    state = models.CharField(_("state"), max_length=10, choices=CaseState.choices, default=CaseState.OPEN)
    accepted_on = models.DateField(_("accepted on"))
    # Settled within a month as a rule (MEDIATION_SETTLE_DAYS): past it the case is overdue.
    due_on = models.DateField(_("to settle by"))
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices, blank=True)
    outcome_note = models.TextField(_("outcome in words"), blank=True, max_length=2000)
    settled_on = models.DateField(_("settled on"), null=True, blank=True)
    settled_at = models.CharField(_("settled where"), max_length=10, choices=SettledAt.choices, blank=True)
    followup_on = models.DateField(_("follow-up visit on"), null=True, blank=True)
    performance = models.CharField(_("performed"), max_length=10, choices=Performance.choices, blank=True)
    followup_note = models.TextField(_("follow-up notes"), blank=True, max_length=2000)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)

    class Meta:
        ordering = ["-accepted_on", "-id"]
        indexes = [models.Index(fields=["state", "due_on"], name="mediation_state_due")]
        verbose_name = _("mediation case")
        verbose_name_plural = _("mediation cases")

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    @classmethod
    def scope_self_q(cls, user: object) -> Q:
        """The case's own mediators (a volunteer with an account) see their cases."""
        user_id = getattr(user, "pk", None)
        if user_id is None:
            return Q(pk__in=[])
        return Q(mediators__user_id=user_id)

    @property
    def is_overdue(self) -> bool:
        return self.state == CaseState.OPEN and self.due_on < timezone.localdate()


class Party(NamedPerson, ProtectedIdentity):
    """A party to the dispute (当事人): an applicant or a respondent."""

    class Role(models.TextChoices):
        APPLICANT = "applicant", _("Applicant (申请人)")
        RESPONDENT = "respondent", _("Respondent (被申请人)")

    case = models.ForeignKey(MediationCase, on_delete=models.CASCADE, related_name="parties")
    role = models.CharField(_("role"), max_length=12, choices=Role.choices)
    address = models.CharField(_("address"), max_length=200, blank=True)

    class Meta:
        ordering = ["case", "role", "id"]
        verbose_name = _("party")
        verbose_name_plural = _("parties")

    def __str__(self) -> str:
        return self.name


class Session(models.Model):
    """One mediation session (调解): who was there and what was said."""

    case = models.ForeignKey(MediationCase, on_delete=models.CASCADE, related_name="sessions")
    held_on = models.DateField(_("held on"))
    place = models.CharField(_("place"), max_length=100, blank=True)
    mediators = models.ManyToManyField(Mediator, related_name="sessions", verbose_name=_("mediators present"))
    parties = models.ManyToManyField(Party, blank=True, related_name="sessions", verbose_name=_("parties present"))
    notes = models.TextField(_("what was said"), max_length=4000)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["case", "held_on", "id"]
        verbose_name = _("mediation session")
        verbose_name_plural = _("mediation sessions")

    def __str__(self) -> str:
        return f"{self.case_id} {self.held_on:%Y-%m-%d}"


def scan_path(instance: Agreement, filename: str) -> str:
    # Never the uploaded name: a random one, under the month it was stored in.
    now = timezone.now()
    return f"mediation/{now:%Y/%m}/{secrets.token_hex(16)}{filename[filename.rfind('.') :]}"


class Agreement(models.Model):
    """The written agreement (人民调解协议书) with the contents art. 29 requires; it takes effect
    when signed (made_on), which starts the 30 days to apply for judicial confirmation (art. 33)."""

    case = models.OneToOneField(MediationCase, on_delete=models.CASCADE, related_name="agreement")
    made_on = models.DateField(_("signed on"))
    facts = models.TextField(_("facts and points in dispute"), max_length=4000)
    obligations = models.TextField(_("obligations agreed"), max_length=4000)
    performance = models.TextField(_("how they are performed"), max_length=2000)
    perform_by = models.DateField(_("performed by"))
    scan = models.FileField(upload_to=scan_path, blank=True)
    scan_type = models.CharField(max_length=30, blank=True)
    scan_size = models.PositiveIntegerField(default=0)
    scan_uploaded_at = models.DateTimeField(null=True, blank=True)
    scan_uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("mediation agreement")
        verbose_name_plural = _("mediation agreements")

    def __str__(self) -> str:
        return f"{self.case_id} {self.made_on:%Y-%m-%d}"
