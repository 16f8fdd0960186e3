"""Programmes for residents (课堂与活动班): classes and courses a community runs, their sessions,
who enrolled, and who came.

A programme belongs to a community; its teachers are volunteers of the service ledger, so
teaching a session that was held credits service hours like any other service. Seats are a
counter on the programme (`enrolled`), taken with a conditional UPDATE so that two people
asking for the last seat at once cannot both get it; the rest wait in order (`waiting_seq`).
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from tongxin.platform.core.models import TimeStamped
from tongxin.platform.core.people import NamedPerson, ProtectedPhone

MAX_CAPACITY = 2000
MAX_AGE = 120
CODE_LENGTH = 8


class ProgrammeKind(models.TextChoices):
    AFTER_SCHOOL = "after_school", _("After-school class (四点半学校)")
    SUMMER_CARE = "summer_care", _("Summer care class (暑期托管班)")
    LECTURE = "lecture", _("Lecture (社区大讲堂)")
    INTEREST = "interest", _("Interest course (兴趣课程)")
    OTHER = "other", pgettext_lazy("programme kind", "Other")


class Audience(models.TextChoices):
    CHILDREN = "children", _("Children, enrolled by a guardian")
    ADULTS = "adults", _("Adults")
    ANYONE = "anyone", _("Anyone")


class Programme(TimeStamped):
    """A class or course of a community, with a number of seats and a waiting list."""

    SCOPE = {"area": "area__path"}

    area = models.ForeignKey(
        "areas.Area", verbose_name=_("community"), on_delete=models.PROTECT, related_name="programmes"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=ProgrammeKind.choices)
    title = models.CharField(pgettext_lazy("programme", "title"), max_length=100)
    description = models.TextField(_("description"), blank=True, max_length=2000)
    place = models.CharField(_("place"), max_length=100)
    start_date = models.DateField(_("first day"))
    end_date = models.DateField(_("last day"))
    capacity = models.PositiveIntegerField(_("seats"))
    # Seats taken (enrolments with status enrolled); changed only by conditional UPDATEs.
    enrolled = models.PositiveIntegerField(default=0, editable=False)
    # Last waiting-list number handed out: the order in which people wait.
    waiting_seq = models.PositiveIntegerField(default=0, editable=False)
    min_age = models.PositiveSmallIntegerField(_("youngest age"), null=True, blank=True)
    max_age = models.PositiveSmallIntegerField(_("oldest age"), null=True, blank=True)
    audience = models.CharField(_("who may enrol"), max_length=20, choices=Audience.choices, default=Audience.ANYONE)
    teachers = models.ManyToManyField(
        "service.Volunteer", verbose_name=_("teachers"), blank=True, related_name="programmes_taught"
    )
    team = models.ForeignKey(
        "service.VolunteerTeam",
        verbose_name=_("team"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="programmes",
    )
    is_published = models.BooleanField(_("open for public enrolment"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-start_date", "title", "id"]
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        indexes = [models.Index(fields=["area", "start_date"]), models.Index(fields=["is_published", "end_date"])]
        constraints = [
            models.CheckConstraint(condition=Q(end_date__gte=F("start_date")), name="programme_dates_in_order"),
            models.CheckConstraint(condition=Q(capacity__gte=1), name="programme_has_seats"),
            models.CheckConstraint(condition=Q(enrolled__lte=F("capacity")), name="programme_not_overfull"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def seats_left(self) -> int:
        return max(self.capacity - self.enrolled, 0)


class Session(models.Model):
    """One meeting of a programme: a date, a time, a topic and who teaches it."""

    SCOPE = {"area": "programme__area__path"}

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="sessions")
    date = models.DateField(_("date"))
    starts_at = models.TimeField(pgettext_lazy("time of day", "from"))
    ends_at = models.TimeField(pgettext_lazy("time of day", "until"))
    topic = models.CharField(_("topic"), max_length=100, blank=True)
    teacher = models.ForeignKey(
        "service.Volunteer",
        verbose_name=_("teacher"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="sessions_taught",
    )
    # Set when staff confirm the session took place; the teachers' hours are credited then.
    held_at = models.DateTimeField(pgettext_lazy("session", "held"), null=True, blank=True)
    held_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["date", "starts_at", "id"]
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        indexes = [models.Index(fields=["programme", "date"])]
        constraints = [
            models.UniqueConstraint(fields=["programme", "date", "starts_at"], name="unique_programme_session"),
            models.CheckConstraint(condition=Q(ends_at__gt=F("starts_at")), name="session_ends_after_start"),
        ]

    def __str__(self) -> str:
        return f"{self.date} {self.starts_at:%H:%M}"

    @property
    def hours(self) -> float:
        start = datetime.datetime.combine(self.date, self.starts_at)
        end = datetime.datetime.combine(self.date, self.ends_at)
        return (end - start).total_seconds() / 3600


class EnrolmentStatus(models.TextChoices):
    ENROLLED = "enrolled", _("Enrolled")
    WAITING = "waiting", _("On the waiting list")
    CANCELLED = "cancelled", pgettext_lazy("enrolment", "Cancelled")


class EnrolmentSource(models.TextChoices):
    STAFF = "staff", _("At the community desk")
    PUBLIC = "public", _("Online, by the resident")


class Enrolment(NamedPerson, ProtectedPhone):
    """A participant in a programme: a child (with a guardian) or an adult.

    `participant_key` is a keyed hash of name + birth date + phone, so the same person cannot
    take two places in one programme, and it says nothing about them when read.
    """

    SCOPE = {"area": "programme__area__path"}

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="enrolments")
    birth_date = models.DateField(_("date of birth"), null=True, blank=True)
    guardian_name = models.CharField(_("guardian"), max_length=50, blank=True)
    resident = models.ForeignKey(
        "people.Resident",
        verbose_name=_("resident"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="programme_enrolments",
    )
    status = models.CharField(pgettext_lazy("enrolment", "status"), max_length=20, choices=EnrolmentStatus.choices)
    waiting_position = models.PositiveIntegerField(null=True, blank=True)
    enrolled_at = models.DateTimeField(_("enrolled at"))
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    source = models.CharField(_("enrolled through"), max_length=20, choices=EnrolmentSource.choices)
    code = models.CharField(_("lookup code"), max_length=16, unique=True)
    participant_key = models.CharField(max_length=64, editable=False)
    ip_address = models.GenericIPAddressField(null=True, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["enrolled_at", "id"]
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        indexes = [
            models.Index(fields=["programme", "status", "waiting_position"]),
            models.Index(fields=["source", "ip_address", "enrolled_at"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "participant_key"],
                condition=~Q(status="cancelled"),
                name="unique_live_enrolment",
            ),
        ]

    def __str__(self) -> str:
        return self.code


class Attendance(models.Model):
    """Whether an enrolled participant came to a session."""

    SCOPE = {"area": "session__programme__area__path"}

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="attendances")
    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="attendances")
    present = models.BooleanField(_("present"), default=False)

    class Meta:
        ordering = ["session_id", "enrolment_id"]
        constraints = [models.UniqueConstraint(fields=["session", "enrolment"], name="unique_attendance")]

    def __str__(self) -> str:
        return f"{self.session_id}/{self.enrolment_id}"
