"""A member's communities: where they live, and what the registered providers add (reports-in)."""

from __future__ import annotations

from typing import Any

import pytest

from tongxin.registry.party import member_places

pytestmark = pytest.mark.django_db


def test_a_member_living_in_a_building_serves_its_community(world: Any, monkeypatch: Any) -> None:
    monkeypatch.setattr(member_places, "_PROVIDERS", {})
    member = world.member1
    assert member_places.member_communities(member) == []
    member.resident = world.zhangsan
    member.save()
    assert member_places.member_communities(member) == [world.community]


def test_a_provider_adds_the_community_reported_in_to(world: Any, monkeypatch: Any) -> None:
    monkeypatch.setattr(member_places, "_PROVIDERS", {})
    member_places.register_member_places("test", lambda m: [world.other_community.path])
    member = world.member1
    member.resident = world.zhangsan
    member.save()
    assert member_places.member_communities(member) == sorted(
        [world.community, world.other_community], key=lambda a: a.path
    )
