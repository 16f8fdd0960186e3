"""Organizational life (组织生活): meetings, who attended them, and how often each is required."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from tongxin.platform.core.models import TimeStamped
from tongxin.registry.party.models import Organization, OrgKind, PartyMember


class MeetingKind(models.TextChoices):
    # 三会一课 are the first four; the rest are the yearly and monthly forms beside them.
    GENERAL = "general", _("Branch general meeting (支部党员大会)")
    COMMITTEE = "committee", _("Branch committee meeting (支委会)")
    GROUP = "group", _("Party group meeting (党小组会)")
    LECTURE = "lecture", _("Party lecture (党课)")
    THEME_DAY = "theme_day", _("Theme Party day (主题党日)")
    ORG_LIFE = "org_life", _("Organizational-life meeting (组织生活会)")
    REVIEW = "review", _("Democratic review of members (民主评议党员)")


class Period(models.TextChoices):
    NONE = "none", _("Not required")
    MONTH = "month", _("Monthly")
    QUARTER = "quarter", _("Quarterly")
    HALF_YEAR = "half_year", _("Half-yearly")
    YEAR = "year", _("Yearly")


# How many months one period of each frequency spans.
PERIOD_MONTHS = {Period.MONTH: 1, Period.QUARTER: 3, Period.HALF_YEAR: 6, Period.YEAR: 12}


class Meeting(TimeStamped):
    """One meeting held (or planned) by one organization."""

    SCOPE = {"org": "org__path"}

    org = models.ForeignKey(
        Organization, verbose_name=_("organization"), on_delete=models.PROTECT, related_name="meetings"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=MeetingKind.choices, db_index=True)
    starts_at = models.DateTimeField(_("date and time"), db_index=True)
    place = models.CharField(_("place"), max_length=100, blank=True)
    host = models.CharField(_("host (主持人)"), max_length=50, blank=True)
    recorder = models.CharField(_("recorder (记录人)"), max_length=50, blank=True)
    title = models.CharField(_("title"), max_length=200, blank=True)
    lecturer = models.CharField(_("lecturer (授课人)"), max_length=50, blank=True)
    topics = models.TextField(_("topics (议题)"), max_length=4000, blank=True)
    minutes = models.TextField(_("minutes (会议记录)"), max_length=20000, blank=True)
    # A general meeting that votes (admitting or confirming a member, electing…) needs a
    # quorum; one that only studies does not.
    takes_vote = models.BooleanField(_("a vote is taken (表决)"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )

    class Meta:
        ordering = ["-starts_at", "-id"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        indexes = [models.Index(fields=["org", "kind", "starts_at"], name="meeting_org_kind_start_idx")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.starts_at:%Y-%m-%d}"

    @staticmethod
    def scope_self_q(user: Any) -> Q:
        # A party member sees the meetings they were on the roster of, nothing else.
        return Q(pk__in=Attendance.objects.filter(member__user_id=user.pk).values("meeting_id"))


class Attendance(models.Model):
    """One member on one meeting's roster: whether they came, and their rating at a review."""

    class Status(models.TextChoices):
        PRESENT = "present", _("Present")
        EXCUSED = "excused", _("Excused (请假)")
        ABSENT = "absent", _("Absent")

    class Rating(models.TextChoices):
        EXCELLENT = "excellent", _("Excellent (优秀)")
        QUALIFIED = "qualified", _("Qualified (合格)")
        BASIC = "basic", _("Basically qualified (基本合格)")
        UNQUALIFIED = "unqualified", _("Unqualified (不合格)")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendances")
    # The register may drop a member later; the meeting's record keeps their name.
    member = models.ForeignKey(
        PartyMember, null=True, blank=True, on_delete=models.SET_NULL, related_name="attendances"
    )
    member_name = models.CharField(_("name"), max_length=50)
    # Whether the member could vote on the meeting's day (a full member whose organizational
    # relationship is here), kept so a later confirmation does not rewrite an old quorum.
    voting = models.BooleanField(_("has a vote"), default=False)
    status = models.CharField(_("attendance"), max_length=10, choices=Status.choices)
    reason = models.CharField(_("reason"), max_length=200, blank=True)
    rating = models.CharField(_("rating"), max_length=12, choices=Rating.choices, blank=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    study_note = models.TextField(_("study note (学习心得)"), max_length=4000, blank=True)
    study_note_at = models.DateTimeField(_("note submitted at"), null=True, blank=True)

    class Meta:
        ordering = ["meeting", "id"]
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "member"], name="attendance_once_per_member"),
            models.CheckConstraint(
                condition=~Q(status="excused") | ~Q(reason=""), name="attendance_excused_has_reason"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member_name}: {self.get_status_display()}"


class MeetingRequirement(models.Model):
    """How often an organization of one kind must hold one kind of meeting (configuration)."""

    org_kind = models.CharField(_("organization kind"), max_length=20, choices=OrgKind.choices)
    meeting_kind = models.CharField(_("meeting"), max_length=20, choices=MeetingKind.choices)
    period = models.CharField(_("required"), max_length=10, choices=Period.choices, default=Period.NONE)
    # A committee meeting is owed only where there is a committee: 7+ members elect one
    # (中国共产党支部工作条例 art. 11); smaller branches have a secretary alone.
    min_members = models.PositiveSmallIntegerField(_("only from this many members"), default=0)

    class Meta:
        ordering = ["org_kind", "meeting_kind"]
        verbose_name = _("meeting requirement")
        verbose_name_plural = _("meeting requirements")
        constraints = [
            models.UniqueConstraint(fields=["org_kind", "meeting_kind"], name="one_requirement_per_kind_pair"),
        ]

    def __str__(self) -> str:
        return f"{self.get_org_kind_display()} · {self.get_meeting_kind_display()}: {self.get_period_display()}"


# The national defaults (三会一课, 主题党日, 组织生活会, 民主评议党员): (org kind, meeting kind,
# period, minimum members).
DEFAULT_REQUIREMENTS: tuple[tuple[str, str, str, int], ...] = (
    (OrgKind.BRANCH, MeetingKind.GENERAL, Period.QUARTER, 0),
    (OrgKind.BRANCH, MeetingKind.COMMITTEE, Period.MONTH, 7),
    (OrgKind.BRANCH, MeetingKind.LECTURE, Period.QUARTER, 0),
    (OrgKind.BRANCH, MeetingKind.THEME_DAY, Period.MONTH, 0),
    (OrgKind.BRANCH, MeetingKind.ORG_LIFE, Period.YEAR, 0),
    (OrgKind.BRANCH, MeetingKind.REVIEW, Period.YEAR, 0),
    (OrgKind.GROUP, MeetingKind.GROUP, Period.MONTH, 0),
)


def _file_path(instance: MeetingFile, filename: str) -> str:
    # The stored name is ours, never the uploader's (which may hold anything).
    import uuid

    return f"meetings/{instance.meeting_id}/{uuid.uuid4().hex}.{instance.extension}"


class MeetingFile(models.Model):
    """A photo or document of a meeting (会议照片, 签到表…), served only through a scoped view."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="files")
    file = models.FileField(upload_to=_file_path, max_length=200)
    name = models.CharField(_("file name"), max_length=120)
    content_type = models.CharField(max_length=50)
    extension = models.CharField(max_length=8)
    size = models.PositiveIntegerField()
    uploaded_at = models.DateTimeField(auto_now_add=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["meeting", "id"]
        verbose_name = _("meeting file")
        verbose_name_plural = _("meeting files")

    def __str__(self) -> str:
        return self.name

    @property
    def is_image(self) -> bool:
        return self.content_type.startswith("image/")


class MeetingReminder(models.Model):
    """A reminder sent for one organization, meeting kind and period, so it is sent once."""

    org = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    meeting_kind = models.CharField(max_length=20, choices=MeetingKind.choices)
    period_start = models.DateField()
    sent_at = models.DateTimeField()
    recipients = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("meeting reminder")
        verbose_name_plural = _("meeting reminders")
        constraints = [
            models.UniqueConstraint(fields=["org", "meeting_kind", "period_start"], name="one_reminder_per_period"),
        ]

    def __str__(self) -> str:
        return f"{self.org_id} {self.meeting_kind} {self.period_start}"
