"""Writes of the big committee and its joint meetings: one function per use case, transactional,
checking its actor (Forbidden) and writing the audit log.

Staff who run co-building in the community (`projects.services.may_run`: Perm.COBUILD) keep the
committee, its seats, branches and meetings. Agenda items are proposed by staff, by a seat
holder with an account, or by a unit contact of a unit in the community, until the agenda closes
(`rules.agenda_closes_on`). A decided item becomes a co-building project through the projects
list's own services (`raise_need`, `claim_need`), so the need, the claim and their audit are
written once.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from tongxin.cobuilding.committee import rules
from tongxin.cobuilding.committee.models import (
    AGENDA_DAYS,
    AgendaItem,
    Attendance,
    JointCommittee,
    JointMeeting,
    MemberBranch,
    Seat,
)
from tongxin.cobuilding.committee.queries import seats_in_order
from tongxin.cobuilding.projects.models import Need, Project
from tongxin.cobuilding.projects.services import claim_need, may_run, raise_need
from tongxin.platform.access.actor import Actor, signed_in
from tongxin.platform.access.models import User
from tongxin.platform.access.protect import apply_identity
from tongxin.platform.core.audit import audit_record
from tongxin.platform.core.exceptions import DomainError, Forbidden
from tongxin.platform.inbox.models import Notification
from tongxin.platform.inbox.services import notify
from tongxin.registry.areas.models import Area
from tongxin.registry.cobuild.models import ResidentUnit
from tongxin.registry.cobuild.queries import units_answered_by
from tongxin.registry.party.models import Organization, PartyMember


def _require_staff(actor: Actor, community: Area) -> None:
    if not may_run(actor, community):
        raise Forbidden(_("Only the community's co-building staff may do this."))


def _check_term(starts_on: datetime.date, ends_on: datetime.date) -> None:
    if ends_on <= starts_on:
        raise DomainError({"ends_on": _("The term must end after it starts.")})


def _in_community(unit: ResidentUnit | None, community: Area, field: str = "unit") -> None:
    if unit is not None and not unit.area.path.startswith(community.path):
        raise DomainError({field: _("The unit is not in this community.")})


# --- the committee --------------------------------------------------------------------------------


@transaction.atomic
def committee_create(
    *,
    actor: Actor,
    community: Area,
    name: str,
    kind: str,
    term_starts_on: datetime.date,
    term_ends_on: datetime.date,
    meeting_frequency: str = JointCommittee.Frequency.QUARTERLY,
    agenda_days: int = AGENDA_DAYS,
    org: Organization | None = None,
    note: str = "",
) -> JointCommittee:
    _require_staff(actor, community)
    if term_ends_on <= term_starts_on:
        raise DomainError({"term_ends_on": _("The term must end after it starts.")})
    committee = JointCommittee(
        community=community,
        org=org,
        name=name.strip(),
        kind=kind,
        term_starts_on=term_starts_on,
        term_ends_on=term_ends_on,
        meeting_frequency=meeting_frequency,
        agenda_days=agenda_days,
        note=note.strip(),
    )
    committee.full_clean()
    committee.save()
    audit_record(actor=actor, action="create", obj=committee, changes={"name": [None, committee.name]})
    return committee


COMMITTEE_FIELDS = ("name", "kind", "term_starts_on", "term_ends_on", "meeting_frequency", "agenda_days", "note")


@transaction.atomic
def committee_update(*, actor: Actor, committee: JointCommittee, **values: Any) -> JointCommittee:
    """Edit the committee (a new term after 换届: new dates, and the reminder is due again)."""
    _require_staff(actor, committee.community)
    changes = {}
    for name, value in values.items():
        if name not in COMMITTEE_FIELDS:
            raise TypeError(name)
        before = getattr(committee, name)
        if before != value:
            changes[name] = [str(before), str(value)]
            setattr(committee, name, value)
    if committee.term_ends_on <= committee.term_starts_on:
        raise DomainError({"term_ends_on": _("The term must end after it starts.")})
    committee.full_clean()
    committee.save()
    if changes:
        audit_record(actor=actor, action="update", obj=committee, changes=changes)
    return committee


# --- seats ----------------------------------------------------------------------------------------


@transaction.atomic
def seat_add(
    *,
    actor: Actor,
    committee: JointCommittee,
    name: str,
    post: str,
    full_time: bool,
    starts_on: datetime.date,
    ends_on: datetime.date,
    unit: ResidentUnit | None = None,
    unit_title: str = "",
    phone: str = "",
    member: PartyMember | None = None,
    user: User | None = None,
) -> Seat:
    _require_staff(actor, committee.community)
    _check_term(starts_on, ends_on)
    _in_community(unit, committee.community)
    seat = Seat(
        committee=committee,
        post=post,
        full_time=full_time,
        unit=unit,
        unit_title=unit_title.strip(),
        member=member,
        user=user,
        starts_on=starts_on,
        ends_on=ends_on,
    )
    seat.set_name(name)
    apply_identity(seat, phone=phone)
    seat.full_clean()
    seat.save()
    audit_record(
        actor=actor,
        action="create",
        obj=seat,
        changes={"name": [None, seat.name], "post": [None, post], "phone": [None, seat.phone_masked]},
    )
    return seat


SEAT_FIELDS = ("post", "full_time", "unit", "unit_title", "member", "user", "starts_on", "ends_on")


@transaction.atomic
def seat_update(*, actor: Actor, seat: Seat, name: str | None = None, phone: str | None = None, **values: Any) -> Seat:
    _require_staff(actor, seat.committee.community)
    changes: dict[str, Any] = {}
    if name is not None and name.strip() != seat.name:
        changes["name"] = [seat.name, name.strip()]
        seat.set_name(name)
    if phone is not None:
        before = seat.phone_hash
        apply_identity(seat, phone=phone)
        if seat.phone_hash != before:
            # The masked form only: a personal number is never written to the log.
            changes["phone"] = ["*", seat.phone_masked]
    for field, value in values.items():
        if field not in SEAT_FIELDS:
            raise TypeError(field)
        before = getattr(seat, field)
        if before != value:
            changes[field] = [str(before), str(value)]
            setattr(seat, field, value)
    _check_term(seat.starts_on, seat.ends_on)
    _in_community(seat.unit, seat.committee.community)
    seat.full_clean()
    seat.save()
    if changes:
        audit_record(actor=actor, action="update", obj=seat, changes=changes)
    return seat


@transaction.atomic
def seat_leave(*, actor: Actor, seat: Seat, left_on: datetime.date) -> Seat:
    """A member leaves the committee (left their unit, stood down): kept, with the day."""
    _require_staff(actor, seat.committee.community)
    if left_on < seat.starts_on:
        raise DomainError({"left_on": _("They cannot leave before their term started.")})
    done = Seat.objects.filter(pk=seat.pk, left_on__isnull=True).update(left_on=left_on, updated_at=timezone.now())
    if not done:
        raise DomainError(_("This member has already left the committee."))
    seat.left_on = left_on
    audit_record(actor=actor, action="update", obj=seat, changes={"left_on": [None, str(left_on)]})
    return seat


# --- member branches -----------------------------------------------------------------------------


@transaction.atomic
def branch_add(*, actor: Actor, committee: JointCommittee, org: Organization, joined_on: datetime.date) -> MemberBranch:
    """A unit's Party organization joins as a member branch; its unit is the one it belongs to."""
    _require_staff(actor, committee.community)
    unit = ResidentUnit.objects.filter(org=org).select_related("area").order_by("pk").first()
    _in_community(unit, committee.community, "org")
    if committee.branches.filter(org=org, left_on__isnull=True).exists():
        raise DomainError({"org": _("This organization is already a member branch.")})
    branch, _created = MemberBranch.objects.update_or_create(
        committee=committee, org=org, defaults={"unit": unit, "joined_on": joined_on, "left_on": None}
    )
    audit_record(actor=actor, action="create", obj=branch, changes={"org": [None, org.name]})
    return branch


# --- joint meetings ------------------------------------------------------------------------------


@transaction.atomic
def meeting_plan(
    *,
    actor: Actor,
    committee: JointCommittee,
    title: str,
    starts_at: datetime.datetime,
    place: str,
    chair: str = "",
    clerk: str = "",
) -> JointMeeting:
    """Plan a joint meeting; the committee's serving members are expected (attendance rows)."""
    _require_staff(actor, committee.community)
    meeting = JointMeeting(
        committee=committee,
        title=title.strip(),
        starts_at=starts_at,
        place=place.strip(),
        chair=chair.strip(),
        clerk=clerk.strip(),
        created_by=signed_in(actor),
    )
    meeting.full_clean()
    meeting.save()
    day = timezone.localdate(starts_at)
    serving = seats_in_order(
        committee.seats.filter(left_on__isnull=True, starts_on__lte=day, ends_on__gte=day).select_related("unit")
    )
    Attendance.objects.bulk_create(
        Attendance(meeting=meeting, seat=s, name=s.name, unit_name=s.unit.name if s.unit else "") for s in serving
    )
    audit_record(actor=actor, action="create", obj=meeting, changes={"title": [None, meeting.title]})
    return meeting


def may_propose(actor: Actor, meeting: JointMeeting) -> bool:
    """Staff; a serving seat holder with an account; a contact of a unit in the community."""
    community = meeting.committee.community
    if may_run(actor, community):
        return True
    user = signed_in(actor)
    if user is None:
        return False
    if meeting.committee.seats.filter(user=user, left_on__isnull=True).exists():
        return True
    return units_answered_by(actor).filter(area__path__startswith=community.path).exists()


@transaction.atomic
def agenda_propose(
    *,
    actor: Actor,
    meeting: JointMeeting,
    title: str,
    description: str = "",
    unit: ResidentUnit | None = None,
    today: datetime.date | None = None,
) -> AgendaItem:
    """Propose an agenda item ahead of the meeting, until the agenda closes."""
    if not may_propose(actor, meeting):
        raise Forbidden(_("You may not propose items for this meeting."))
    today = today or timezone.localdate()
    committee = meeting.committee
    if meeting.status != JointMeeting.Status.PLANNED:
        raise DomainError(_("This meeting is no longer planned: items cannot be proposed."))
    meeting_day = timezone.localdate(meeting.starts_at)
    closes = rules.agenda_closes_on(meeting_day, committee.agenda_days)
    if today > closes:
        raise DomainError(
            _(
                "The agenda closed on %(date)s (%(days)d days before the meeting). "
                "Please propose the item for the next meeting, or ask the office."
            )
            % {"date": date_format(closes, "DATE_FORMAT"), "days": committee.agenda_days}
        )
    if not title.strip():
        raise DomainError({"title": _("Say what the item is about.")})
    if unit is not None:
        if not may_run(actor, committee.community) and not units_answered_by(actor).filter(pk=unit.pk).exists():
            raise Forbidden(_("You may propose items only for your own unit."))
        _in_community(unit, committee.community)
    user = signed_in(actor)
    order = meeting.agenda.aggregate(m=Max("sort_order"))["m"] or 0
    item = AgendaItem(
        meeting=meeting,
        title=title.strip(),
        description=description.strip(),
        proposed_by=user,
        proposer_name=(user.display_name or user.get_username()) if user else "",
        proposer_unit=unit,
        sort_order=order + 1,
    )
    item.full_clean()
    item.save()
    audit_record(actor=actor, action="create", obj=item, changes={"title": [None, item.title]})
    return item


@transaction.atomic
def agenda_review(*, actor: Actor, item: AgendaItem, accept: bool) -> AgendaItem:
    """Staff put a proposed item on the agenda or decline it (or change their mind before the meeting)."""
    _require_staff(actor, item.meeting.committee.community)
    to = AgendaItem.Status.ACCEPTED if accept else AgendaItem.Status.DECLINED
    done = AgendaItem.objects.filter(
        pk=item.pk,
        meeting__status=JointMeeting.Status.PLANNED,
        status__in=[AgendaItem.Status.PROPOSED, AgendaItem.Status.ACCEPTED, AgendaItem.Status.DECLINED],
    ).update(status=to)
    if not done:
        raise DomainError(_("The meeting has been recorded: its agenda can no longer change."))
    audit_record(actor=actor, action="update", obj=item, changes={"status": [item.status, to]})
    item.status = to
    proposer = item.proposed_by
    if proposer is not None and proposer.pk != getattr(actor, "pk", None):
        # The proposer was told on the page that the office would tell them.
        title = (
            _("Your item “%(title)s” is on the agenda of %(meeting)s")
            if accept
            else _("Your item “%(title)s” was not taken for %(meeting)s")
        ) % {"title": item.title, "meeting": item.meeting.title}
        transaction.on_commit(
            lambda: notify(recipients=[proposer], kind=Notification.Kind.STATUS, title=title, topic=_("Agenda items"))
        )
    return item


@transaction.atomic
def attendance_record(
    *, actor: Actor, meeting: JointMeeting, present_ids: Iterable[int], guests: Iterable[str] = ()
) -> list[Attendance]:
    """Who came: the expected members present or absent, and guests by name."""
    _require_staff(actor, meeting.committee.community)
    if meeting.status == JointMeeting.Status.CANCELLED:
        raise DomainError(_("The meeting was cancelled."))
    present = set(present_ids)
    rows = list(meeting.attendance.all())
    for row in rows:
        row.present = row.pk in present
    Attendance.objects.bulk_update(rows, ["present"])
    known = {r.name for r in rows if r.seat_id is None}
    new = [g.strip()[:50] for g in guests if g.strip() and g.strip() not in known]
    added = Attendance.objects.bulk_create(
        Attendance(meeting=meeting, name=name, present=True, note=_("Guest")) for name in dict.fromkeys(new)
    )
    audit_record(
        actor=actor,
        action="update",
        obj=meeting,
        changes={"present": [None, sum(r.present for r in rows) + len(added)], "guests": [None, len(added)]},
    )
    return rows + added


@transaction.atomic
def meeting_record(
    *,
    actor: Actor,
    meeting: JointMeeting,
    chair: str,
    clerk: str,
    summary: str,
    items: dict[int, tuple[str, str]],
    now: datetime.datetime | None = None,
) -> JointMeeting:
    """Record the meeting as held: chair, clerk, the minutes' text and per accepted item its
    discussion and decision (an item with a decision is decided)."""
    _require_staff(actor, meeting.committee.community)
    now = now or timezone.now()
    if meeting.starts_at > now:
        raise DomainError(_("A meeting can be recorded once it has begun."))
    done = JointMeeting.objects.filter(
        pk=meeting.pk, status__in=[JointMeeting.Status.PLANNED, JointMeeting.Status.HELD]
    ).update(
        status=JointMeeting.Status.HELD,
        chair=chair.strip()[:50],
        clerk=clerk.strip()[:50],
        summary=summary.strip()[:8000],
        held_at=now,
        updated_at=now,
    )
    if not done:
        raise DomainError(_("The meeting was cancelled."))
    agenda = {
        i.pk: i for i in meeting.agenda.filter(status__in=[AgendaItem.Status.ACCEPTED, AgendaItem.Status.DECIDED])
    }
    changed = []
    for pk, (discussion, decision) in items.items():
        item = agenda.get(pk)
        if item is None:
            continue
        item.discussion = discussion.strip()[:4000]
        item.decision = decision.strip()[:2000]
        item.status = AgendaItem.Status.DECIDED if item.decision else AgendaItem.Status.ACCEPTED
        changed.append(item)
    AgendaItem.objects.bulk_update(changed, ["discussion", "decision", "status"])
    meeting.refresh_from_db()
    audit_record(
        actor=actor,
        action="update",
        obj=meeting,
        changes={"status": [None, meeting.status], "decided": [None, sum(1 for i in changed if i.decision)]},
    )
    return meeting


@transaction.atomic
def item_make_project(
    *,
    actor: Actor,
    item: AgendaItem,
    unit: ResidentUnit,
    need: Need | None = None,
    category: str = "other",
    title: str = "",
) -> Project:
    """A decision becomes a co-building project: the unit takes on the chosen need, or a need
    raised now from the meeting (source=meeting); staff claim it on the unit's behalf."""
    meeting = item.meeting
    community = meeting.committee.community
    _require_staff(actor, community)
    if item.status != AgendaItem.Status.DECIDED:
        raise DomainError(_("Only a decided item can become a project."))
    if item.project_id is not None:
        raise DomainError(_("This decision is already a project."))
    _in_community(unit, community)
    if need is None:
        need = raise_need(
            actor=actor,
            community=community,
            title=(title or item.title)[:100],
            category=category,
            description=item.decision,
            source=Need.Source.MEETING,
            source_id=item.pk,
            source_label=meeting.title,
            open_to_claim=False,
        )
    elif need.community_id != community.pk:
        raise DomainError({"need": _("The need is not in this community.")})
    project = claim_need(actor=actor, need=need, unit=unit, title=title or item.title, description=item.decision)
    item.project = project
    item.save(update_fields=["project"])
    audit_record(actor=actor, action="update", obj=item, changes={"project": [None, project.pk]})
    return project
