from __future__ import annotations

import secrets

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from tongxin.grid.cases.workflow import State
from tongxin.platform.access.actor import Actor
from tongxin.platform.core.models import TimeStamped
from tongxin.platform.core.people import ProtectedPhone


class CaseCategory(models.Model):
    """A kind of case with its time limits (configurable tree: disputes › neighbour dispute)."""

    class Unit(models.TextChoices):
        HOURS = "hours", _("working hours")
        DAYS = "days", _("working days")

    class Handler(models.TextChoices):
        GRID = "grid", _("Grid worker")
        COMMUNITY = "community", _("Community office")
        TEAM = "team", _("Volunteer team")
        UNIT = "unit", _("Resident unit")

    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="children")
    code = models.SlugField(_("code"), max_length=40, unique=True)
    name_zh = models.CharField(_("name (Chinese)"), max_length=50)
    name_en = models.CharField(_("name (English)"), max_length=80, blank=True)
    handler = models.CharField(_("handled by"), max_length=20, choices=Handler.choices, default=Handler.GRID)
    accept_limit = models.PositiveIntegerField(_("acceptance limit"), default=24)
    accept_unit = models.CharField(max_length=5, choices=Unit.choices, default=Unit.HOURS)
    resolve_limit = models.PositiveIntegerField(_("resolution limit"), default=5)
    resolve_unit = models.CharField(max_length=5, choices=Unit.choices, default=Unit.DAYS)
    is_active = models.BooleanField(default=True)
    sort_order = models.IntegerField(default=0)

    class Meta:
        ordering = ["sort_order", "code"]
        verbose_name = _("case category")
        verbose_name_plural = _("case categories")

    def __str__(self) -> str:
        if (get_language() or "zh-hans").startswith("en") and self.name_en:
            return self.name_en
        return self.name_zh


class Rating(models.TextChoices):
    SATISFIED = "satisfied", _("Satisfied")
    FAIR = "fair", _("Basically satisfied")
    UNSATISFIED = "unsatisfied", _("Not satisfied")


class Case(ProtectedPhone, TimeStamped):
    """A problem or request being handled (网格事件 / 诉求)."""

    SCOPE = {"area": "area__path"}

    class Source(models.TextChoices):
        GRID = "grid", _("Found by a grid worker or building leader")
        STAFF = "staff", _("Entered by staff (phone call, visit)")
        PUBLIC = "public", _("Reported by a resident")
        OPEN311 = "open311", _("Open311 client")

    class Level(models.TextChoices):
        GRID = "grid", _("Grid")
        COMMUNITY = "community", _("Community")
        SUBDISTRICT = "subdistrict", _("Subdistrict")

    tracking_code = models.CharField(_("tracking code"), max_length=16, unique=True)
    category = models.ForeignKey(CaseCategory, verbose_name=_("category"), on_delete=models.PROTECT)
    description = models.TextField(_("description"), max_length=4000)
    # Where: the most precise area known (a building, else the grid); the grid it belongs to.
    # A case not yet placed (位置待核实: an Open311 request located by an address text alone, or
    # by a point outside every grid) has no grid, and its area is the office (community, village
    # or subdistrict) whose queue it waits in until a person places it (services.case_place).
    # The scope gate reads `area`, so the office's staff and those above see it, no grid worker.
    area = models.ForeignKey("areas.Area", verbose_name=_("place"), on_delete=models.PROTECT, related_name="+")
    grid = models.ForeignKey(
        "areas.Area", verbose_name=_("grid"), null=True, blank=True, on_delete=models.PROTECT, related_name="cases"
    )
    # The address as the reporter wrote it (Open311 address_string): what a person places the case by.
    address = models.CharField(_("address as reported"), max_length=200, blank=True)
    household = models.ForeignKey(
        "areas.Household", verbose_name=_("household"), null=True, blank=True, on_delete=models.SET_NULL
    )
    latitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    source = models.CharField(_("source"), max_length=10, choices=Source.choices, default=Source.GRID)
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="reported_cases"
    )
    reporter_name = models.CharField(_("reporter"), max_length=50, blank=True)
    # Where a public report came from: the rate limit counts reports per address.
    reporter_ip = models.GenericIPAddressField(null=True, blank=True, editable=False)
    state = models.CharField(_("state"), max_length=20, choices=State.choices, default=State.REPORTED, db_index=True)
    level = models.CharField(_("level"), max_length=12, choices=Level.choices, default=Level.GRID)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="assigned_cases"
    )
    reported_at = models.DateTimeField(_("reported at"), db_index=True)
    accept_due = models.DateTimeField(_("accept by"))
    resolve_due = models.DateTimeField(_("resolve by"))
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    rating = models.CharField(_("rating"), max_length=12, choices=Rating.choices, blank=True)
    rated_at = models.DateTimeField(_("rated at"), null=True, blank=True)
    # 不满意 reopens a case once; a second dissatisfied rating stays on the record.
    reopen_count = models.PositiveSmallIntegerField(default=0)
    # The people involved, as the reporter names them (optional).
    people_involved = models.CharField(_("people involved"), max_length=200, blank=True)
    # A duplicate points at the case that carries the work (state "merged").
    merged_into = models.ForeignKey(
        "self", verbose_name=_("merged into"), null=True, blank=True, on_delete=models.SET_NULL, related_name="merged"
    )
    # Bumped by every change: a page or an API client that read an older version is told the
    # case has moved on instead of overwriting someone else's action.
    version = models.PositiveIntegerField(default=1)
    # Made by the reporter's device for a report kept as a draft without signal: the same
    # report sent twice is one case (docs/decisions/0016-offline-drafts.md).
    idempotency_key = models.UUIDField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-reported_at", "-id"]
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        constraints = [
            models.UniqueConstraint(
                fields=["reporter", "idempotency_key"],
                condition=models.Q(idempotency_key__isnull=False),
                name="cases_one_case_per_report_key",
            )
        ]
        indexes = [
            models.Index(fields=["state", "resolve_due"]),
            # Open311 lists the newest requests of one source (GET requests.json).
            models.Index(fields=["source", "-reported_at"], name="cases_source_reported"),
            # A member's cases of a year (their points, their reports): by reporter, then date.
            models.Index(fields=["reporter", "reported_at"], name="cases_reporter_reported"),
        ]

    def __str__(self) -> str:
        return self.tracking_code

    @property
    def is_unplaced(self) -> bool:
        """位置待核实: waiting in an office's queue for a person to choose its grid."""
        return self.grid_id is None

    def get_state_display(self) -> str:  # type: ignore[no-redef]  # replaces Django's own
        # Django's own looks the value up by hashing every choice, each a lazy translation: it
        # translated all 11 labels for each row of a queue.
        try:
            return str(State(self.state).label)
        except ValueError:
            return str(self.state)

    @staticmethod
    def scope_self_q(user: Actor) -> models.Q:
        """Besides the area scope: cases handed over to a unit the user answers for."""
        from tongxin.grid.cases.handover import cases_handed_to_q

        return cases_handed_to_q(user)


class CaseTransition(models.Model):
    """One step of a case's timeline: who moved it from which state to which, when, and why."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="transitions")
    from_state = models.CharField(max_length=20, choices=State.choices, blank=True)
    to_state = models.CharField(max_length=20, choices=State.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    actor_name = models.CharField(max_length=150, blank=True)
    at = models.DateTimeField(db_index=True)
    comment = models.TextField(blank=True, max_length=2000)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.case_id}: {self.from_state} → {self.to_state}"


class CaseEvent(models.Model):
    """What happened to a case besides its state: warnings, overdue, cards, escalation, 督办.

    (case, kind, key) is unique, so the deadline job can run any number of times and record
    each warning, card and escalation once.
    """

    class Kind(models.TextChoices):
        ACCEPT_WARNING = "accept_warning", _("Acceptance deadline near")
        ACCEPT_OVERDUE = "accept_overdue", _("Acceptance overdue")
        RESOLVE_WARNING = "resolve_warning", _("Resolution deadline near")
        RESOLVE_OVERDUE = "resolve_overdue", _("Resolution overdue")
        YELLOW_CARD = "yellow_card", _("Yellow card")
        RED_CARD = "red_card", _("Red card")
        ESCALATED = "escalated", _("Escalated")
        SUPERVISION = "supervision", _("Supervision notice (督办)")
        SUPERVISION_RESPONSE = "supervision_response", _("Response to supervision")
        EXTENSION_REQUESTED = "extension_requested", _("Extension requested")
        EXTENSION_GRANTED = "extension_granted", _("Extension granted")
        EXTENSION_REFUSED = "extension_refused", _("Extension refused")
        RATED = "rated", _("Rated by the reporter")
        HANDED_OVER = "handed_over", _("Handed over")
        HANDOVER_TAKEN = "handover_taken", _("Handover taken on")
        HANDOVER_SENT_BACK = "handover_sent_back", _("Handover sent back")
        HANDOVER_RETURNED = "handover_returned", _("Came back from the handover")
        HANDOVER_WITHDRAWN = "handover_withdrawn", _("Handover withdrawn")
        MERGED = "merged", _("Duplicate merged")
        PLACED = "placed", _("Location confirmed (定位)")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=24, choices=Kind.choices)
    key = models.CharField(max_length=40, blank=True, default="")
    at = models.DateTimeField(db_index=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    text = models.TextField(blank=True, max_length=2000)
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["at", "id"]
        constraints = [models.UniqueConstraint(fields=["case", "kind", "key"], name="unique_case_event")]

    def __str__(self) -> str:
        return f"{self.case_id}: {self.kind} {self.key}"


def photo_path(instance: CasePhoto, filename: str) -> str:
    # Never the uploaded name: a random one, under the month it was stored in.
    now = timezone.now()
    return f"cases/{now:%Y/%m}/{secrets.token_hex(16)}{filename[filename.rfind('.') :]}"


class CasePhoto(models.Model):
    """A photo of a case, taken at the report or at a step of its handling (resized, re-encoded).

    The file kept is the app's own re-encoded JPEG (or PNG), never the uploaded bytes: no EXIF
    survives unless the reporter allowed the location, which is then kept in latitude/longitude.
    Photos are served through a scoped view, never from a public media URL.
    """

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="photos")
    transition = models.ForeignKey(
        CaseTransition, null=True, blank=True, on_delete=models.SET_NULL, related_name="photos"
    )
    image = models.FileField(upload_to=photo_path)
    thumbnail = models.FileField(upload_to=photo_path)
    content_type = models.CharField(max_length=30, default="image/jpeg")
    width = models.PositiveIntegerField(default=0)
    height = models.PositiveIntegerField(default=0)
    size = models.PositiveIntegerField(default=0)
    # Only when the reporter allowed the photo's location to be kept.
    latitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return f"{self.case_id}: photo {self.pk}"


class CaseHandover(models.Model):
    """A case sent to someone outside the grid's line: a co-building unit, a consultation
    council topic, another office — and its way back.

    The target is a generic link (content type + id) so later modules (councils, volunteer
    teams) plug in without a schema change; `target_name` keeps what it was called then.
    首接负责: whoever received the case first owns it until a handover is accepted; the receiver
    may send a wrongly sent case back until `send_back_due`, after that it is theirs.
    """

    class Kind(models.TextChoices):
        UNIT = "unit", _("Co-building unit")
        COUNCIL = "council", _("Consultation council topic")
        OFFICE = "office", _("Another office")
        TEAM = "team", _("Volunteer team")
        MEDIATION = "mediation", _("People's mediation committee (人民调解委员会)")

    class Status(models.TextChoices):
        SENT = "sent", _("Sent, waiting to be taken on")
        TAKEN = "taken", _("Taken on")
        SENT_BACK = "sent_back", _("Sent back (wrongly sent)")
        RETURNED = "returned", _("Came back resolved")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="handovers")
    kind = models.CharField(_("kind of receiver"), max_length=10, choices=Kind.choices)
    target_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    target_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("target_type", "target_id")
    target_name = models.CharField(max_length=150)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.SENT, db_index=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    sent_at = models.DateTimeField()
    note = models.TextField(blank=True, max_length=2000)
    send_back_due = models.DateTimeField()
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)
    answer = models.TextField(blank=True, max_length=2000)

    class Meta:
        ordering = ["sent_at", "id"]
        indexes = [models.Index(fields=["target_type", "target_id", "status"])]

    def __str__(self) -> str:
        return f"{self.case_id} → {self.target_name}"
