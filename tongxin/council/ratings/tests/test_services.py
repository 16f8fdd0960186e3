"""Ratings' services: the weighted score and level against a hand-computed set, the states of a
round, all-or-nothing scoring, and refusals in the user's words."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone, translation

from tongxin.council.ratings import services
from tongxin.council.ratings.models import RatingEntry, RatingScheme, RoundState, Score
from tongxin.council.ratings.queries import live_results
from tongxin.council.ratings.services.schemes import Criterion, Level
from tongxin.council.ratings.tests.support import CRITERIA, LEVELS, open_round, published, scheme, score_all, staff
from tongxin.platform.core.exceptions import DomainError, Forbidden

pytestmark = pytest.mark.django_db
D = Decimal


@pytest.fixture(autouse=True)
def english():
    """Refusals asserted by their msgids; the Chinese a user reads is checked once below."""
    with translation.override("en"):
        yield


def test_a_refusal_reads_in_chinese_for_the_user(world):
    rnd = open_round(scheme(world.community))
    with translation.override("zh-hans"), pytest.raises(DomainError, match="还没有任何评分"):
        services.round_publicise(actor=staff(), rnd=rnd)


def _results(rnd: Any) -> dict[str, Any]:
    rows: list[Any] = list(live_results(rnd))
    return {e.label: (e.live_score, e.live_level, e.live_stars, e.n_scored) for e in rows}


def test_weighted_scores_and_levels_match_the_hand_computed_set(world):
    # weights 40/30/20/10 over top marks 10/10/5/20:
    # 1号楼: 40×9/10 + 30×9/10 + 20×4.5/5 + 10×18/20 = 36 + 27 + 18 + 9 = 90   → 五星 (at the threshold)
    # 2号楼: 40×8/10 + 30×7/10 + 20×4/5   + 10×10/20 = 32 + 21 + 16 + 5 = 74  → 三星
    rnd = open_round(scheme(world.community))
    score_all(rnd, {"1号楼": [9, 9, 4.5, 18], "2号楼": [8, 7, 4, 10]})
    assert _results(rnd) == {"1号楼": (D("90.00"), "五星", 5, 4), "2号楼": (D("74.00"), "三星", 3, 4)}
    services.round_publicise(actor=staff(), rnd=rnd)
    rows = {e.label: (e.score, e.level_name, e.stars) for e in RatingEntry.objects.filter(round=rnd)}
    assert rows == {"1号楼": (D("90.00"), "五星", 5), "2号楼": (D("74.00"), "三星", 3)}


def test_weights_that_do_not_sum_to_100_and_a_score_below_every_level(world):
    # weights 3/2/1 (sum 6), top marks 10: 1号楼 10, 5, 0 → (3 + 1 + 0) / 6 × 100 = 66.67 → 文明楼栋 (from 60)
    # 2号楼 5, 5, 5 → (1.5 + 1 + 0.5) / 6 × 100 = 50 → below every level
    s = scheme(
        world.community,
        criteria=[Criterion("整洁", D(3), D(10)), Criterion("和睦", D(2), D(10)), Criterion("公益", D(1), D(10))],
        levels=[Level("红色楼栋", D(85)), Level("文明楼栋", D(60))],
    )
    rnd = open_round(s)
    score_all(rnd, {"1号楼": [10, 5, 0], "2号楼": [5, 5, 5]})
    assert _results(rnd) == {"1号楼": (D("66.67"), "文明楼栋", None, 3), "2号楼": (D("50.00"), None, None, 3)}
    services.round_publicise(actor=staff(), rnd=rnd)
    assert dict(RatingEntry.objects.filter(round=rnd).values_list("label", "level_name")) == {
        "1号楼": "文明楼栋",
        "2号楼": "",
    }


def test_a_round_takes_the_subjects_of_its_community_only(world):
    rnd = open_round(scheme(world.community), start=False)
    assert rnd.state == RoundState.OPEN
    assert list(rnd.entries.values_list("label", flat=True)) == ["1号楼", "2号楼"]
    households = open_round(scheme(world.community, kind="household", name="道德评议"), start=False)
    assert list(households.entries.values_list("label", flat=True)) == ["1号楼 101", "2号楼 201"]


def test_a_round_goes_open_scoring_publicity_published(world):
    rnd = open_round(scheme(world.community, publicity_days=5), start=False)
    with pytest.raises(DomainError, match="being scored"):
        score_all(rnd, {"1号楼": [9, 9, 4.5, 18]})
    services.round_start(actor=staff(), rnd=rnd)
    score_all(rnd, {"1号楼": [9, 9, 4.5, 18], "2号楼": [8, 7, 4, 10]})
    now = timezone.now()
    services.round_publicise(actor=staff(), rnd=rnd, now=now)
    assert rnd.state == RoundState.PUBLICITY and rnd.publicity_ends == now + datetime.timedelta(days=5)
    with pytest.raises(DomainError, match="Publicity runs until"):
        services.round_publish(actor=staff(), rnd=rnd, now=now + datetime.timedelta(days=4))
    services.round_publish(actor=staff(), rnd=rnd, now=now + datetime.timedelta(days=5))
    assert rnd.state == RoundState.PUBLISHED
    with pytest.raises(DomainError, match="moved on"):
        services.round_publish(actor=staff(), rnd=rnd)


def test_reopening_withdraws_the_results(world):
    rnd = open_round(scheme(world.community))
    score_all(rnd, {"1号楼": [9, 9, 4.5, 18], "2号楼": [8, 7, 4, 10]})
    services.round_publicise(actor=staff(), rnd=rnd)
    services.round_reopen(actor=staff(), rnd=rnd)
    assert rnd.state == RoundState.SCORING and rnd.publicity_ends is None
    assert not RatingEntry.objects.filter(round=rnd, score__isnull=False).exists()
    assert Score.objects.filter(entry__round=rnd).count() == 8  # the scores stay, to be corrected


def test_partly_scored_subjects_hold_publicity_back_and_are_named(world):
    rnd = open_round(scheme(world.community))
    score_all(rnd, {"1号楼": [9, 9, None, None], "2号楼": [8, 7, 4, 10]})
    with pytest.raises(DomainError, match="1号楼"):
        services.round_publicise(actor=staff(), rnd=rnd)
    assert RoundState.SCORING == rnd.state


def test_nothing_scored_cannot_be_publicised(world):
    rnd = open_round(scheme(world.community))
    with pytest.raises(DomainError, match="Nothing is scored"):
        services.round_publicise(actor=staff(), rnd=rnd)


def test_a_score_out_of_range_saves_nothing_and_names_the_cell(world):
    rnd = open_round(scheme(world.community))
    score_all(rnd, {"1号楼": [1, 1, 1, 1]})
    with pytest.raises(DomainError) as caught:
        score_all(rnd, {"1号楼": [9, 9, 6, 18], "2号楼": [8, 7, 4, 10]})  # 文明守法's top mark is 5
    assert len(caught.value.error_dict) == 1
    assert "0 to 5" in str(caught.value.error_dict)
    assert sorted(Score.objects.filter(entry__round=rnd).values_list("value", flat=True)) == [1, 1, 1, 1]


def test_clearing_a_cell_deletes_its_score(world):
    rnd = open_round(scheme(world.community))
    score_all(rnd, {"1号楼": [9, 9, 4.5, 18]})
    score_all(rnd, {"1号楼": [9, None, 4.5, 18]})
    assert Score.objects.filter(entry__round=rnd).count() == 3


def test_one_round_at_a_time_and_no_overlapping_periods(world):
    published(world.community, {"1号楼": [9, 9, 4.5, 18], "2号楼": [8, 7, 4, 10]}, 2024)
    s = RatingScheme.objects.get(community=world.community)
    with pytest.raises(DomainError, match="covers part of this period"):
        services.round_create(
            actor=staff(),
            scheme=s,
            name="x",
            period_start=datetime.date(2024, 6, 1),
            period_end=datetime.date(2025, 5, 31),
        )
    open_round(s, 2025)
    with pytest.raises(DomainError, match="still under way"):
        open_round(s, 2026)


def test_scheme_rules_in_the_users_words(world):
    def create(**kw):
        values = {"actor": staff(), "community": world.community, "name": "星级楼组", "subject_kind": "building"}
        values.update({"criteria": CRITERIA, "levels": LEVELS, **kw})
        return services.scheme_create(**values)

    with pytest.raises(DomainError, match="at least one criterion"):
        create(criteria=[])
    with pytest.raises(DomainError, match="at least one level"):
        create(levels=[])
    with pytest.raises(DomainError, match="same score"):
        create(levels=[Level("甲", D(80)), Level("乙", D(80))])
    with pytest.raises(DomainError, match="Stars are from 1 to 5"):
        create(levels=[Level("甲", D(80), 6)])
    with pytest.raises(DomainError, match="community or a village"):
        create(community=world.grid1)
    with pytest.raises(DomainError, match="Publicity lasts"):
        create(publicity_days=0)


def test_only_keepers_of_the_place_may_write(world, grid_worker, secretary):
    s = scheme(world.community)
    with pytest.raises(Forbidden):
        services.round_create(
            actor=grid_worker,
            scheme=s,
            name="x",
            period_start=datetime.date(2026, 1, 1),
            period_end=datetime.date(2026, 12, 31),
        )
    other = scheme(world.other_community)
    with pytest.raises(Forbidden):
        services.round_create(
            actor=secretary,
            scheme=other,
            name="x",
            period_start=datetime.date(2026, 1, 1),
            period_end=datetime.date(2026, 12, 31),
        )
