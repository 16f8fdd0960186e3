"""The needs list (需求清单) and the projects list (项目清单).

A need is raised from a case, a door-to-door visit, a council topic, a resident's public request,
a joint meeting's decision, or by staff: what is needed, where, for how many people. A need open
to units is listed on their portals; a unit claims it (认领) — or a party member who reported in
to the community offers to take it on, which staff confirm — and that makes a project: the need
matched to one or more resources, with a budget, milestones reported with photos and documents,
the people served, and the residents' rating once it is completed.

One need has at most one live project (a unique constraint over the projects not cancelled), so
two units claiming the same need at once make one project; the other is told it was taken.
State moves are conditional UPDATEs in the services.
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


class NeedCategory(models.TextChoices):
    ELDERLY = "elderly", _("Elderly care (为老服务)")
    CHILDREN = "children", _("Children and youth (青少年)")
    ENVIRONMENT = "environment", _("Environment (环境整治)")
    FACILITIES = "facilities", _("Facilities and repairs (设施维修)")
    SAFETY = "safety", _("Public safety (平安建设)")
    CULTURE = "culture", _("Culture and sports (文体活动)")
    HEALTH = "health", _("Health (医疗健康)")
    EMPLOYMENT = "employment", _("Jobs and skills (就业技能)")
    HARDSHIP = "hardship", _("Help for families in hardship (困难帮扶)")
    OTHER = "other", pgettext_lazy("need category", "Other")


class Need(TimeStamped):
    """Something the community needs that units or members could take on."""

    SCOPE = {"area": "community__path"}

    class Source(models.TextChoices):
        CASE = "case", _("A case")
        VISIT = "visit", _("A door-to-door visit")
        TOPIC = "topic", _("A council topic")
        PUBLIC = "public", _("A resident's request")
        MEETING = "meeting", _("A joint meeting")
        STAFF = "staff", _("Staff")

    class Status(models.TextChoices):
        OPEN = "open", _("Open, waiting to be claimed")
        CLAIMED = "claimed", _("Claimed: a project takes it on")
        CLOSED = "closed", _("Closed without a project")

    community = models.ForeignKey(
        "areas.Area", verbose_name=_("community"), on_delete=models.PROTECT, related_name="cobuild_needs"
    )
    # Where in the community (a grid, an estate, a building), when it is one place.
    place = models.ForeignKey(
        "areas.Area", verbose_name=_("place"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    category = models.CharField(_("category"), max_length=20, choices=NeedCategory.choices)
    title = models.CharField(_("need"), max_length=100)
    description = models.TextField(_("description"), max_length=2000, blank=True)
    people_affected = models.PositiveIntegerField(_("people affected"), default=0)
    wanted_by = models.DateField(_("wanted by"), null=True, blank=True)
    source = models.CharField(_("raised from"), max_length=10, choices=Source.choices, default=Source.STAFF)
    # The row it was raised from in its own app (a case, a visit, a topic…) and what it was called.
    source_id = models.PositiveBigIntegerField(null=True, blank=True)
    source_label = models.CharField(_("raised from"), max_length=100, blank=True)
    # Listed on the units' portals and to members who reported in, to be claimed.
    open_to_claim = models.BooleanField(_("open to units and members to claim"), default=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    closed_reason = models.CharField(_("why it was closed"), max_length=200, blank=True)
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("need")
        verbose_name_plural = _("co-building needs")
        indexes = [
            models.Index(fields=["community", "status", "category"], name="need_comm_status_idx"),
            models.Index(fields=["source", "source_id"], name="need_source_idx"),
        ]

    def __str__(self) -> str:
        return self.title


def new_rating_token() -> str:
    return secrets.token_urlsafe(16)


class Project(TimeStamped):
    """A need taken on by a unit (or by a member who reported in): a co-building project."""

    SCOPE = {"area": "community__path", "org": "unit__org__path"}

    class State(models.TextChoices):
        PROPOSED = "proposed", _("Offered by a member, waiting for staff")
        CLAIMED = "claimed", _("Claimed")
        IN_PROGRESS = "in_progress", pgettext_lazy("project", "In progress")
        COMPLETED = "completed", _("Completed")
        CANCELLED = "cancelled", pgettext_lazy("project", "Cancelled")

    need = models.ForeignKey(Need, verbose_name=_("need"), on_delete=models.PROTECT, related_name="projects")
    community = models.ForeignKey(
        "areas.Area", verbose_name=_("community"), on_delete=models.PROTECT, related_name="cobuild_projects"
    )
    unit = models.ForeignKey(
        "cobuild.ResidentUnit",
        verbose_name=_("unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="projects",
    )
    # A party member who reported in to the community and took the need on themself.
    member = models.ForeignKey(
        "party.PartyMember",
        verbose_name=_("member"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="cobuild_projects",
    )
    title = models.CharField(_("project"), max_length=100)
    description = models.TextField(_("plan"), max_length=4000, blank=True)
    state = models.CharField(_("state"), max_length=12, choices=State.choices, default=State.CLAIMED)
    budget = models.DecimalField(_("budget (yuan)"), max_digits=12, decimal_places=2, null=True, blank=True)
    # The unit's agreement commitment the project delivers against (money, volunteer hours…).
    commitment = models.ForeignKey(
        "agreements.Commitment",
        verbose_name=_("counts toward"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="projects",
    )
    resources = models.ManyToManyField(
        "resources.Resource", verbose_name=_("resources used"), blank=True, related_name="projects"
    )
    claimed_at = models.DateTimeField(_("claimed at"), null=True, blank=True)
    claimed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    started_on = models.DateField(_("started on"), null=True, blank=True)
    due_on = models.DateField(_("to be done by"), null=True, blank=True)
    completed_on = models.DateField(_("date completed"), null=True, blank=True)
    people_served = models.PositiveIntegerField(_("people served"), default=0)
    # What it cost in the end and what was contributed, for the figures.
    spent = models.DecimalField(_("money spent (yuan)"), max_digits=12, decimal_places=2, null=True, blank=True)
    volunteer_hours = models.DecimalField(_("volunteer hours given"), max_digits=9, decimal_places=1, default=0)
    summary = models.TextField(_("what the project did"), max_length=4000, blank=True)
    cancelled_reason = models.CharField(_("why it was cancelled"), max_length=200, blank=True)
    # The public rating page's key (a link or a QR code on the board); never a row id.
    rating_token = models.CharField(max_length=32, unique=True, default=new_rating_token, editable=False)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("co-building project")
        verbose_name_plural = _("co-building projects")
        indexes = [
            models.Index(fields=["community", "state"], name="project_comm_state_idx"),
            models.Index(fields=["unit", "state"], name="project_unit_state_idx"),
        ]
        constraints = [
            # One live project per need: two claims at once make one project.
            models.UniqueConstraint(fields=["need"], condition=~Q(state="cancelled"), name="project_one_live_per_need"),
            models.CheckConstraint(
                condition=(Q(unit__isnull=False) & Q(member__isnull=True))
                | (Q(unit__isnull=True) & Q(member__isnull=False)),
                name="project_unit_xor_member",
            ),
            models.CheckConstraint(
                condition=~Q(state="completed") | Q(completed_on__isnull=False), name="project_completed_has_date"
            ),
        ]

    def __str__(self) -> str:
        return self.title


class Milestone(models.Model):
    """A step of a project, reported by the unit with what was done and photos."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField(_("milestone"), max_length=100)
    due_on = models.DateField(_("due on"), null=True, blank=True)
    sort_order = models.PositiveSmallIntegerField(default=0)
    done_on = models.DateField(_("done on"), null=True, blank=True)
    report = models.TextField(_("progress report"), max_length=2000, blank=True)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    reported_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["project", "sort_order", "id"]
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")

    def __str__(self) -> str:
        return self.title


def evidence_path(instance: Evidence, filename: str) -> str:
    # Never the uploaded name: a random one, under the month it was stored in.
    now = timezone.now()
    return f"projects/{now:%Y/%m}/{secrets.token_hex(16)}{filename[filename.rfind('.') :]}"


class Evidence(models.Model):
    """A photo (re-encoded, no EXIF) or a document (PDF, Word, Excel) showing what a project did,
    attached to the project or to one of its milestones; served through a scoped view only."""

    class Kind(models.TextChoices):
        PHOTO = "photo", _("Photo")
        DOCUMENT = "document", _("Document")

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="evidence")
    milestone = models.ForeignKey(Milestone, null=True, blank=True, on_delete=models.SET_NULL, related_name="evidence")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    file = models.FileField(upload_to=evidence_path, max_length=200)
    thumbnail = models.FileField(upload_to=evidence_path, max_length=200, blank=True)
    name = models.CharField(_("file name"), max_length=100, blank=True)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField(default=0)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at", "id"]
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")

    def __str__(self) -> str:
        return f"{self.project_id}: {self.kind} {self.pk}"

    @property
    def is_image(self) -> bool:
        return self.kind == self.Kind.PHOTO


class Rating(models.Model):
    """A resident's rating of a completed project (1–5 stars), given on the public rating page or
    collected by staff on a visit. `voter_key` is a keyed hash (of the device's cookie, or of the
    household visited), so one voter rates a project once; it says nothing about who they are."""

    class Channel(models.TextChoices):
        PUBLIC = "public", _("Public page")
        STAFF = "staff", _("Collected by staff")

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="ratings")
    score = models.PositiveSmallIntegerField(_("rating"))
    comment = models.CharField(_("comment"), max_length=300, blank=True)
    channel = models.CharField(max_length=10, choices=Channel.choices, default=Channel.PUBLIC)
    voter_key = models.CharField(max_length=64, editable=False)
    rated_at = models.DateTimeField(auto_now_add=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )

    class Meta:
        ordering = ["-rated_at", "-id"]
        verbose_name = _("residents' rating")
        verbose_name_plural = _("residents' ratings")
        constraints = [
            models.CheckConstraint(condition=Q(score__gte=1) & Q(score__lte=5), name="rating_score_1_to_5"),
            models.UniqueConstraint(fields=["project", "voter_key"], name="rating_once_per_voter"),
        ]

    def __str__(self) -> str:
        return f"{self.project_id}: {self.score}"
