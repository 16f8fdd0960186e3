"""Member development (发展党员): one candidate's way from application to full membership.

Each step is a dated field on the candidate (with who and which meeting where the rules ask
for them), so the pipeline reads one row per person and the page builds the timeline from
the dates. Documents hang on the step they belong to.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from tongxin.partylife.meetings.models import Meeting
from tongxin.platform.core.models import TimeStamped
from tongxin.platform.core.people import NamedPerson, ProtectedIdentity
from tongxin.registry.party.models import Organization, PartyMember


class Stage(models.TextChoices):
    APPLICANT = "applicant", _("Applicant (入党申请人)")
    ACTIVIST = "activist", _("Activist (入党积极分子)")
    TARGET = "target", _("Development target (发展对象)")
    PROBATIONARY = "probationary", _("Probationary member (预备党员)")
    FULL = "full", _("Full member (正式党员)")
    DROPPED = "dropped", _("Dropped (取消资格)")


# The stages a candidate is still moving through.
ACTIVE_STAGES = (Stage.APPLICANT, Stage.ACTIVIST, Stage.TARGET, Stage.PROBATIONARY)


class Step(models.TextChoices):
    APPLIED = "applied", _("Application letter (入党申请书)")
    TALKED = "talked", _("Talk with the applicant (谈话)")
    ACTIVIST = "activist", _("Named an activist (确定入党积极分子)")
    TARGET = "target", _("Named a development target (确定发展对象)")
    ADMITTED = "admitted", _("Admitted as a probationary member (接收预备党员)")
    EXTENDED = "extended", _("Probation extended (延长预备期)")
    CONFIRMED = "confirmed", _("Confirmed as a full member (预备党员转正)")
    DROPPED = "dropped", _("Dropped (取消资格)")


class Candidate(NamedPerson, ProtectedIdentity, TimeStamped):
    """A person the branch develops, from the application letter on."""

    SCOPE = {"org": "org__path"}

    class Gender(models.TextChoices):
        MALE = "M", _("Male")
        FEMALE = "F", _("Female")

    org = models.ForeignKey(Organization, verbose_name=_("branch"), on_delete=models.PROTECT, related_name="candidates")
    gender = models.CharField(_("gender"), max_length=1, choices=Gender.choices, blank=True)
    birth_date = models.DateField(_("birth date"))
    resident = models.ForeignKey(
        "people.Resident",
        verbose_name=_("resident"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="party_candidacies",
    )
    stage = models.CharField(_("stage"), max_length=20, choices=Stage.choices, default=Stage.APPLICANT, db_index=True)
    note = models.TextField(_("note"), max_length=2000, blank=True)

    applied_on = models.DateField(_("application letter dated"))
    talked_on = models.DateField(_("talk held on"), null=True, blank=True)
    activist_on = models.DateField(_("named an activist on"), null=True, blank=True)
    contact1 = models.ForeignKey(
        PartyMember, verbose_name=_("contact person (培养联系人)"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip
    contact2 = models.ForeignKey(
        PartyMember, verbose_name=_("second contact person"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip
    target_on = models.DateField(_("named a development target on"), null=True, blank=True)
    admitted_on = models.DateField(_("admitted as a probationary member on"), null=True, blank=True)
    introducer1 = models.ForeignKey(
        PartyMember, verbose_name=_("introducer (入党介绍人)"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip
    introducer2 = models.ForeignKey(
        PartyMember, verbose_name=_("second introducer"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip
    admission_meeting = models.ForeignKey(
        Meeting, verbose_name=_("general meeting that voted the admission"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
    )  # fmt: skip
    # Kept in step with admitted_on and the extension, so "confirmation due" is a plain filter.
    probation_ends_on = models.DateField(_("probation ends on"), null=True, blank=True, db_index=True)
    extended_on = models.DateField(_("probation extended on"), null=True, blank=True)
    extension_months = models.PositiveSmallIntegerField(_("extended by (months)"), null=True, blank=True)
    extension_reason = models.CharField(_("reason for the extension"), max_length=500, blank=True)
    confirmed_on = models.DateField(_("confirmed as a full member on"), null=True, blank=True)
    confirmation_meeting = models.ForeignKey(
        Meeting, verbose_name=_("general meeting that voted the confirmation"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
    )  # fmt: skip
    dropped_on = models.DateField(_("dropped on"), null=True, blank=True)
    drop_reason = models.CharField(_("reason"), max_length=500, blank=True)
    # The register's record, written in the same transaction as the admission.
    member = models.OneToOneField(
        PartyMember, null=True, blank=True, on_delete=models.SET_NULL, related_name="candidacy", editable=False
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )

    class Meta:
        ordering = ["org__path", "name_pinyin", "id"]
        verbose_name = _("development candidate")
        verbose_name_plural = _("development candidates")
        indexes = [models.Index(fields=["org", "stage"], name="candidate_org_stage_idx")]
        constraints = [
            # A person is in one development at a time; after being dropped they may apply again.
            models.UniqueConstraint(
                fields=["id_number_hash"], condition=~Q(stage="dropped"), name="one_active_candidacy_per_id"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def stage_on(self) -> Any:
        """The date the candidate reached the present stage."""
        return getattr(self, STAGE_DATE[self.stage])


# The date that marks each stage.
STAGE_DATE = {
    Stage.APPLICANT: "applied_on",
    Stage.ACTIVIST: "activist_on",
    Stage.TARGET: "target_on",
    Stage.PROBATIONARY: "admitted_on",
    Stage.FULL: "confirmed_on",
    Stage.DROPPED: "dropped_on",
}


def _file_path(instance: CandidateFile, filename: str) -> str:
    # The stored name is ours, never the uploader's (which may hold anything).
    return f"development/{instance.candidate_id}/{uuid.uuid4().hex}.{instance.extension}"


class CandidateFile(models.Model):
    """A document of one step (申请书, 思想汇报, 政审材料, 志愿书…), served only through a scoped view."""

    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="files")
    step = models.CharField(_("step"), max_length=12, choices=Step.choices)
    file = models.FileField(upload_to=_file_path, max_length=200)
    name = models.CharField(_("file name"), max_length=120)
    content_type = models.CharField(max_length=100)
    extension = models.CharField(max_length=8)
    size = models.PositiveIntegerField()
    uploaded_at = models.DateTimeField(auto_now_add=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["candidate", "id"]
        verbose_name = _("development document")
        verbose_name_plural = _("development documents")

    def __str__(self) -> str:
        return self.name

    @property
    def is_image(self) -> bool:
        return self.content_type.startswith("image/")
