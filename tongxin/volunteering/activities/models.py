"""Volunteer activities (志愿活动): one-off or recurring, with sign-up, a waiting list, check-in
and check-out, and the service hours they give.

An `Activity` is the plan: where, when in the day, how long, which teams, how many seats, and a
recurrence rule (RFC 5545 RRULE, e.g. ``FREQ=WEEKLY;BYDAY=FR`` — "every Friday afternoon is
party-member activity day"). Its dates are materialized as `Occurrence` rows some weeks ahead;
each occurrence keeps its own seat counter (`taken`), sign-ups and venue QR token. A `SignUp` is
one volunteer at one occurrence: seated or on the waiting list, then checked in and out.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from tongxin.platform.access.actor import Actor
from tongxin.platform.core.models import TimeStamped

MAX_DURATION_MINUTES = 12 * 60
MAX_CAPACITY = 10_000


def _volunteer_areas(user: Actor) -> Any:
    """Communities where the account is an active volunteer (itself, or as the linked member)."""
    from tongxin.volunteering.service.models import Volunteer

    return Volunteer.objects.filter(Q(user_id=user.pk) | Q(member__user_id=user.pk), is_active=True).values("area_id")


class Activity(TimeStamped):
    """A volunteer activity of a community or a grid; one-off when `rrule` is empty."""

    SCOPE = {"area": "area__path"}

    area = models.ForeignKey(
        "areas.Area", verbose_name=_("community or grid"), on_delete=models.PROTECT, related_name="activities"
    )
    # The community the area belongs to: its volunteers see the activity and may sign up.
    community = models.ForeignKey("areas.Area", on_delete=models.PROTECT, related_name="+")
    teams = models.ManyToManyField("service.VolunteerTeam", verbose_name=_("teams"), related_name="activities")
    title = models.CharField(_("title"), max_length=100)
    description = models.TextField(_("description"), blank=True, max_length=2000)
    place = models.CharField(_("place"), max_length=100)
    start_time = models.TimeField(_("starts at"))
    duration_minutes = models.PositiveSmallIntegerField(_("duration (minutes)"))
    capacity = models.PositiveIntegerField(_("seats"), null=True, blank=True)
    first_date = models.DateField(_("first date"))
    rrule = models.CharField(_("recurrence rule (RRULE)"), max_length=200, blank=True)
    until = models.DateField(_("last date"), null=True, blank=True)
    count = models.PositiveSmallIntegerField(_("number of times"), null=True, blank=True)
    skip_holidays = models.BooleanField(_("skip public holidays"), default=True)
    # ISO dates (YYYY-MM-DD) the rule would give but the activity does not take place.
    cancelled_dates = models.JSONField(_("dates called off"), default=list, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["area__path", "title", "id"]
        verbose_name = _("activity")
        verbose_name_plural = _("activities")

    def __str__(self) -> str:
        return self.title

    @classmethod
    def scope_self_q(cls, user: Actor) -> Q:
        """A volunteer with an account sees the activities of the communities they serve in."""
        if not getattr(user, "pk", None):
            return Q(pk__in=[])
        return Q(community_id__in=_volunteer_areas(user))

    @property
    def is_recurring(self) -> bool:
        return bool(self.rrule)


class Occurrence(models.Model):
    """One date of an activity, with its own seats, sign-ups and venue QR token."""

    SCOPE = {"area": "activity__area__path"}

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="occurrences")
    date = models.DateField(_("date"))
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    capacity = models.PositiveIntegerField(_("seats"), null=True, blank=True)
    # Seats taken; moved only by conditional UPDATEs (see services.seat_take), never read-then-write.
    taken = models.PositiveIntegerField(default=0)
    token = models.CharField(max_length=32, unique=True)
    cancelled_at = models.DateTimeField(_("called off at"), null=True, blank=True)
    hours_confirmed_at = models.DateTimeField(_("hours confirmed at"), null=True, blank=True)

    class Meta:
        ordering = ["starts_at", "id"]
        verbose_name = _("activity date")
        verbose_name_plural = _("activity dates")
        indexes = [models.Index(fields=["starts_at"])]
        constraints = [
            models.UniqueConstraint(fields=["activity", "date"], name="unique_occurrence_date"),
        ]

    def __str__(self) -> str:
        return f"{self.activity_id} {self.date}"

    @classmethod
    def scope_self_q(cls, user: Actor) -> Q:
        if not getattr(user, "pk", None):
            return Q(pk__in=[])
        return Q(activity__community_id__in=_volunteer_areas(user))


class SignUp(models.Model):
    """A volunteer's place at one occurrence: a seat or a place on the waiting list."""

    class State(models.TextChoices):
        SEATED = "seated", _("Signed up")
        WAITING = "waiting", _("Waiting list")
        CANCELLED = "cancelled", _("Cancelled")

    SCOPE = {"area": "occurrence__activity__area__path"}

    occurrence = models.ForeignKey(Occurrence, on_delete=models.CASCADE, related_name="signups")
    volunteer = models.ForeignKey(
        "service.Volunteer", verbose_name=_("volunteer"), on_delete=models.PROTECT, related_name="activity_signups"
    )
    state = models.CharField(_("state"), max_length=10, choices=State.choices)
    # The waiting list is served in the order people joined it (then by id).
    joined_at = models.DateTimeField(_("signed up at"))
    signed_up_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    walk_in = models.BooleanField(_("walk-in"), default=False)
    checked_in_at = models.DateTimeField(_("checked in"), null=True, blank=True)
    checked_out_at = models.DateTimeField(_("checked out"), null=True, blank=True)
    # Hours the leader entered instead of the check-in/out times (a forgotten check-out).
    hours = models.DecimalField(_("hours"), max_digits=4, decimal_places=2, null=True, blank=True)
    credited_at = models.DateTimeField(_("hours confirmed at"), null=True, blank=True)

    class Meta:
        ordering = ["joined_at", "id"]
        verbose_name = _("sign-up")
        verbose_name_plural = _("sign-ups")
        indexes = [models.Index(fields=["occurrence", "state", "joined_at"])]
        constraints = [
            models.UniqueConstraint(fields=["occurrence", "volunteer"], name="unique_signup_per_occurrence"),
            models.CheckConstraint(
                condition=Q(checked_out_at__isnull=True) | Q(checked_in_at__isnull=False),
                name="signup_out_after_in",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.volunteer_id} at {self.occurrence_id} ({self.state})"

    @classmethod
    def scope_self_q(cls, user: Actor) -> Q:
        """A volunteer sees their own sign-ups."""
        if not getattr(user, "pk", None):
            return Q(pk__in=[])
        return Q(volunteer__user_id=user.pk) | Q(volunteer__member__user_id=user.pk)
