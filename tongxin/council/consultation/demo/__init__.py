"""Demo consultation (协商议事, issue 14): two years of councils, topics, meetings, votes,
publicity, execution and a levy, written through the services as an office would have.

Call it after the accounts and the other demo steps, e.g. from the demo runner:

    from tongxin.council.consultation.demo import seed_consultation
    seed_consultation(area_roots, today=today, seed=seed)

What it writes, deterministic from `seed`, dated relative to `today` (nothing on or after it):

- The community of the `secretary` demo account (同心社区; else the first community): seed 001's
  three councils — 群策联盟议事会 (alliance, 13 members), 民主协商议事会 (democratic, 11) and
  协商民主议事会 (residents' council, 9): residents, party members (linked to both rows), a
  co-building unit's contact and the community's secretary in the chair, one member leaving
  half-way and a neighbour taking the seat. About 40 topics over two years through 城乡社区协商
  (set, plan, consult, vote at the council's four-weekly meeting, publish, carry out with tasks,
  milestones and progress, evaluated by the raiser's rating or the council's visit): most done,
  a few voted down, declined with a reason or merged into an earlier topic, some being carried
  out, some in publicity today, one waiting for its meeting (called, with its agenda), one
  waiting for review, one whose publicity was held up by an objection that was dismissed.
  Raisers are residents on the public page (no phone numbers: the demo sends no text messages),
  council members, staff and a unit; topics are raised without an account (`raised_by` empty),
  so no demo inbox fills with two years of notices. Tasks "网格员" carry out are the grid
  account's. Plus a 微议事 group of an estate (on the grid holding most of its buildings), with
  five small matters.
- The village of the `village` account (柳营村; else the first village): 村民代表会议 (25
  representatives, the residents among them households' representatives), 村民会议 (villagers
  counted at the meeting), 党员大会 of the village's Party branch (its full members with a
  vote, groups included) and 两委联席会议. Thirteen matters by 四议两公开, one at every step:
  done, voted down, being carried out, in publicity today, and waiting to be proposed,
  discussed, reviewed (on the agenda of a Party members' meeting to come), resolved or
  published. The road (村道硬化) by 一事一议: plan, a levy of ¥15 a person and 2 labour days
  (within CONSULTATION_LEVY_MONEY_CAP / _LABOUR_CAP), the villagers' vote, publication, tasks
  and 40 households' contributions (money and days worked).
- In the demo community too: an open case handed over to its residents' council, taken on as a
  topic, accepted and set (waiting for its meeting), and the generated minutes of the last three
  meetings saved (`demo/extras.py`).
- Every other community and village under `area_roots` (the demo subdistrict's and, at district
  scale, the other subdistricts'): a light history written in bulk (`demo/light.py`,
  `demo/rows.py`) — a 居民议事会 (and in every other community a grid's 微议事 group), or a
  village's 村民代表会议 and 党员大会 by 四议两公开; ~26 topics plus one per 150 households over two
  years, at every state, with their meetings, attendance and votes. ~2,400 topics at district
  scale in a few seconds, where the services would take minutes.

The demo community and village go through the services (audit records included), acting as the
place's demo account (the platform admin elsewhere); the light histories keep the same invariants
(tests/test_demo.py checks every topic's steps against its state). Places that already have
councils are left alone, so a second call adds nothing.
"""

from __future__ import annotations

import datetime
import random
from collections.abc import Sequence

from django.db import transaction
from django.db.models import Q

from tongxin.council.consultation.defaults import ensure_defaults
from tongxin.council.consultation.demo.community import seed_community
from tongxin.council.consultation.demo.extras import seed_handover, seed_minutes
from tongxin.council.consultation.demo.light import Light
from tongxin.council.consultation.demo.rows import Rows
from tongxin.council.consultation.demo.timeline import Clock
from tongxin.council.consultation.demo.village import seed_village
from tongxin.council.consultation.models import (
    Contribution,
    Council,
    CouncilMeeting,
    CouncilMember,
    Task,
    Topic,
    TopicStep,
    Vote,
)
from tongxin.platform.access.models import RoleAssignment, User
from tongxin.platform.access.roles import Role
from tongxin.registry.areas.models import Area, Level

__all__ = ["seed_consultation"]


def _under(field: str, paths: Sequence[str]) -> Q:
    q = Q(pk__in=[])
    for path in paths:
        q |= Q(**{f"{field}__startswith": path})
    return q


def _account_place(username: str, level: str, roots: Q) -> Area | None:
    """Where the demo account runs things, or the first place of that level."""
    held = RoleAssignment.objects.filter(user__username=username, role=Role.COMMUNITY).values_list("node_id", flat=True)
    places = Area.objects.filter(roots, level=level)
    return places.filter(pk__in=list(held)).first() or places.order_by("path").first()


def _actor(place: Area) -> User:
    """The place's community account if there is one, else the platform admin (or a system one)."""
    held = RoleAssignment.objects.filter(role=Role.COMMUNITY, node_id=place.pk).select_related("user").first()
    if held is not None:
        return held.user
    admin = User.objects.filter(is_superuser=True, is_active=True).order_by("id").first()
    if admin is not None:
        return admin
    return User.objects.get_or_create(username="system", defaults={"is_superuser": True, "is_active": False})[0]


def seed_consultation(area_roots: Sequence[str], *, today: datetime.date, seed: int = 0) -> dict[str, int]:
    """Write the demo consultation under `area_roots`; returns counts of what was written."""
    ensure_defaults()
    roots = _under("path", area_roots)
    if not area_roots or Council.objects.filter(_under("area__path", area_roots)).exists():
        return _counts([])
    community = _account_place("secretary", Level.COMMUNITY, roots)
    village = _account_place("village", Level.VILLAGE, roots)
    codes = set(Topic.objects.values_list("tracking_code", flat=True))
    done: list[Area] = []
    with transaction.atomic():
        if community is not None:
            clock = Clock(actor=_actor(community), today=today, rng=random.Random(f"{seed}:consult"), codes=codes)
            seed_community(clock, community)
            clock.run()
            seed_handover(clock, community)
            seed_minutes(clock.actor, community)
            done.append(community)
        if village is not None:
            clock = Clock(actor=_actor(village), today=today, rng=random.Random(f"{seed}:village"), codes=codes)
            seed_village(clock, village)
            clock.run()
            done.append(village)
        # Every other community and village of the district: a light history, in bulk.
        rows = Rows(actor=None, today=today, rng=random.Random(f"{seed}:light"), codes=codes)
        light = Light(rows)
        others = Area.objects.filter(roots, level__in=(Level.COMMUNITY, Level.VILLAGE)).exclude(
            pk__in=[a.pk for a in done]
        )
        for n, place in enumerate(others.order_by("path")):
            rows.actor = _actor(place)
            light.place(place, n)
            done.append(place)
        rows.write()
    return _counts(done)


def _counts(places: list[Area]) -> dict[str, int]:
    q = _under("area__path", [p.path for p in places])
    topics = Topic.objects.filter(q)
    return {
        "councils": Council.objects.filter(q).count(),
        "members": CouncilMember.objects.filter(_under("council__area__path", [p.path for p in places])).count(),
        "topics": topics.count(),
        "steps": TopicStep.objects.filter(topic__in=topics).count(),
        "meetings": CouncilMeeting.objects.filter(_under("council__area__path", [p.path for p in places])).count(),
        "votes": Vote.objects.filter(item__topic__in=topics).count(),
        "tasks": Task.objects.filter(topic__in=topics).count(),
        "contributions": Contribution.objects.filter(levy__topic__in=topics).count(),
    }
