"""Duty rosters (值班 / 值日): a community's rotas, their shifts, who is assigned, check-ins, swaps.

A rota is the front desk's (综合服务窗口 / 一站式) or a checkpoint's (卡点, e.g. a night watch 夜班值守).
A shift is a day with a start and an end time; a night shift ends the next morning (its end time
is before its start time), so `starts` and `ends` are stored as instants too, written by the
services, and every "has it started / ended" question is asked of them in the database.

An assignment puts a staff account (a user holding a role in the community's place) on a shift;
the person checks in on their phone within CHECK_IN_EARLY before the start and the end. A swap
moves an assignment to another person once that person accepted and the office approved.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from tongxin.platform.access.roles import Perm
from tongxin.platform.core.models import TimeStamped

# A person may check in from this long before the start of their shift until its end.
CHECK_IN_EARLY = datetime.timedelta(minutes=30)
# A person not checked in this long after the start is flagged as missed.
MISSED_AFTER = datetime.timedelta(minutes=30)
# Gaps are looked for this many days ahead.
GAP_DAYS = 7
MAX_NEEDED = 20


class Rota(TimeStamped):
    """A rota of a community: the front desk's, or a checkpoint's."""

    SCOPE = {"area": "community__path"}
    VIEW_PERM = Perm.VIEW

    class Kind(models.TextChoices):
        FRONT_DESK = "front_desk", _("Front desk (综合服务窗口)")
        CHECKPOINT = "checkpoint", _("Checkpoint (卡点)")

    community = models.ForeignKey(
        "areas.Area", verbose_name=_("community"), on_delete=models.PROTECT, related_name="rotas"
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.FRONT_DESK)
    name = models.CharField(pgettext_lazy("rota", "name"), max_length=100)
    # Where the duty is kept: the office's window, the checkpoint's crossing.
    location = models.CharField(_("location"), max_length=200, blank=True)
    active = models.BooleanField(_("in use"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )

    class Meta:
        ordering = ["community__path", "kind", "name", "id"]
        verbose_name = _("rota")
        verbose_name_plural = _("rotas")

    def __str__(self) -> str:
        return self.name


class Shift(models.Model):
    """One shift of a rota: a day, a start and an end (the next morning for a night shift)."""

    SCOPE = {"area": "rota__community__path"}

    rota = models.ForeignKey(Rota, on_delete=models.CASCADE, related_name="shifts")
    date = models.DateField(_("date"))
    start_time = models.TimeField(_("starts at"))
    end_time = models.TimeField(_("ends at"))
    # The instants, Asia/Shanghai, written by the services from the three fields above.
    starts = models.DateTimeField(editable=False)
    ends = models.DateTimeField(editable=False)
    needed = models.PositiveSmallIntegerField(_("people needed"), default=1)
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        ordering = ["starts", "rota_id", "id"]
        verbose_name = _("shift")
        verbose_name_plural = _("shifts")
        indexes = [models.Index(fields=["rota", "date"], name="shift_rota_date_idx")]
        constraints = [
            models.UniqueConstraint(fields=["rota", "date", "start_time"], name="shift_once_per_rota_start"),
            models.CheckConstraint(condition=Q(needed__gte=1, needed__lte=MAX_NEEDED), name="shift_needed_range"),
            models.CheckConstraint(condition=Q(ends__gt=models.F("starts")), name="shift_ends_after_start"),
        ]

    def __str__(self) -> str:
        return f"{self.rota} {self.date} {self.start_time:%H:%M}"

    @property
    def overnight(self) -> bool:
        return self.end_time <= self.start_time


class Assignment(models.Model):
    """A person on a shift, and when they checked in."""

    SCOPE = {"area": "shift__rota__community__path"}

    shift = models.ForeignKey(Shift, on_delete=models.CASCADE, related_name="assignments")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="duty_assignments")
    checked_in_at = models.DateTimeField(_("checked in at"), null=True, blank=True)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    assigned_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["shift__starts", "id"]
        verbose_name = _("duty assignment")
        verbose_name_plural = _("duty assignments")
        constraints = [models.UniqueConstraint(fields=["shift", "user"], name="assignment_once_per_shift")]

    def __str__(self) -> str:
        return f"{self.user} @ {self.shift}"


class Swap(models.Model):
    """A shift handed to another person: asked (to someone, or offered to anyone), accepted by the
    other, approved by the office; then the assignment moves to the other person."""

    SCOPE = {"area": "assignment__shift__rota__community__path"}

    class Status(models.TextChoices):
        ASKED = "asked", _("Asked, waiting for the other person")
        ACCEPTED = "accepted", _("Accepted, waiting for approval")
        APPROVED = "approved", _("Approved")
        DECLINED = "declined", _("Declined")
        CANCELLED = "cancelled", pgettext_lazy("swap", "Cancelled")

    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="swaps")
    from_user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    # Empty while the shift is offered to anyone on the community's staff.
    to_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.ASKED)
    note = models.CharField(_("note"), max_length=200, blank=True)
    asked_at = models.DateTimeField(auto_now_add=True)
    accepted_at = models.DateTimeField(null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-asked_at", "-id"]
        verbose_name = _("shift swap")
        verbose_name_plural = _("shift swaps")
        constraints = [
            # One open swap per assignment.
            models.UniqueConstraint(
                fields=["assignment"], condition=Q(status__in=["asked", "accepted"]), name="swap_one_open"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.assignment_id} {self.status}"

    @property
    def is_open(self) -> bool:
        return self.status in (self.Status.ASKED, self.Status.ACCEPTED)


def people_label(assignments: Any) -> str:
    return "、".join(str(a.user) for a in assignments)
