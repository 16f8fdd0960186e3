"""Writes of member development: a new candidate, a corrected record, each step, documents.

Every write runs the whole rule set (rules.check) on the candidate's history as it would be
after the write, inside one transaction, and leaves an audit row; the admission writes the
register's PartyMember in the same transaction, the confirmation makes it a full member.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tongxin.partylife.development import rules
from tongxin.partylife.development.files import max_files
from tongxin.partylife.development.models import ACTIVE_STAGES, Candidate, CandidateFile, Stage, Step
from tongxin.partylife.meetings.files import CheckedFile
from tongxin.platform.access.actor import Actor, signed_in
from tongxin.platform.access.protect import UNSET, apply_identity, ensure_unique_id, note_hidden_changes
from tongxin.platform.access.roles import Perm
from tongxin.platform.access.scope import scope_for
from tongxin.platform.core.audit import audit_record, diff, stored
from tongxin.platform.core.exceptions import DomainError, Forbidden
from tongxin.platform.core.trees import ORG
from tongxin.registry.party.models import MemberKind, Organization, OrgKind, PartyMember
from tongxin.registry.people.care_changes import care_changed
from tongxin.registry.people.models import Resident

# Organizations that develop members: a branch, or a general branch with members of its own.
DEVELOPING_KINDS = (OrgKind.BRANCH, OrgKind.GENERAL_BRANCH)

PERSON_FIELDS = ["name", "gender", "birth_date", "id_number_masked", "phone_masked", "resident_id", "note"]
DATE_FIELDS = ["applied_on", "talked_on"]


class Action:
    TALK = "talk"
    ACTIVIST = "activist"
    TARGET = "target"
    ADMIT = "admit"
    EXTEND = "extend"
    CONFIRM = "confirm"
    DROP = "drop"
    FILES = "files"


# What each step writes, from which stages it may be taken, where it leads, and the step
# its documents belong to.
STEP_FIELDS: dict[str, tuple[str, ...]] = {
    Action.TALK: ("talked_on",),
    Action.ACTIVIST: ("activist_on", "contact1", "contact2"),
    Action.TARGET: ("target_on",),
    Action.ADMIT: ("admitted_on", "introducer1", "introducer2", "admission_meeting"),
    Action.EXTEND: ("extended_on", "extension_months", "extension_reason"),
    Action.CONFIRM: ("confirmed_on", "confirmation_meeting"),
    Action.DROP: ("dropped_on", "drop_reason"),
}
FROM_STAGES: dict[str, tuple[str, ...]] = {
    Action.TALK: (Stage.APPLICANT,),
    Action.ACTIVIST: (Stage.APPLICANT,),
    Action.TARGET: (Stage.ACTIVIST,),
    Action.ADMIT: (Stage.TARGET,),
    Action.EXTEND: (Stage.PROBATIONARY,),
    Action.CONFIRM: (Stage.PROBATIONARY,),
    Action.DROP: ACTIVE_STAGES,
}
TO_STAGE = {
    Action.ACTIVIST: Stage.ACTIVIST,
    Action.TARGET: Stage.TARGET,
    Action.ADMIT: Stage.PROBATIONARY,
    Action.CONFIRM: Stage.FULL,
    Action.DROP: Stage.DROPPED,
}
STEP_OF_ACTION = {
    Action.TALK: Step.TALKED,
    Action.ACTIVIST: Step.ACTIVIST,
    Action.TARGET: Step.TARGET,
    Action.ADMIT: Step.ADMITTED,
    Action.EXTEND: Step.EXTENDED,
    Action.CONFIRM: Step.CONFIRMED,
    Action.DROP: Step.DROPPED,
}
# The date that shows a step has been reached (documents may only hang on such a step).
STEP_DATE = {
    Step.APPLIED: "applied_on",
    Step.TALKED: "talked_on",
    Step.ACTIVIST: "activist_on",
    Step.TARGET: "target_on",
    Step.ADMITTED: "admitted_on",
    Step.EXTENDED: "extended_on",
    Step.CONFIRMED: "confirmed_on",
    Step.DROPPED: "dropped_on",
}


def _require(actor: Actor, org: Organization) -> None:
    if not scope_for(actor).allows_path(Perm.PARTY_WORK, ORG, org.path):
        raise Forbidden(_("You may not record member development for this branch."))


def _ensure_new_person(candidate: Candidate) -> None:
    if not candidate.id_number_hash:
        return
    others = Candidate.objects.filter(id_number_hash=candidate.id_number_hash).exclude(stage=Stage.DROPPED)
    if others.exclude(pk=candidate.pk).exists():
        raise DomainError({"id_number": _("This person is already being developed (an open candidacy exists).")})
    if candidate.member_id is None and PartyMember.objects.filter(id_number_hash=candidate.id_number_hash).exists():
        raise DomainError({"id_number": _("Someone with this ID number is already a party member.")})


def _snapshot(candidate: Candidate) -> dict[str, Any]:
    return {f: getattr(candidate, f) for f in PERSON_FIELDS + DATE_FIELDS}


@transaction.atomic
def candidate_create(
    *,
    actor: Actor,
    org: Organization,
    name: str,
    applied_on: datetime.date | None,
    birth_date: datetime.date | None = None,
    gender: str = "",
    id_number: str = "",
    phone: str = "",
    resident: Resident | None = None,
    talked_on: datetime.date | None = None,
    note: str = "",
    files: Sequence[CheckedFile] = (),
    today: datetime.date | None = None,
) -> Candidate:
    """A new applicant of `org`, from the application letter on, or a refusal naming the field."""
    _require(actor, org)
    if org.kind not in DEVELOPING_KINDS:
        raise DomainError({"org": _("Members are developed by a branch (党支部) or general branch (党总支).")})
    if not (name or "").strip():
        raise DomainError({"name": _("Enter the name.")})
    today = today or timezone.localdate()
    candidate = Candidate(
        org=org,
        resident=resident,
        gender=gender or "",
        birth_date=birth_date,
        applied_on=applied_on,
        talked_on=talked_on,
        note=(note or "").strip(),
        created_by=signed_in(actor),
    )
    candidate.set_name(name)
    apply_identity(candidate, id_number=id_number, phone=phone)
    if resident is not None:
        # The resident's numbers are copied as stored (ciphertext, hash, mask): never decrypted.
        if not id_number and resident.id_number_hash:
            candidate.set_id_number(resident.protected_id_number())
        if not phone and resident.phone_hash:
            candidate.set_phone(resident.protected_phone())
        candidate.birth_date = candidate.birth_date or resident.birth_date
        candidate.gender = candidate.gender or resident.gender or ""
    _ensure_new_person(candidate)
    rules.check(rules.Facts.of(candidate), today)
    candidate.full_clean(exclude=["id_number_hash", "org"], validate_constraints=False)
    candidate.save()
    _add_files(actor, candidate, Step.APPLIED, files)
    changes: dict[str, Any] = {k: [None, v] for k, v in _snapshot(candidate).items() if v not in (None, "")}
    changes["org"] = [None, org.name]
    if files:
        changes["files"] = [f.name for f in files]
    audit_record(actor=actor, action="create", obj=candidate, changes=changes)
    return candidate


@transaction.atomic
def candidate_update(
    *,
    actor: Actor,
    candidate: Candidate,
    id_number: Any = UNSET,
    phone: Any = UNSET,
    today: datetime.date | None = None,
    **fields: Any,
) -> Candidate:
    """Correct the person's details, the application date or the talk; every rule is checked again."""
    _require(actor, candidate.org)
    allowed = {"name", "gender", "birth_date", "applied_on", "talked_on", "note"}
    unknown = set(fields) - allowed
    if unknown:
        raise DomainError(_("These details are changed by recording a step, not here."))
    candidate = Candidate.objects.select_for_update(of=("self",)).select_related("org").get(pk=candidate.pk)
    before = stored(candidate, PERSON_FIELDS + DATE_FIELDS)
    hashes_before = (candidate.id_number_hash, candidate.phone_hash)
    name = fields.pop("name", None)
    if name is not None:
        if not name.strip():
            raise DomainError({"name": _("Enter the name.")})
        candidate.set_name(name)
    if "talked_on" in fields and fields["talked_on"] is None and candidate.stage != Stage.APPLICANT:
        fields.pop("talked_on")  # the talk of a later stage stays as recorded
    for key, value in fields.items():
        setattr(candidate, key, value.strip() if isinstance(value, str) else value)
    apply_identity(candidate, id_number=id_number, phone=phone)
    _ensure_new_person(candidate)
    rules.check(rules.Facts.of(candidate), today or timezone.localdate())
    candidate.full_clean(exclude=["id_number_hash", "org"], validate_constraints=False)
    candidate.save()
    changes = diff(before, _snapshot(candidate))
    note_hidden_changes(changes, candidate, hashes_before)
    audit_record(actor=actor, action="update", obj=candidate, changes=changes)
    return candidate


@transaction.atomic
def candidate_step(
    *,
    actor: Actor,
    candidate: Candidate,
    action: str,
    values: dict[str, Any],
    files: Sequence[CheckedFile] = (),
    today: datetime.date | None = None,
) -> Candidate:
    """Record one step of the candidate's development, or refuse it whole."""
    _require(actor, candidate.org)
    if action not in STEP_FIELDS:
        raise DomainError(_("Unknown step."))
    # The row is locked, so two secretaries pressing "admit" at once make one member.
    candidate = Candidate.objects.select_for_update(of=("self",)).select_related("org", "member").get(pk=candidate.pk)
    today = today or timezone.localdate()
    if candidate.stage not in FROM_STAGES[action]:
        raise DomainError(
            _("This step does not follow from the candidate's stage (%(stage)s).")
            % {"stage": candidate.get_stage_display()}
        )
    if action == Action.TALK and candidate.talked_on is not None:
        raise DomainError(_("The talk is already recorded."))
    if action == Action.EXTEND and candidate.extended_on is not None:
        raise DomainError({"extended_on": _("Probation may be extended only once.")})
    written: dict[str, Any] = {}
    for field in STEP_FIELDS[action]:
        value = values.get(field)
        if isinstance(value, str):
            value = value.strip()
        if value in ("", None) and field in ("extension_reason", "drop_reason"):
            value = ""
        setattr(candidate, field, value)
        written[field] = value
    if candidate.admitted_on:
        candidate.probation_ends_on = rules.probation_end(
            candidate.admitted_on, candidate.extension_months if candidate.extended_on else None
        )
    rules.check(rules.Facts.of(candidate), today)
    if action in TO_STAGE:
        candidate.stage = TO_STAGE[action]
    if action == Action.ADMIT:
        candidate.member = _admit(actor, candidate)
    elif action == Action.CONFIRM:
        _confirm(actor, candidate)
    candidate.full_clean(exclude=["id_number_hash", "org"], validate_constraints=False)
    candidate.save()
    step = STEP_OF_ACTION[action]
    _add_files(actor, candidate, step, files)
    changes: dict[str, Any] = {"step": action, "stage": candidate.stage, **{k: v for k, v in written.items()}}
    if files:
        changes["files"] = [f.name for f in files]
    audit_record(actor=actor, action="update", obj=candidate, changes=changes)
    return candidate


def _admit(actor: Actor, candidate: Candidate, status: str = PartyMember.Status.PROBATIONARY) -> PartyMember:
    """The register's record of the new member, copied from the candidate."""
    if candidate.resident_id and PartyMember.objects.filter(resident_id=candidate.resident_id).exists():
        raise DomainError(_("This resident is already registered as a party member."))
    member = PartyMember(
        org=candidate.org,
        kind=MemberKind.DIRECT,
        status=status,
        joined_on=candidate.admitted_on,
        gender=candidate.gender,
        birth_date=candidate.birth_date,
        resident_id=candidate.resident_id,
    )
    member.name, member.name_pinyin, member.name_initials = (
        candidate.name,
        candidate.name_pinyin,
        candidate.name_initials,
    )
    # Copied as stored (ciphertext, hash, mask): the numbers are never decrypted here.
    member.set_id_number(candidate.protected_id_number() if candidate.id_number_hash else None)
    member.set_phone(candidate.protected_phone() if candidate.phone_hash else None)
    ensure_unique_id(PartyMember, member)
    member.full_clean(exclude=["id_number_hash"])
    member.save()
    if candidate.resident_id:
        from tongxin.registry.people.models import CareCategory

        # 党员 is one of 六清楚: the resident register shows it.
        category = CareCategory.objects.filter(code="party_member").first()
        if category is not None and candidate.resident is not None:
            candidate.resident.care_categories.add(category)
            care_changed([candidate.resident.household_id])
    audit_record(
        actor=actor,
        action="create",
        obj=member,
        changes={
            "name": [None, member.name],
            "org": [None, candidate.org.name],
            "status": [None, member.status],
            "joined_on": [None, member.joined_on],
            "id_number_masked": [None, member.id_number_masked],
            "development": [None, candidate.pk],
        },
    )
    return member


def _confirm(actor: Actor, candidate: Candidate) -> None:
    """The register's record becomes a full member's (written anew if it was removed meanwhile)."""
    member = candidate.member
    if member is None:
        candidate.member = _admit(actor, candidate, PartyMember.Status.FULL)
        return
    if member.status != PartyMember.Status.FULL:
        member.status = PartyMember.Status.FULL
        member.save(update_fields=["status", "updated_at"])
        audit_record(
            actor=actor,
            action="update",
            obj=member,
            changes={"status": [PartyMember.Status.PROBATIONARY, PartyMember.Status.FULL]},
        )


def _add_files(actor: Actor, candidate: Candidate, step: str, files: Sequence[CheckedFile]) -> None:
    if not files:
        return
    if candidate.files.count() + len(files) > max_files():
        raise DomainError({"files": [_("A candidate keeps at most %(n)s documents.") % {"n": max_files()}]})
    for checked in files:
        CandidateFile.objects.create(
            candidate=candidate,
            step=step,
            file=checked.upload,
            name=checked.name,
            content_type=checked.content_type,
            extension=checked.extension,
            size=checked.size,
            uploaded_by=signed_in(actor),
        )


@transaction.atomic
def candidate_files_add(*, actor: Actor, candidate: Candidate, step: str, files: Sequence[CheckedFile]) -> None:
    """Documents for a step already reached (a thought report, the political review…)."""
    _require(actor, candidate.org)
    if step not in STEP_DATE or getattr(candidate, STEP_DATE[step]) is None:
        raise DomainError({"step": _("Documents belong to a step that has been recorded.")})
    if not files:
        raise DomainError({"files": _("Choose at least one file.")})
    _add_files(actor, candidate, step, files)
    audit_record(actor=actor, action="update", obj=candidate, changes={"files": [f.name for f in files], "step": step})


@transaction.atomic
def candidate_file_delete(*, actor: Actor, item: CandidateFile) -> None:
    _require(actor, item.candidate.org)
    name = item.file.name
    audit_record(actor=actor, action="update", obj=item.candidate, changes={"file_removed": item.name})
    item.delete()
    transaction.on_commit(lambda: _remove_stored(name))


def _remove_stored(name: str) -> None:
    from django.core.files.storage import default_storage

    default_storage.delete(name)
