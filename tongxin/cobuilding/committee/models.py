"""The big committee (大党委 / 联合党委 / 共建联系委员会) and its joint meetings (联席会).

A community's big committee has full-time members (the community's own) and part-time members
(兼职委员) from resident units, the police station, the property company, the school, each with a
post and a term; a reminder is due before a term ends (换届). A joint committee unites member
branches — the Party organizations of resident units — whose members are PartyMember records in
those branches: the members with a "dual identity" (seed 003's 590) are counted and reached as
people, not typed as a number.

The joint meeting meets on the committee's schedule (quarterly or half-yearly): members propose
agenda items until AGENDA_DAYS (default 15) days before it; attendance and minutes are kept, and
a decision can become a co-building project. A committee whose last meeting is older than its
period is behind schedule, flagged as 三会一课 meetings are.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from tongxin.platform.core.models import TimeStamped
from tongxin.platform.core.people import NamedPerson, ProtectedPhone

AGENDA_DAYS = 15
# A reminder before a term ends (the committee's or a member's), in days.
TERM_NOTICE_DAYS = 60


class JointCommittee(TimeStamped):
    """A community's big committee or a joint committee of resident units' branches."""

    SCOPE = {"area": "community__path"}

    class Kind(models.TextChoices):
        BIG = "big", _("Big committee (大党委)")
        JOINT = "joint", _("Joint committee (联合党委)")
        LIAISON = "liaison", _("Co-building liaison committee (共建联系委员会)")

    class Frequency(models.TextChoices):
        QUARTERLY = "quarterly", _("Quarterly")
        HALF_YEARLY = "half_yearly", _("Half-yearly")

    community = models.ForeignKey(
        "areas.Area", verbose_name=_("community"), on_delete=models.PROTECT, related_name="joint_committees"
    )
    # The committee as a node of the organization tree, when it is one (a 联合党委 usually is).
    org = models.ForeignKey(
        "party.Organization",
        verbose_name=_("as an organization"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="joint_committees",
    )
    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.BIG)
    term_starts_on = models.DateField(_("term from"))
    term_ends_on = models.DateField(_("term until"))
    meeting_frequency = models.CharField(
        _("joint meetings"), max_length=12, choices=Frequency.choices, default=Frequency.QUARTERLY
    )
    agenda_days = models.PositiveSmallIntegerField(_("agenda closes, days before a meeting"), default=AGENDA_DAYS)
    active = models.BooleanField(_("active"), default=True)
    note = models.TextField(_("note"), max_length=2000, blank=True)
    # The term end (换届) the inbox notice was sent for: once per term, a renewed term is told again.
    term_notice_for = models.DateField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["community__path", "name", "id"]
        verbose_name = _("big committee")
        verbose_name_plural = _("big committees")
        constraints = [
            models.CheckConstraint(condition=Q(term_ends_on__gt=F("term_starts_on")), name="committee_term_order"),
            models.CheckConstraint(
                condition=Q(agenda_days__gte=1) & Q(agenda_days__lte=60), name="committee_agenda_days_range"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Seat(NamedPerson, ProtectedPhone, TimeStamped):
    """A member of the big committee (委员) with a post and a term: full-time (the community's) or
    part-time (兼职委员, from a unit)."""

    SCOPE = {"area": "committee__community__path"}

    class Post(models.TextChoices):
        SECRETARY = "secretary", _("Secretary (书记)")
        DEPUTY = "deputy", _("Deputy secretary (副书记)")
        MEMBER = "member", pgettext_lazy("committee post", "Member (委员)")

    committee = models.ForeignKey(JointCommittee, on_delete=models.CASCADE, related_name="seats")
    post = models.CharField(_("post"), max_length=10, choices=Post.choices, default=Post.MEMBER)
    full_time = models.BooleanField(_("full-time"), default=False)
    unit = models.ForeignKey(
        "cobuild.ResidentUnit",
        verbose_name=_("unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="committee_seats",
    )
    # What they are at their unit ("派出所副所长", "物业公司经理").
    unit_title = models.CharField(_("title at the unit"), max_length=50, blank=True)
    member = models.ForeignKey(
        "party.PartyMember",
        verbose_name=_("party member record"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="committee_seats",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="committee_seats",
    )
    starts_on = models.DateField(_("term from"))
    ends_on = models.DateField(_("term until"))
    left_on = models.DateField(_("left the committee on"), null=True, blank=True)
    term_notice_for = models.DateField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["committee", "post", "-full_time", "id"]
        verbose_name = _("committee member")
        verbose_name_plural = _("committee members")
        constraints = [models.CheckConstraint(condition=Q(ends_on__gt=F("starts_on")), name="seat_term_order")]

    def __str__(self) -> str:
        return self.name


class MemberBranch(models.Model):
    """A member branch of a joint committee: a resident unit's Party organization (its subtree's
    members are the committee's members with a dual identity)."""

    committee = models.ForeignKey(JointCommittee, on_delete=models.CASCADE, related_name="branches")
    org = models.ForeignKey(
        "party.Organization", verbose_name=_("branch"), on_delete=models.PROTECT, related_name="member_of_committees"
    )
    unit = models.ForeignKey(
        "cobuild.ResidentUnit",
        verbose_name=_("unit"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    joined_on = models.DateField(_("joined on"))
    left_on = models.DateField(_("left the committee on"), null=True, blank=True)

    class Meta:
        ordering = ["committee", "org__path"]
        verbose_name = _("member branch")
        verbose_name_plural = _("member branches")
        constraints = [models.UniqueConstraint(fields=["committee", "org"], name="memberbranch_once")]

    def __str__(self) -> str:
        return f"{self.committee_id}: {self.org_id}"


class JointMeeting(TimeStamped):
    """A joint meeting (联席会) of a committee."""

    SCOPE = {"area": "committee__community__path"}

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        HELD = "held", pgettext_lazy("joint meeting", "Held")
        CANCELLED = "cancelled", pgettext_lazy("meeting", "Cancelled")

    committee = models.ForeignKey(JointCommittee, on_delete=models.CASCADE, related_name="meetings")
    title = models.CharField(_("title"), max_length=100)
    starts_at = models.DateTimeField(_("time"))
    place = models.CharField(_("place"), max_length=100)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PLANNED)
    chair = models.CharField(_("chair"), max_length=50, blank=True)
    clerk = models.CharField(_("clerk"), max_length=50, blank=True)
    summary = models.TextField(_("minutes"), max_length=8000, blank=True)
    held_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )

    class Meta:
        ordering = ["-starts_at", "-id"]
        verbose_name = _("joint meeting")
        verbose_name_plural = _("joint meetings")
        indexes = [models.Index(fields=["committee", "status", "starts_at"], name="jointmeeting_comm_idx")]

    def __str__(self) -> str:
        return self.title


class AgendaItem(models.Model):
    """An agenda item proposed for a joint meeting, and what the meeting decided on it."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Proposed")
        ACCEPTED = "accepted", _("On the agenda")
        DECLINED = "declined", _("Not taken")
        DECIDED = "decided", pgettext_lazy("agenda item", "Decided")

    meeting = models.ForeignKey(JointMeeting, on_delete=models.CASCADE, related_name="agenda")
    title = models.CharField(_("item"), max_length=100)
    description = models.TextField(_("description"), max_length=2000, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PROPOSED)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    proposer_name = models.CharField(_("proposed by"), max_length=50, blank=True)
    proposer_unit = models.ForeignKey(
        "cobuild.ResidentUnit",
        verbose_name=_("for the unit"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    proposed_at = models.DateTimeField(auto_now_add=True)
    discussion = models.TextField(_("discussion"), max_length=4000, blank=True)
    decision = models.TextField(_("decision"), max_length=2000, blank=True)
    # The co-building project the decision became.
    project = models.ForeignKey(
        "projects.Project", null=True, blank=True, on_delete=models.SET_NULL, related_name="agenda_items"
    )
    sort_order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["meeting", "sort_order", "id"]
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")

    def __str__(self) -> str:
        return self.title


class Attendance(models.Model):
    """Who was expected at a joint meeting and whether they came (a seat, or a guest by name)."""

    meeting = models.ForeignKey(JointMeeting, on_delete=models.CASCADE, related_name="attendance")
    seat = models.ForeignKey(Seat, null=True, blank=True, on_delete=models.SET_NULL, related_name="attendance")
    name = models.CharField(_("name"), max_length=50)
    unit_name = models.CharField(_("unit"), max_length=100, blank=True)
    present = models.BooleanField(_("present"), default=False)
    note = models.CharField(_("note"), max_length=100, blank=True)

    class Meta:
        ordering = ["meeting", "id"]
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "seat"], condition=Q(seat__isnull=False), name="attendance_once_per_seat"
            )
        ]

    def __str__(self) -> str:
        return f"{self.meeting_id}: {self.name}"
