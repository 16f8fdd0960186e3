"""Writes to the needs and projects lists: raise a need, claim it (the project is born).

Every other way in — a visit's or a case's follow-up, the public request, a joint meeting's
decision, the API's `POST /needs/{id}/claim`, a member's offer from /me/ — calls these, so the
rules and the audit are written once.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tongxin.cobuilding.agreements.models import Agreement, CommitmentKind, Delivery
from tongxin.cobuilding.agreements.services import record_delivery
from tongxin.cobuilding.projects.models import Evidence, Milestone, Need, Project, Rating
from tongxin.platform.access.actor import Actor, signed_in
from tongxin.platform.access.roles import Perm
from tongxin.platform.access.scope import scope_for
from tongxin.platform.core.audit import audit_record
from tongxin.platform.core.exceptions import DomainError, Forbidden
from tongxin.platform.core.trees import AREA
from tongxin.registry.areas.models import Area
from tongxin.registry.cobuild.models import ResidentUnit
from tongxin.registry.cobuild.queries import units_answered_by
from tongxin.registry.party.models import PartyMember


class AlreadyClaimed(DomainError):
    """Someone claimed the need first (409 in the API, a clear message on the page)."""


def may_run(actor: Actor, community: Area) -> bool:
    """Staff who run co-building in the community (the community, admin)."""
    return scope_for(actor).allows_path(Perm.COBUILD, AREA, community.path)


def may_raise(actor: Actor, place: Area) -> bool:
    """Who may raise a need at a place: co-building staff, and the grid workers and building
    leaders who find it on their rounds (their visit permission over the place)."""
    scope = scope_for(actor)
    return scope.allows_path(Perm.COBUILD, AREA, place.path) or scope.allows_path(Perm.VISIT, AREA, place.path)


@transaction.atomic
def raise_need(
    *,
    actor: Actor,
    community: Area,
    title: str,
    category: str,
    description: str = "",
    place: Area | None = None,
    people_affected: int = 0,
    wanted_by: datetime.date | None = None,
    source: str = Need.Source.STAFF,
    source_id: int | None = None,
    source_label: str = "",
    open_to_claim: bool = True,
) -> Need:
    where = place or community
    if place is not None and not place.path.startswith(community.path):
        raise DomainError({"place": _("The place is not in this community.")})
    if not may_raise(actor, where):
        raise Forbidden(_("You may not raise needs here."))
    need = Need(
        community=community,
        place=place,
        title=title.strip(),
        category=category,
        description=description.strip(),
        people_affected=people_affected,
        wanted_by=wanted_by,
        source=source,
        source_id=source_id,
        source_label=source_label[:100],
        open_to_claim=open_to_claim,
        raised_by=signed_in(actor),
    )
    need.full_clean()
    need.save()
    audit_record(
        actor=actor,
        action="create",
        obj=need,
        changes={"title": [None, need.title], "source": [None, need.source], "community": [None, community.pk]},
    )
    return need


def _check_claimant(actor: Actor, need: Need, unit: ResidentUnit | None, member: PartyMember | None) -> None:
    if (unit is None) == (member is None):
        raise DomainError(_("A project is taken on by one unit or one member."))
    staff = may_run(actor, need.community)
    if unit is not None:
        if unit.area_id != need.community_id and not unit.area.path.startswith(need.community.path):
            raise DomainError({"unit": _("The unit is not in this need's community.")})
        if not staff and not units_answered_by(actor).filter(pk=unit.pk).exists():
            raise Forbidden(_("You may claim needs only for your own unit."))
    if member is not None and not staff and getattr(member, "user_id", None) != getattr(actor, "pk", None):
        raise Forbidden(_("You may offer to take on a need only for yourself."))
    if not staff and not need.open_to_claim:
        raise Forbidden(_("This need is not open to be claimed."))


@transaction.atomic
def claim_need(
    *,
    actor: Actor,
    need: Need,
    unit: ResidentUnit | None = None,
    member: PartyMember | None = None,
    title: str = "",
    description: str = "",
    budget: Decimal | None = None,
    due_on: datetime.date | None = None,
    commitment: Any = None,
    resources: Iterable[Any] = (),
) -> Project:
    """A unit claims a need (认领), or a member offers to take it on (waiting for staff): the
    need's project. Two claims at once: the conditional update lets one through, the other is
    told the need was taken (AlreadyClaimed)."""
    _check_claimant(actor, need, unit, member)
    taken = Need.objects.filter(pk=need.pk, status=Need.Status.OPEN).update(
        status=Need.Status.CLAIMED, updated_at=timezone.now()
    )
    if not taken:
        raise AlreadyClaimed(_("This need has already been claimed."))
    need.status = Need.Status.CLAIMED
    by_member = member is not None and not may_run(actor, need.community)
    project = Project(
        need=need,
        community=need.community,
        unit=unit,
        member=member,
        title=(title or need.title).strip(),
        description=description.strip(),
        state=Project.State.PROPOSED if by_member else Project.State.CLAIMED,
        budget=budget,
        due_on=due_on,
        commitment=commitment,
        claimed_at=timezone.now(),
        claimed_by=signed_in(actor),
    )
    project.full_clean(exclude=["need"])
    try:
        with transaction.atomic():
            project.save()
    except IntegrityError as exc:
        raise AlreadyClaimed(_("This need has already been claimed.")) from exc
    resources = list(resources)
    if resources:
        project.resources.set(resources)
    audit_record(
        actor=actor,
        action="create",
        obj=project,
        changes={
            "need": [None, need.pk],
            "unit": [None, unit.pk if unit else None],
            "member": [None, member.pk if member else None],
            "state": [None, project.state],
        },
    )
    return project


# A project's life: claimed → in progress → completed, or cancelled (the need is open again).


def _check_actor(actor: Actor, project: Project) -> None:
    from tongxin.cobuilding.projects.queries import may_act_on

    if not may_act_on(actor, project):
        raise Forbidden(_("Only the community's staff and the unit's contacts act on this project."))


def _move(project: Project, expected: tuple[str, ...], to: str, **fields: Any) -> None:
    moved = Project.objects.filter(pk=project.pk, state__in=expected).update(
        state=to, updated_at=timezone.now(), **fields
    )
    if not moved:
        raise DomainError(_("The project changed meanwhile: reload the page and try again."))
    project.state = to
    for name, value in fields.items():
        setattr(project, name, value)


@transaction.atomic
def project_start(*, actor: Actor, project: Project, started_on: datetime.date | None = None) -> Project:
    _check_actor(actor, project)
    before = project.state
    _move(project, (Project.State.CLAIMED,), Project.State.IN_PROGRESS, started_on=started_on or timezone.localdate())
    audit_record(actor=actor, action="update", obj=project, changes={"state": [before, project.state]})
    return project


@transaction.atomic
def project_cancel(*, actor: Actor, project: Project, reason: str) -> Project:
    """Cancel a project that will not be done: its need is open to claim again."""
    _check_actor(actor, project)
    reason = reason.strip()
    if not reason:
        raise DomainError({"reason": _("Say why the project is cancelled.")})
    before = project.state
    live = (Project.State.PROPOSED, Project.State.CLAIMED, Project.State.IN_PROGRESS)
    _move(project, live, Project.State.CANCELLED, cancelled_reason=reason[:200])
    Need.objects.filter(pk=project.need_id, status=Need.Status.CLAIMED).update(
        status=Need.Status.OPEN, updated_at=timezone.now()
    )
    audit_record(
        actor=actor, action="update", obj=project, changes={"state": [before, project.state], "reason": [None, reason]}
    )
    return project


@transaction.atomic
def project_complete(
    *,
    actor: Actor,
    project: Project,
    summary: str,
    people_served: int,
    completed_on: datetime.date,
    spent: Decimal | None = None,
    volunteer_hours: Decimal = Decimal(0),
) -> Project:
    """Complete a project with what it did; it needs at least one photo or document as evidence.
    When it counts toward an agreement commitment, what it gave is recorded as a delivery."""
    _check_actor(actor, project)
    errors: dict[str, Any] = {}
    if not summary.strip():
        errors["summary"] = _("Say what the project did.")
    if completed_on > timezone.localdate():
        errors["completed_on"] = _("The date completed cannot be in the future.")
    if spent is not None and spent < 0:
        errors["spent"] = _("Money spent cannot be negative.")
    if volunteer_hours < 0:
        errors["volunteer_hours"] = _("Volunteer hours cannot be negative.")
    if errors:
        raise DomainError(errors)
    if not project.evidence.exists():
        raise DomainError(_("Add at least one photo or document showing what was done before completing."))
    before = project.state
    _move(
        project,
        (Project.State.CLAIMED, Project.State.IN_PROGRESS),
        Project.State.COMPLETED,
        summary=summary.strip()[:4000],
        people_served=people_served,
        completed_on=completed_on,
        spent=spent,
        volunteer_hours=volunteer_hours,
    )
    if project.commitment_id is not None:
        project_delivery_record(actor=actor, project=project)
    audit_record(
        actor=actor,
        action="update",
        obj=project,
        changes={"state": [before, project.state], "people_served": [None, people_served]},
    )
    return project


def project_delivery_record(*, actor: Actor, project: Project) -> Any:
    """What a completed project gave, as a delivery against the commitment it names: the money
    spent for a money commitment, the volunteer hours for an hours one, once otherwise. Written by
    the agreements' own service (once per project), and only while the agreement is signed: a
    draft's commitments are not yet promised."""
    commitment = project.commitment
    if commitment is None or commitment.agreement.status != Agreement.Status.SIGNED:
        return None
    if commitment.kind == CommitmentKind.MONEY:
        quantity = project.spent or Decimal(0)
    elif commitment.kind == CommitmentKind.VOLUNTEER_HOURS:
        quantity = Decimal(project.volunteer_hours or 0)
    else:
        quantity = Decimal(1)
    if quantity <= 0:
        return None
    return record_delivery(
        actor=actor,
        commitment=commitment,
        quantity=quantity,
        delivered_on=project.completed_on or timezone.localdate(),
        description=project.title[:300],
        source=Delivery.Source.PROJECT,
        source_id=project.pk,
    )


# Milestones and evidence


@transaction.atomic
def milestone_add(*, actor: Actor, project: Project, title: str, due_on: datetime.date | None = None) -> Milestone:
    _check_actor(actor, project)
    if project.state in (Project.State.COMPLETED, Project.State.CANCELLED):
        raise DomainError(_("The project is finished: no more milestones."))
    title = title.strip()
    if not title:
        raise DomainError({"title": _("Name the milestone.")})
    last = project.milestones.order_by("-sort_order").values_list("sort_order", flat=True).first()
    milestone = Milestone.objects.create(project=project, title=title[:100], due_on=due_on, sort_order=(last or 0) + 1)
    audit_record(actor=actor, action="create", obj=milestone, changes={"title": [None, milestone.title]})
    return milestone


@transaction.atomic
def milestone_report(
    *,
    actor: Actor,
    milestone: Milestone,
    report: str,
    done_on: datetime.date,
    photos: Iterable[Any] = (),
    documents: Iterable[Any] = (),
) -> Milestone:
    """Report a milestone done with what was done and its photos (already checked and re-encoded
    by photos_process) and documents. A claimed project is in progress from its first report."""
    project = milestone.project
    _check_actor(actor, project)
    if project.state not in (Project.State.CLAIMED, Project.State.IN_PROGRESS):
        raise DomainError(_("Only a project under way has milestones to report."))
    if not report.strip():
        raise DomainError({"report": _("Say what was done.")})
    if done_on > timezone.localdate():
        raise DomainError({"done_on": _("The date done cannot be in the future.")})
    done = Milestone.objects.filter(pk=milestone.pk, done_on__isnull=True).update(
        done_on=done_on, report=report.strip()[:2000], reported_by=signed_in(actor), reported_at=timezone.now()
    )
    if not done:
        raise DomainError(_("This milestone was already reported."))
    if project.state == Project.State.CLAIMED:
        Project.objects.filter(pk=project.pk, state=Project.State.CLAIMED).update(
            state=Project.State.IN_PROGRESS, started_on=done_on, updated_at=timezone.now()
        )
    evidence_add(actor=actor, project=project, milestone=milestone, photos=photos, documents=documents)
    milestone.refresh_from_db()
    audit_record(actor=actor, action="update", obj=milestone, changes={"done_on": [None, str(done_on)]})
    return milestone


def evidence_add(
    *,
    actor: Actor,
    project: Project,
    milestone: Milestone | None = None,
    photos: Iterable[Any] = (),
    documents: Iterable[Any] = (),
) -> list[Evidence]:
    """Store processed photos and checked documents (evidence.py) as the project's evidence."""
    from tongxin.cobuilding.projects.evidence import evidence_store

    _check_actor(actor, project)
    return evidence_store(actor=actor, project=project, milestone=milestone, photos=photos, documents=documents)


# Residents' ratings


@transaction.atomic
def rating_add(
    *,
    project: Project,
    score: int,
    voter_key: str,
    comment: str = "",
    channel: str = Rating.Channel.PUBLIC,
    actor: Actor | None = None,
) -> Rating:
    """A resident's 1–5 stars on a completed project: from the public page (one per device, by a
    keyed hash of its cookie) or collected by staff on a visit (by a hash of the household)."""
    if channel == Rating.Channel.STAFF and (actor is None or not may_run(actor, project.community)):
        raise Forbidden(_("Only the community's staff record ratings collected on visits."))
    if project.state != Project.State.COMPLETED:
        raise DomainError(_("Only a completed project can be rated."))
    if not 1 <= score <= 5:
        raise DomainError({"score": _("Choose from one to five stars.")})
    rating = Rating(
        project=project,
        score=score,
        comment=comment.strip()[:300],
        channel=channel,
        voter_key=voter_key,
        recorded_by=signed_in(actor) if actor is not None else None,
    )
    try:
        with transaction.atomic():
            rating.save()
    except IntegrityError as exc:
        raise DomainError(_("This project has already been rated from here. Thank you.")) from exc
    if actor is not None:
        audit_record(actor=actor, action="create", obj=rating, changes={"score": [None, score]})
    return rating
