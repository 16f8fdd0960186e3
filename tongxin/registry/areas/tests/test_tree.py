from __future__ import annotations

import pytest

from tests.html import soup
from tongxin.platform.core.exceptions import DomainError
from tongxin.platform.core.models import path_segment
from tongxin.registry.areas import services
from tongxin.registry.areas.models import Area, Household, Level
from tongxin.registry.areas.queries import subtree_counts
from tongxin.registry.party import services as party_services
from tongxin.registry.party.models import Organization


def test_moving_a_building_keeps_its_subtree_and_households_follow_into_the_new_grid(world, secretary):
    entrance = services.area_create(actor=secretary, parent=world.building1, level=Level.ENTRANCE, name="1单元")
    household = services.household_create(actor=secretary, area=entrance, number="102")
    services.area_move(actor=secretary, area=world.building1, new_parent=world.grid2)
    entrance.refresh_from_db()
    world.building1.refresh_from_db()
    assert world.building1.path == world.grid2.path + path_segment(world.building1.pk)
    assert entrance.path == world.building1.path + path_segment(entrance.pk)
    assert entrance.depth == world.building1.depth + 1
    assert {h.grid_id for h in Household.objects.filter(area__path__startswith=world.building1.path)} == {
        world.grid2.pk
    }
    household.refresh_from_db()
    assert household.grid_id == world.grid2.pk
    # The grid worker of grid 2 now sees 张三; the worker of grid 1 no longer does.
    from tongxin.platform.access.models import RoleAssignment, User
    from tongxin.platform.access.scope import visible_to
    from tongxin.registry.people.models import Resident

    worker2 = User.objects.create_user("w2")
    RoleAssignment.objects.create(user=worker2, role="grid_worker", node_id=world.grid2.pk)
    assert set(visible_to(Resident.objects.all(), worker2).values_list("name", flat=True)) == {"张三", "李四"}


def test_every_path_is_parent_path_plus_own_segment_after_moves(world, admin_user):
    services.area_move(actor=admin_user, area=world.grid1, new_parent=world.other_community)
    for area in Area.objects.all():
        expected = (area.parent.path if area.parent else "") + path_segment(area.pk)
        assert area.path == expected


def test_cannot_move_under_own_descendant_or_to_a_wrong_level(world, admin_user):
    with pytest.raises(DomainError, match="区域不能移到其自身或其下级区域之下"):
        services.area_move(actor=admin_user, area=world.community, new_parent=world.grid1)
    with pytest.raises(DomainError, match="社区下不能设置楼栋"):
        services.area_move(actor=admin_user, area=world.building1, new_parent=world.community)


def test_a_secretary_cannot_move_their_own_community_or_into_another(world, secretary):
    with pytest.raises(DomainError, match="不能移动您本人角色所在的区域"):
        services.area_move(actor=secretary, area=world.community, new_parent=world.subdistrict)
    with pytest.raises(DomainError, match="您无权修改区域树的这一部分"):
        services.area_move(actor=secretary, area=world.grid1, new_parent=world.other_community)


def test_counts_per_node_include_everything_below(world):
    counts = subtree_counts([world.community, world.other_community, world.grid1])
    assert counts[world.community.pk] == {"areas": 4, "households": 2, "residents": 2}
    assert counts[world.other_community.pk] == {"areas": 2, "households": 1, "residents": 1}
    assert counts[world.grid1.pk] == {"areas": 1, "households": 1, "residents": 1}


def test_level_rules(world, secretary):
    with pytest.raises(DomainError, match="网格下不能设置网格"):
        services.area_create(actor=secretary, parent=world.grid1, level=Level.GRID, name="网格中的网格")
    with pytest.raises(DomainError, match="住户须隶属于楼栋或单元"):
        services.household_create(actor=secretary, area=world.grid1, number="1")


def test_moving_an_org_keeps_members_below(world, secretary):
    party_services.org_move(actor=secretary, org=world.branch1, new_parent=world.joint)
    world.branch1.refresh_from_db()
    assert world.branch1.path.startswith(world.joint.path)
    assert world.member1.org_id == world.branch1.pk
    for org in Organization.objects.all():
        assert org.path == (org.parent.path if org.parent else "") + path_segment(org.pk)


def test_tree_page_shows_counts_and_lazy_children(world, secretary, client):
    from django.urls import reverse

    client.force_login(secretary)
    html = soup(client.get(reverse("areas:tree")))
    root = html.select_one("ul.tree > li")
    assert root.select_one("a").text == "甲社区"
    assert "2" in root.select_one(".counts").text
    # Children of the first level are rendered; deeper levels load on demand (htmx).
    lazy = html.select("button.twisty[hx-get]")
    assert lazy and all("/children/" in d["hx-get"] for d in lazy)
    partial = soup(client.get(lazy[0]["hx-get"], HTTP_HX_REQUEST="true"))
    assert partial.select("li a")


def test_secretary_adds_an_estate_and_a_building_joins_it(world, secretary, client):
    from django.urls import reverse

    from tongxin.registry.areas.models import Estate

    client.force_login(secretary)
    client.post(
        reverse("areas:estate_create", args=[world.community.pk]), {"name": "温馨家园", "has_property_company": ""}
    )
    estate = Estate.objects.get(name="温馨家园")
    assert estate.community == world.community and estate.has_property_company is False
    client.post(
        reverse("areas:edit", args=[world.building1.pk]), {"name": "1号楼", "estate": estate.pk, "sort_order": 0}
    )
    world.building1.refresh_from_db()
    assert world.building1.estate == estate
    body = client.get(reverse("areas:detail", args=[world.community.pk])).content.decode()
    assert "温馨家园" in body


def test_move_form_offers_only_parents_the_user_may_edit(world, secretary, street_officer, client):
    from django.urls import reverse

    client.force_login(secretary)
    choices = dict(
        client.get(reverse("areas:move", args=[world.building1.pk])).context["form"].fields["new_parent"].choices
    )
    assert set(choices.values()) == {"第二网格"}  # not its own grid, not 乙第一网格 in another community
    client.force_login(street_officer)
    choices = dict(
        client.get(reverse("areas:move", args=[world.building1.pk])).context["form"].fields["new_parent"].choices
    )
    assert set(choices.values()) == {"第二网格", "乙第一网格"}


def test_a_search_match_opens_the_tree_along_its_path(world, secretary, client):
    from django.urls import reverse

    client.force_login(secretary)
    page = client.get(reverse("areas:tree"), {"q": "1号楼"})
    html = soup(page)
    link = html.find("a", string="1号楼")
    assert link["href"] == f"?open={world.building1.pk}#node-{world.building1.pk}"
    html = soup(client.get(reverse("areas:tree"), {"open": world.building1.pk}))
    target = html.select_one(".node.target")
    assert target.select_one("a").text == "1号楼"
    # Every ancestor on the way is open; the neighbour grid stays closed.
    grid1 = html.select_one(f"#node-{world.grid1.pk} > .node button")
    grid2 = html.select_one(f"#node-{world.grid2.pk} > .node button")
    assert grid1["aria-expanded"] == "true" and grid2["aria-expanded"] == "false"
