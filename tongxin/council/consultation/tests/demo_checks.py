"""The demo's consultation, seeded with the tiny demo: seed 001's councils, a village at every
step of 四议两公开 and a road paid for within the caps, two years of topics each taken step by
step, every vote's result by its council's rule.

The checks read the one tiny demo seeded for them all, and are collected by
tongxin/interfaces/demo/tests/test_seed_demo.py (seeding is 10–20 s: once, not once a module)."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.conf import settings
from django.db.models import Sum

from tongxin.council.consultation import rules
from tongxin.council.consultation.demo import seed_consultation
from tongxin.council.consultation.models import (
    Council,
    CouncilMeeting,
    Levy,
    MemberKind,
    Objection,
    ObjectionStatus,
    ProcedureStep,
    Topic,
    TopicState,
    Vote,
)
from tongxin.council.consultation.services import next_step
from tongxin.interfaces.demo.tests.support import TODAY
from tongxin.platform.calendar import SHANGHAI
from tongxin.registry.areas.models import Area, Level

# The seed's "now": noon of the day it was seeded for.
NOW = datetime.datetime(TODAY.year, TODAY.month, TODAY.day, 12, tzinfo=SHANGHAI)


def place(name: str) -> Area:
    return Area.objects.get(name=name, level__in=(Level.COMMUNITY, Level.VILLAGE))


def test_the_three_councils_of_seed_001_with_their_members() -> None:
    community = place("同心社区")
    councils = {c.name: c for c in Council.objects.filter(area=community)}
    assert {"群策联盟议事会": "alliance", "民主协商议事会": "democratic", "协商民主议事会": "residents"} == {
        name: councils[name].kind.code for name in ("群策联盟议事会", "民主协商议事会", "协商民主议事会")
    }
    for council in councils.values():
        members = council.members.all()
        assert 7 <= members.count() <= 15
        assert all(m.resident.household.area.path.startswith(community.path) for m in members if m.resident)
        assert members.filter(kind=MemberKind.PARTY_MEMBER, party_member__isnull=False, resident__isnull=False)
        assert members.filter(role="chair").count() == 1
        # Terms: someone left half-way and a neighbour took the seat.
        assert members.filter(term_end__isnull=False).exists()
    assert councils["群策联盟议事会"].members.filter(kind=MemberKind.UNIT, unit__isnull=False).exists()
    micro = Council.objects.get(kind__code="micro", area__parent=community)
    assert micro.area.level == Level.GRID and micro.topics.filter(state=TopicState.DONE).exists()


def test_topics_of_every_fate_over_two_years() -> None:
    community = place("同心社区")
    topics = Topic.objects.filter(area__path__startswith=community.path)
    states = {s: topics.filter(state=s).count() for s in TopicState.values}
    assert states[TopicState.DONE] > topics.count() / 2
    assert all(states[s] for s in (TopicState.REJECTED, TopicState.DECLINED, TopicState.MERGED, TopicState.RAISED))
    assert all(t.decline_reason for t in topics.filter(state=TopicState.DECLINED))
    assert all(t.merged_into_id for t in topics.filter(state=TopicState.MERGED))
    assert topics.filter(publicity_ends__gt=NOW).exists()
    assert topics.filter(state=TopicState.DECIDED, tasks__done_on__isnull=True).exists()
    assert topics.filter(rating__isnull=False).exists()
    dismissed = Objection.objects.get(topic__area__path__startswith=community.path)
    assert dismissed.status == ObjectionStatus.DISMISSED and dismissed.topic.state == TopicState.DONE
    oldest = Topic.objects.order_by("created_at").first().created_at.astimezone(SHANGHAI).date()
    assert 650 <= (TODAY - oldest).days <= 760
    assert not Topic.objects.filter(created_at__gte=NOW).exists()


def test_the_village_has_a_topic_at_every_step_of_four_deliberations() -> None:
    village = place("柳营村")
    # The village's deliberating bodies (the ratings demo adds its 道德评议委员会, a panel, beside them).
    kinds = set(Council.objects.filter(area=village).exclude(kind__code="panel").values_list("kind__code", flat=True))
    assert kinds == {"village_reps", "villagers", "party_general", "two_committees"}
    party = Council.objects.get(area=village, kind__code="party_general")
    assert party.organization is not None and party.organization.area_id == village.pk
    reps = Council.objects.get(area=village, kind__code="village_reps")
    assert reps.members.filter(represents_household=True).exists()
    topics = list(Topic.objects.filter(area=village, procedure__code="four_two"))
    waiting = {step.code for t in topics if (step := next_step(t)) is not None}
    codes = set(ProcedureStep.objects.filter(procedure__code="four_two").values_list("code", flat=True))
    assert waiting == codes
    assert any(t.state == TopicState.DONE for t in topics)
    assert any(t.publicity_ends and t.publicity_ends > NOW for t in topics)
    # The reviews were voted by the branch's members, groups included.
    reviewed = Vote.objects.filter(item__meeting__council=party, closed_at__isnull=False)
    assert reviewed.exists() and all((v.entitled_count or 0) > 5 for v in reviewed)


def test_the_road_levy_is_within_the_caps_and_paid() -> None:
    levy = Levy.objects.get(topic__area=place("柳营村"), topic__procedure__code="one_matter")
    assert levy.topic.state == TopicState.DONE
    same_year = Levy.objects.filter(topic__area__path__startswith=levy.topic.area.path, year=levy.year)
    assert same_year.aggregate(m=Sum("money_per_person"))["m"] <= settings.CONSULTATION_LEVY_MONEY_CAP
    assert same_year.aggregate(d=Sum("labour_days_per_person"))["d"] <= settings.CONSULTATION_LEVY_LABOUR_CAP
    contributions = levy.contributions.all()
    assert contributions.exists() and all(c.household_id for c in contributions)
    assert all(c.money % levy.money_per_person == 0 for c in contributions)
    assert contributions.filter(labour_days__gt=Decimal(0)).exists()


def test_every_done_topic_took_its_steps_in_order() -> None:
    done = Topic.objects.filter(state=TopicState.DONE).prefetch_related("steps__step", "procedure__steps")
    assert done.count() > 30
    for topic in done:
        steps = [s for s in topic.steps.all() if s.voided_at is None]
        steps.sort(key=lambda s: s.position)
        assert [s.position for s in steps] == list(range(1, len(steps) + 1)), topic.title
        assert [s.held_on for s in steps] == sorted(s.held_on for s in steps), topic.title
        codes = [s.code for s in topic.procedure.steps.all()]
        assert [s.step.code for s in steps] == codes[: len(steps)] and "carry_out" in codes[: len(steps)]


def test_every_closed_vote_agrees_with_the_rule() -> None:
    votes = Vote.objects.filter(closed_at__isnull=False).select_related("item__meeting__council__kind")
    assert votes.count() > 40
    for vote in votes:
        meeting = vote.item.meeting
        count = rules.Count(
            entitled=vote.entitled_count or 0,
            present=vote.present_count or 0,
            households=meeting.households_count or 0,
            households_present=vote.households_present or 0,
        )
        assert vote.result == rules.outcome(meeting.council.kind, count, vote.yes)
        assert vote.yes + vote.no + vote.abstain <= count.present
    assert {v.result for v in votes} == {"passed", "failed"}


def test_a_second_call_adds_nothing() -> None:
    roots = list(Area.objects.filter(parent=None).values_list("path", flat=True))
    before = Topic.objects.count()
    counts = seed_consultation(roots, today=TODAY, seed=1)
    assert counts["topics"] == 0 and Topic.objects.count() == before


def test_every_seeded_topic_has_gapless_steps_that_agree_with_its_state() -> None:
    """Services and bulk rows alike: the live steps are the procedure's first ones in order,
    `next_position` follows them, the state and its dates are those the steps left."""
    days = settings.CONSULTATION_PUBLICITY_DAYS
    topics = Topic.objects.prefetch_related("steps__step", "steps__vote", "procedure__steps")
    assert topics.count() > 100
    for topic in topics:
        live = sorted((s for s in topic.steps.all() if s.voided_at is None), key=lambda s: s.position)
        assert [s.position for s in live] == list(range(1, len(live) + 1)), topic.pk
        assert topic.next_position == len(live) + 1, topic.pk
        assert [s.recorded_at for s in live] == sorted(s.recorded_at for s in live), topic.pk
        assert all(s.recorded_at < NOW and s.held_on < TODAY for s in live), topic.pk
        if topic.procedure is None:
            assert topic.state in (TopicState.RAISED, TopicState.DECLINED, TopicState.MERGED) and not live
            continue
        procedure = list(topic.procedure.steps.all())
        assert [s.step_id for s in live] == [p.pk for p in procedure[: len(live)]], topic.pk
        for s in live:
            if s.step.kind == "vote":
                assert s.vote is not None and s.vote.result == "passed" and s.vote.item.topic_id == topic.pk
                assert s.held_on == s.vote.item.meeting.starts_at.astimezone(SHANGHAI).date()
        last_vote = max(p.position for p in procedure if p.kind == "vote")
        codes = [s.step.code for s in live]
        decided = len(live) >= last_vote
        if topic.state == TopicState.DONE:
            assert "carry_out" in codes and topic.done_on == live[codes.index("carry_out")].held_on, topic.pk
            assert not topic.tasks.filter(done_on__isnull=True).exists()
        if topic.state in (TopicState.DONE, TopicState.DECIDED):
            assert decided and topic.decided_on == live[last_vote - 1].held_on, topic.pk
        if topic.state == TopicState.DECIDED:
            assert "carry_out" not in codes
        if topic.state == TopicState.ACCEPTED:
            assert not decided, topic.pk
        if topic.state == TopicState.REJECTED:
            assert procedure[len(live)].kind == "vote" and topic.decided_on is not None
            assert Vote.objects.filter(item__topic=topic, result="failed").exists(), topic.pk
        publications = [s for s in live if s.step.kind == "publish"]
        for p in publications:
            assert p.publicity_starts is not None and p.publicity_ends is not None
            assert p.publicity_ends - p.publicity_starts >= datetime.timedelta(days=days)
            assert all(s.recorded_at >= p.publicity_ends for s in live if s.position > p.position), topic.pk
            assert all(t.created_at >= p.publicity_ends for t in topic.tasks.all()), topic.pk
        if live and live[-1].step.kind == "publish":
            assert topic.publicity_ends == live[-1].publicity_ends, topic.pk
        else:
            assert topic.publicity_ends is None, topic.pk


def test_every_held_meeting_kept_its_attendance_and_counted_its_votes_from_it() -> None:
    meetings = CouncilMeeting.objects.filter(status="held").exclude(council__kind__quorum_basis="villagers")
    assert meetings.count() > 50
    for meeting in meetings.prefetch_related("attendance", "items__vote"):
        rows = list(meeting.attendance.all())
        assert len(rows) == meeting.entitled_count and meeting.starts_at < NOW
        present = sum(1 for a in rows if a.present)
        for item in meeting.items.all():
            vote = getattr(item, "vote", None)
            assert vote is None or vote.present_count == present, meeting.pk


def test_every_community_and_village_of_the_subdistrict_has_a_history() -> None:
    subdistrict = place("同心社区").parent_id
    for area in Area.objects.filter(parent_id=subdistrict, level__in=(Level.COMMUNITY, Level.VILLAGE)):
        topics = Topic.objects.filter(area__path__startswith=area.path)
        assert Council.objects.filter(area__path__startswith=area.path).exists(), area.name
        assert topics.filter(state=TopicState.DONE).exists(), area.name
        assert topics.filter(state__in=(TopicState.ACCEPTED, TopicState.DECIDED)).exists(), area.name
        assert CouncilMeeting.objects.filter(council__area__path__startswith=area.path, status="held").exists()


def test_a_case_handed_over_to_a_council_is_a_topic_in_progress() -> None:
    topic = Topic.objects.get(case__isnull=False, area__path__startswith=place("同心社区").path)
    assert topic.source == "case" and topic.state == TopicState.ACCEPTED and topic.handover is not None
    assert topic.handover.status == "taken" and topic.council is not None and topic.council.kind.code == "residents"
    assert topic.case.state != "closed" and topic.next_position == 2 and topic.created_at < NOW


def test_the_last_meetings_have_their_minutes_saved() -> None:
    saved = CouncilMeeting.objects.exclude(minutes="")
    assert saved.count() >= 3
    for meeting in saved:
        assert meeting.council.name in meeting.minutes and meeting.minutes_edited_at is not None
        assert meeting.items.exists() and meeting.items.first().topic.title in meeting.minutes
