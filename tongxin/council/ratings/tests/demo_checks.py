"""The demo's ratings, seeded with the tiny demo: 星级楼组 of every building of the community with
the most buildings (last year's published, this year's being scored), and the village's
道德评议 of its households by its 道德评议委员会; quick enough for the tests' demo.

The checks read the one tiny demo seeded for them all, and are collected by
tongxin/interfaces/demo/tests/test_seed_demo.py (seeding is 10–20 s: once, not once a module)."""

from __future__ import annotations

import datetime
import time

from django.db import transaction

from tongxin.council.ratings.demo import seed_ratings
from tongxin.council.ratings.models import RatingEntry, RatingRound, RatingScheme, RoundState, Score
from tongxin.interfaces.demo.tests.support import TODAY
from tongxin.registry.areas.models import Area, Household, Level


def test_star_buildings_of_the_community_with_most_buildings() -> None:
    scheme = RatingScheme.objects.get(name="星级楼组创建")
    community = scheme.community
    counts = {
        c.pk: Area.objects.filter(level=Level.BUILDING, path__startswith=c.path).count()
        for c in Area.objects.filter(level=Level.COMMUNITY)
    }
    assert counts[community.pk] == max(counts.values())
    assert scheme.criteria.count() == 4 and scheme.panel is None
    last, this = scheme.rounds.order_by("period_end")
    assert (last.state, this.state) == (RoundState.PUBLISHED, RoundState.SCORING)
    assert last.period_end == datetime.date(TODAY.year - 1, 12, 31)
    assert last.published_at is not None and last.published_at.date() < TODAY
    assert last.entries.count() == counts[community.pk] == this.entries.count()
    assert not last.entries.filter(score__isnull=True).exists()
    scored = Score.objects.filter(entry__round=this).values("entry").distinct().count()
    assert 0 < scored < this.entries.count()


def test_the_village_panel_rates_every_household() -> None:
    scheme = RatingScheme.objects.get(name="道德评议")
    assert scheme.panel is not None and scheme.panel.kind.code == "panel"
    assert scheme.panel.members.count() == 7
    rnd = RatingRound.objects.get(scheme=scheme)
    assert rnd.state == RoundState.PUBLISHED
    households = Household.objects.filter(area__path__startswith=scheme.community.path).count()
    assert RatingEntry.objects.filter(round=rnd, score__isnull=False).count() == households > 0


def test_a_second_call_adds_nothing_and_is_quick() -> None:
    roots = list(Area.objects.filter(parent=None).values_list("path", flat=True))
    assert seed_ratings(roots, today=TODAY, seed=0) == {"schemes": 0, "rounds": 0, "rated": 0}
    with transaction.atomic():
        Score.objects.all().delete()
        RatingEntry.objects.all().delete()
        RatingRound.objects.all().delete()
        RatingScheme.objects.all().delete()
        from tongxin.council.consultation.models import Council

        Council.objects.filter(kind__code="panel").delete()
        start = time.monotonic()
        counts = seed_ratings(roots, today=TODAY, seed=0)
        assert time.monotonic() - start < 2
        assert counts["schemes"] == 2 and counts["rounds"] == 3
        transaction.set_rollback(True)
