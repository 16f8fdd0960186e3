"""The demo's commitments, seeded with the tiny demo: the community's 红六条 pledges with
fulfilment, its 居民公约, the village's 红十条 and 村规民约, all dated before the seed's day.

The checks read the one tiny demo seeded for them all, and are collected by
tongxin/interfaces/demo/tests/test_seed_demo.py (seeding is 10–20 s: once, not once a module)."""

from __future__ import annotations

import time

from tongxin.council.commitments.demo import seed_commitments
from tongxin.council.commitments.models import (
    Convention,
    ConventionKind,
    ConventionVersion,
    Fulfilment,
    MemberCard,
    Pledge,
    PledgeItem,
)
from tongxin.council.commitments.queries import board_figures, community_members
from tongxin.interfaces.demo.tests.support import TODAY
from tongxin.registry.areas.models import Area, Level


def _place(level: str) -> Area:
    pledge = Pledge.objects.filter(community__level=level).select_related("community").first()
    assert pledge is not None
    return pledge.community


def test_the_community_pledges_the_six_red_items_with_fulfilment() -> None:
    community = _place(Level.COMMUNITY)
    assert list(PledgeItem.objects.filter(community=community).values_list("title", flat=True))[:1] == ["亮身份作表率"]
    assert PledgeItem.objects.filter(community=community).count() == 6
    members = community_members(community).count()
    pledges = Pledge.objects.filter(community=community, year=TODAY.year)
    assert pledges.count() == members > 0
    entries = Fulfilment.objects.filter(pledge__community=community)
    assert entries.exists() and entries.filter(verified_at__isnull=False).exists()
    assert not entries.filter(done_on__gte=TODAY).exists()
    assert MemberCard.objects.filter(member__in=community_members(community), post="党员中心户").exists()
    figures = board_figures(community, TODAY.year)
    assert 0 < figures.shown < figures.members and figures.served > 0
    convention = Convention.objects.get(community=community)
    assert convention.kind == ConventionKind.RESIDENTS
    version = convention.versions.get()
    assert len(version.article_list()) == 10 and version.adopted_on < TODAY


def test_the_village_pledges_ten_red_items_and_its_convention() -> None:
    village = _place(Level.VILLAGE)
    assert PledgeItem.objects.filter(community=village).count() == 10
    convention = Convention.objects.get(community=village)
    assert convention.kind == ConventionKind.VILLAGERS and "红十条" in convention.title
    version = convention.versions.get()
    # Adopted by the 四议两公开 topic that revised it (the consultation demo's), after its decision.
    assert version.topic is not None and "村规民约" in version.topic.title
    assert version.topic.decided_on is not None and version.topic.decided_on <= version.adopted_on < TODAY
    assert len(version.article_list()) == 10


def test_a_second_call_adds_nothing_and_a_first_is_quick() -> None:
    roots = list(Area.objects.filter(parent=None).values_list("path", flat=True))
    before = (Pledge.objects.count(), Fulfilment.objects.count(), ConventionVersion.objects.count())
    seed_commitments(roots, today=TODAY, seed=2026)
    assert (Pledge.objects.count(), Fulfilment.objects.count(), ConventionVersion.objects.count()) == before
    # Written again from nothing (rolled back after the test): the same rows, in under 2 s.
    for model in (Fulfilment, Pledge, PledgeItem, MemberCard, ConventionVersion, Convention):
        model.objects.all().delete()
    # Time spent by this process (the database is SQLite, in process): other test workers on the
    # same machine do not count against it.
    started = time.process_time()
    seed_commitments(roots, today=TODAY, seed=2026)
    assert time.process_time() - started < 2
    assert (Pledge.objects.count(), Fulfilment.objects.count(), ConventionVersion.objects.count()) == before
