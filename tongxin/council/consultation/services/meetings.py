"""A council's meetings: the agenda, attendance as it was on the day, votes and their results,
the minutes.

Attendance is a snapshot taken when it is opened: the members entitled on the meeting's date
(council members in their term, or a branch's full members), each a row marked present or not;
a villagers' meeting records how many villagers and households came. A vote is closed with a
conditional UPDATE (`closed_at IS NULL`), so two people closing it at once make one result.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from typing import Any

from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from tongxin.council.consultation import rules
from tongxin.council.consultation.exceptions import StepRefused, TopicChanged
from tongxin.council.consultation.models import (
    AgendaItem,
    Attendance,
    Ballot,
    Choice,
    Council,
    CouncilMeeting,
    MeetingStatus,
    QuorumBasis,
    StepKind,
    Topic,
    TopicState,
    Vote,
    VoteMethod,
    VoteResult,
)
from tongxin.council.consultation.services._common import check_runs, clean, tell_raiser
from tongxin.council.consultation.services.topics import IN_PROCEDURE, community_of, next_step, topic_step_record
from tongxin.platform.access.actor import Actor, signed_in
from tongxin.platform.core.audit import audit_record
from tongxin.platform.core.exceptions import DomainError
from tongxin.registry.areas.models import Household
from tongxin.registry.party.models import MemberKind, Organization, OrgKind, PartyMember
from tongxin.registry.people.models import Resident

ADULT_YEARS = 18


def _check_topic_fits(meeting: CouncilMeeting, topic: Topic) -> None:
    council = meeting.council
    community = community_of(topic.area)
    if not (council.area.path.startswith(community.path) or community.path.startswith(council.area.path)):
        raise DomainError({"topic": _("Choose a topic of this council's community or village.")})
    if topic.state not in IN_PROCEDURE:
        raise DomainError({"topic": _("Only accepted topics go on an agenda.")})


@transaction.atomic
def meeting_create(
    *,
    council: Council,
    actor: Actor,
    title: str,
    starts_at: datetime.datetime,
    place: str = "",
    topics: Iterable[Topic] = (),
    chaired_by: str = "",
    recorded_by_name: str = "",
) -> CouncilMeeting:
    check_runs(actor, council.area)
    if timezone.is_naive(starts_at):
        raise DomainError({"starts_at": _("Enter the date and time of the meeting.")})
    meeting = CouncilMeeting.objects.create(
        council=council,
        title=clean(title, 100, field="title", required=True),
        starts_at=starts_at,
        place=clean(place, 100, field="place"),
        chaired_by=clean(chaired_by, 50, field="chaired_by"),
        recorded_by_name=clean(recorded_by_name, 50, field="recorded_by_name"),
        created_by=signed_in(actor),
    )
    for topic in topics:
        agenda_add(meeting=meeting, actor=actor, topic=topic)
    audit_record(actor=actor, action="create", obj=meeting, changes={"title": meeting.title})
    return meeting


@transaction.atomic
def agenda_add(*, meeting: CouncilMeeting, actor: Actor, topic: Topic, discussion: str = "") -> AgendaItem:
    check_runs(actor, meeting.council.area)
    _check_topic_fits(meeting, topic)
    if meeting.items.filter(topic=topic).exists():
        raise DomainError({"topic": _("This topic is already on the agenda.")})
    last = meeting.items.aggregate(m=Max("position"))["m"] or 0
    return AgendaItem.objects.create(
        meeting=meeting, topic=topic, position=last + 1, discussion=clean(discussion, 4000, field="discussion")
    )


@transaction.atomic
def agenda_remove(*, item: AgendaItem, actor: Actor) -> None:
    check_runs(actor, item.meeting.council.area)
    if Vote.objects.filter(item=item, closed_at__isnull=False).exists():
        raise StepRefused(_("A vote on this item is closed: it stays in the minutes."), code="closed")
    item.delete()


@transaction.atomic
def item_discussion(*, item: AgendaItem, actor: Actor, discussion: str) -> AgendaItem:
    check_runs(actor, item.meeting.council.area)
    item.discussion = clean(discussion, 4000, field="discussion")
    item.save(update_fields=["discussion"])
    return item


# Organizations whose members are members there, not of the organization above: a branch's
# groups (党小组) and member households are part of the branch, a nested branch is not (the
# same rule as Party life's rosters, tongxin.partylife.meetings.queries).
MEMBERSHIP_UNITS = (
    OrgKind.COMMITTEE,
    OrgKind.GENERAL_BRANCH,
    OrgKind.BRANCH,
    OrgKind.JOINT_COMMITTEE,
    OrgKind.LIAISON_STATION,
)
# Members whose organizational relationship is here vote here; in-service members (双报到) and
# floating members who came in (流入) vote in their own organization.
VOTING_KINDS = (MemberKind.DIRECT, MemberKind.RETIRED, MemberKind.FLOATING_OUT)


def _roster_q(org: Organization) -> Q:
    """The organization's members and its groups' members, short of a nested branch or committee."""
    q = Q(org__path__startswith=org.path)
    nested = Organization.objects.filter(path__startswith=org.path, kind__in=MEMBERSHIP_UNITS).exclude(pk=org.pk)
    for path in nested.values_list("path", flat=True):
        q &= ~Q(org__path__startswith=path)
    return q


def entitled_on(council: Council, day: datetime.date) -> list[dict[str, Any]]:
    """Who may attend and vote on `day` (MEMBERS and PARTY bases), as attendance rows' values."""
    basis = council.kind.quorum_basis
    if basis == QuorumBasis.PARTY:
        if council.organization is None:
            return []
        full = (
            PartyMember.objects.current()
            .filter(_roster_q(council.organization), status=PartyMember.Status.FULL, kind__in=VOTING_KINDS)
            .filter(Q(joined_on__isnull=True) | Q(joined_on__lte=day))
            .order_by("name_pinyin", "id")
            .values("pk", "name", "resident_id")
        )
        return [{"name": m["name"], "party_member_id": m["pk"], "resident_id": m["resident_id"]} for m in full]
    members = (
        council.members.filter(term_start__lte=day)
        .filter(Q(term_end__isnull=True) | Q(term_end__gte=day))
        .order_by("name_pinyin", "id")
        .values("pk", "name", "resident_id", "party_member_id", "represents_household", "resident__household_id")
    )
    return [
        {
            "name": m["name"],
            "member_id": m["pk"],
            "resident_id": m["resident_id"],
            "party_member_id": m["party_member_id"],
            "represents_household": m["represents_household"],
            "household_id_snapshot": m["resident__household_id"],
        }
        for m in members
    ]


@transaction.atomic
def attendance_open(*, meeting: CouncilMeeting, actor: Actor) -> CouncilMeeting:
    """Take the snapshot of who is entitled on the meeting's date; once only."""
    check_runs(actor, meeting.council.area)
    locked = CouncilMeeting.objects.select_for_update().get(pk=meeting.pk)
    if locked.attendance_taken_at is not None:
        return locked
    day = timezone.localdate(locked.starts_at)
    council = locked.council
    if council.kind.quorum_basis == QuorumBasis.VILLAGERS:
        adult_born_by = (
            day.replace(year=day.year - ADULT_YEARS)
            if not (day.month == 2 and day.day == 29)
            else day.replace(year=day.year - ADULT_YEARS, day=28)
        )
        entitled = Resident.objects.filter(
            household__area__path__startswith=council.area.path, birth_date__lte=adult_born_by
        ).count()
        households = Household.objects.filter(area__path__startswith=council.area.path).count()
    else:
        rows = entitled_on(council, day)
        for values in rows:
            attendance = Attendance(meeting=locked, **{k: v for k, v in values.items() if k != "name"})
            attendance.set_name(values["name"])
            attendance.save()
        entitled = len(rows)
        households = len({r.get("household_id_snapshot") for r in rows if r.get("represents_household")})
    CouncilMeeting.objects.filter(pk=locked.pk).update(
        attendance_taken_at=timezone.now(), entitled_count=entitled, households_count=households
    )
    audit_record(actor=actor, action="update", obj=locked, changes={"entitled": [None, entitled]})
    locked.refresh_from_db()
    return locked


def _no_closed_votes(meeting: CouncilMeeting) -> None:
    if Vote.objects.filter(item__meeting=meeting, closed_at__isnull=False).exists():
        raise StepRefused(_("A vote of this meeting is closed: attendance can no longer change."), code="closed")


@transaction.atomic
def attendance_mark(
    *, meeting: CouncilMeeting, actor: Actor, present: Iterable[int], notes: Mapping[int, str] | None = None
) -> int:
    """Tick who came (by attendance row id); everyone else is absent. Returns how many are present."""
    check_runs(actor, meeting.council.area)
    meeting.refresh_from_db()
    if meeting.attendance_taken_at is None:
        raise StepRefused(_("Open the attendance list first."), code="attendance")
    _no_closed_votes(meeting)
    ids = {int(i) for i in present}
    rows = meeting.attendance.all()
    unknown = ids - set(rows.values_list("pk", flat=True))
    if unknown:
        raise DomainError({"present": _("Tick people on this meeting's list only.")})
    rows.update(present=False)
    rows.filter(pk__in=ids).update(present=True)
    for pk, note in (notes or {}).items():
        rows.filter(pk=pk).update(note=clean(note, 100, field="note"))
    CouncilMeeting.objects.filter(pk=meeting.pk).update(status=MeetingStatus.HELD)
    return len(ids)


@transaction.atomic
def villagers_present(
    *, meeting: CouncilMeeting, actor: Actor, present: int, households_present: int
) -> CouncilMeeting:
    """A villagers' meeting: how many villagers aged 18+ and how many households' representatives signed in."""
    check_runs(actor, meeting.council.area)
    if meeting.council.kind.quorum_basis != QuorumBasis.VILLAGERS:
        raise DomainError(_("Tick the members present on the list instead."))
    meeting.refresh_from_db()
    if meeting.attendance_taken_at is None:
        raise StepRefused(_("Open the attendance list first."), code="attendance")
    _no_closed_votes(meeting)
    if not 0 <= present <= (meeting.entitled_count or 0):
        raise DomainError({"present": _("At most the %(n)d villagers entitled.") % {"n": meeting.entitled_count or 0}})
    if not 0 <= households_present <= (meeting.households_count or 0):
        raise DomainError(
            {"households_present": _("At most the %(n)d households.") % {"n": meeting.households_count or 0}}
        )
    CouncilMeeting.objects.filter(pk=meeting.pk).update(
        present_entered=present, households_present_entered=households_present, status=MeetingStatus.HELD
    )
    meeting.refresh_from_db()
    return meeting


def head_count(meeting: CouncilMeeting) -> rules.Count:
    """Entitled and present, households and households represented (one query for a list meeting)."""
    if meeting.council.kind.quorum_basis == QuorumBasis.VILLAGERS:
        return rules.Count(
            entitled=meeting.entitled_count or 0,
            present=meeting.present_entered or 0,
            households=meeting.households_count or 0,
            households_present=meeting.households_present_entered or 0,
        )
    present = list(meeting.attendance.filter(present=True).values_list("represents_household", "household_id_snapshot"))
    return rules.Count(
        entitled=meeting.entitled_count or 0,
        present=len(present),
        households=meeting.households_count or 0,
        households_present=len({h for rep, h in present if rep and h}),
    )


@transaction.atomic
def vote_open(*, item: AgendaItem, actor: Actor, method: str, question: str) -> Vote:
    check_runs(actor, item.meeting.council.area)
    if method not in VoteMethod.values:
        raise DomainError({"method": _("Choose how the vote is taken.")})
    if item.meeting.attendance_taken_at is None:
        raise StepRefused(_("Take attendance before the vote."), code="attendance")
    existing = Vote.objects.filter(item=item).first()
    if existing is not None:
        if existing.closed_at is not None:
            raise StepRefused(_("This item has been voted on."), code="closed")
        existing.method, existing.question = method, clean(question, 300, field="question", required=True)
        existing.save(update_fields=["method", "question"])
        return existing
    return Vote.objects.create(item=item, method=method, question=clean(question, 300, field="question", required=True))


def _open(vote: Vote) -> None:
    if vote.closed_at is not None:
        raise TopicChanged(_("This vote is closed."), code="changed")


@transaction.atomic
def ballots_record(*, vote: Vote, actor: Actor, choices: Mapping[int, str]) -> Vote:
    """A vote by name: each present member's choice (attendance row id → yes/no/abstain)."""
    meeting = vote.item.meeting
    check_runs(actor, meeting.council.area)
    _open(vote)
    if vote.method != VoteMethod.NAMED:
        raise DomainError(_("Only a vote by name records who voted how."))
    present = set(meeting.attendance.filter(present=True).values_list("pk", flat=True))
    for pk, choice in choices.items():
        if int(pk) not in present:
            raise DomainError({"ballots": _("Only members present may vote.")})
        if choice not in Choice.values:
            raise DomainError({"ballots": _("Choose yes, no or abstain.")})
    for pk, choice in choices.items():
        Ballot.objects.update_or_create(vote=vote, attendance_id=int(pk), defaults={"choice": choice})
    counts = {c: 0 for c in Choice.values}
    for choice in vote.ballots.values_list("choice", flat=True):
        counts[choice] += 1
    Vote.objects.filter(pk=vote.pk).update(yes=counts["yes"], no=counts["no"], abstain=counts["abstain"])
    vote.refresh_from_db()
    return vote


@transaction.atomic
def vote_count(*, vote: Vote, actor: Actor, yes: int, no: int, abstain: int) -> Vote:
    """A secret ballot or a show of hands: the counts, never more than those present."""
    meeting = vote.item.meeting
    check_runs(actor, meeting.council.area)
    _open(vote)
    if vote.method == VoteMethod.NAMED:
        raise DomainError(_("A vote by name is counted from the ballots."))
    if min(yes, no, abstain) < 0:
        raise DomainError({"yes": _("Counts cannot be negative.")})
    present = head_count(meeting).present
    if yes + no + abstain > present:
        raise DomainError(
            {
                "yes": _("%(votes)d votes but only %(present)d present.")
                % {"votes": yes + no + abstain, "present": present}
            }
        )
    Vote.objects.filter(pk=vote.pk).update(yes=yes, no=no, abstain=abstain)
    vote.refresh_from_db()
    return vote


@transaction.atomic
def vote_close(*, vote: Vote, actor: Actor, at: datetime.datetime | None = None) -> Vote:
    """Decide the vote by the council kind's rule; two people closing at once get one result.
    A passed vote that is the topic's next step records that step; a failed one ends the topic."""
    meeting = vote.item.meeting
    check_runs(actor, meeting.council.area)
    when = at or timezone.now()
    count = head_count(meeting)
    result = rules.outcome(meeting.council.kind, count, vote.yes)
    moved = Vote.objects.filter(pk=vote.pk, closed_at__isnull=True).update(
        closed_at=when,
        closed_by=signed_in(actor),
        present_count=count.present,
        entitled_count=count.entitled,
        households_present=count.households_present,
        quorum_met=result != VoteResult.NO_QUORUM,
        result=result,
    )
    if not moved:
        raise TopicChanged(_("Someone else has just closed this vote. Reload to see its result."), code="changed")
    vote.refresh_from_db()
    audit_record(actor=actor, action="update", obj=meeting, changes={"vote": [None, f"{vote.pk}:{result}"]})
    topic = vote.item.topic
    step = next_step(topic)
    if step is not None and step.kind == StepKind.VOTE:
        kinds = step.council_kind_codes()
        counts_here = meeting.council.kind.code in kinds if kinds else meeting.council_id == topic.council_id
        if counts_here and result == VoteResult.PASSED:
            topic_step_record(topic=topic, actor=actor, step_code=step.code, at=when, system=True)
        elif counts_here and result == VoteResult.FAILED:
            Topic.objects.filter(pk=topic.pk, state__in=IN_PROCEDURE).update(
                state=TopicState.REJECTED, decided_on=timezone.localdate(when), updated_at=when
            )
            topic.refresh_from_db()
            tell_raiser(topic, _("voted down at %(meeting)s") % {"meeting": meeting.title})
    return vote


@transaction.atomic
def minutes_save(*, meeting: CouncilMeeting, actor: Actor, text: str) -> CouncilMeeting:
    check_runs(actor, meeting.council.area)
    CouncilMeeting.objects.filter(pk=meeting.pk).update(
        minutes=clean(text, 20000, field="minutes"), minutes_edited_at=timezone.now()
    )
    meeting.refresh_from_db()
    return meeting
