"""The demo's posts and points on the tiny world: every branch gets posts, holdings, idempotent."""

from __future__ import annotations

import datetime

import pytest

from tongxin.partylife.meetings.tests.support import member
from tongxin.partylife.points.demo import seed_points
from tongxin.partylife.points.models import PointEntry, Post, PostHolding

pytestmark = pytest.mark.django_db


def test_seed_points(world):
    for i in range(5):
        m = member(world.branch1, f"演示党员{i}")
        m.without_post = i < 2
        m.save()
    today = datetime.date(2026, 5, 15)
    n = seed_points([world.committee.path], today=today, seed=7)
    assert n == Post.objects.count()
    branches = {world.branch1.pk, world.branch2.pk, world.unit_branch.pk}
    assert set(Post.objects.values_list("org_id", flat=True)) == branches
    # A responsibility area over each grid building, none for the resident unit's branch.
    areas = Post.objects.filter(kind="area")
    assert set(areas.values_list("area_id", flat=True)) == {world.building1.pk, world.building2.pk}
    # The two members without a post each claimed one, and hold it.
    claimed = PostHolding.objects.filter(post__kind="claimed")
    assert sorted(claimed.values_list("member__name", flat=True)) == ["演示党员0", "演示党员1"]
    # Holdings within the last two years, every one by a member of the post's branch.
    holdings = list(PostHolding.objects.select_related("post", "member__org"))
    assert holdings and all(h.from_on >= datetime.date(2025, 1, 1) and h.from_on < today for h in holdings)
    assert all(h.member.org.path.startswith(h.post.org.path) for h in holdings)
    assert PointEntry.objects.exists()
    # The same seed gives the same posts; a second call adds nothing.
    assert seed_points([world.committee.path], today=today, seed=7) == 0
