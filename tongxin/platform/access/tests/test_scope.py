from __future__ import annotations

import pytest
from django.http import Http404

from tongxin.platform.access.scope import get_for, visible_to
from tongxin.registry.areas.models import Area
from tongxin.registry.cobuild.models import ResidentUnit
from tongxin.registry.party.models import Organization, PartyMember
from tongxin.registry.people.models import Resident


def names(qs):
    return sorted(qs.values_list("name", flat=True))


def test_grid_worker_sees_only_own_grid(world, grid_worker):
    assert names(visible_to(Resident.objects.all(), grid_worker)) == ["张三"]
    assert names(visible_to(Area.objects.all(), grid_worker)) == ["1号楼", "第一网格"]


def test_grid_worker_gets_404_for_neighbour_resident_even_by_guessed_id(world, grid_worker):
    with pytest.raises(Http404):
        get_for(grid_worker, Resident, world.lisi.pk)
    with pytest.raises(Http404):
        get_for(grid_worker, Resident, "not-a-number")


def test_secretary_sees_whole_community_and_its_organizations(world, secretary):
    assert names(visible_to(Resident.objects.all(), secretary)) == ["张三", "李四"]
    assert names(visible_to(PartyMember.objects.all(), secretary)) == ["赵党员", "钱党员"]
    assert "甲社区党委" in names(visible_to(Organization.objects.all(), secretary))
    assert names(visible_to(ResidentUnit.objects.all(), secretary)) == ["示范医院"]


def test_grid_worker_sees_the_grid_branch_anchored_at_the_grid(world, grid_worker):
    assert names(visible_to(Organization.objects.all(), grid_worker)) == ["第一网格党支部"]
    assert names(visible_to(PartyMember.objects.all(), grid_worker)) == ["赵党员"]


def test_street_officer_sees_both_communities(world, street_officer):
    assert names(visible_to(Resident.objects.all(), street_officer)) == ["张三", "李四", "王五"]


def test_party_member_sees_only_their_own_record(world, party_member):
    assert names(visible_to(PartyMember.objects.all(), party_member)) == ["赵党员"]
    assert names(visible_to(Resident.objects.all(), party_member)) == []


def test_unit_contact_sees_only_their_unit(world, unit_contact):
    assert names(visible_to(ResidentUnit.objects.all(), unit_contact)) == ["示范医院"]
    assert names(visible_to(Resident.objects.all(), unit_contact)) == []
    assert names(visible_to(PartyMember.objects.all(), unit_contact)) == []


def test_outsider_sees_nothing(world, outsider):
    for model in (Area, Resident, PartyMember, Organization, ResidentUnit):
        assert not visible_to(model.objects.all(), outsider).exists()


def test_admin_sees_everything(world, admin_user):
    assert visible_to(Resident.objects.all(), admin_user).count() == 3


def test_the_organizations_anchored_in_a_users_areas_are_read_only_when_asked_for(
    world, secretary, django_assert_num_queries
):
    """Every signed-in page builds the scope: one query for the roles and their nodes' paths. A
    case or resident page never reads the organization tree, so the organizations anchored in a
    subdistrict (hundreds) are listed only for a page that asks for them."""
    with django_assert_num_queries(2):
        visible_to(Resident.objects.all(), secretary).exists()  # the roles with their nodes, the rows
    with django_assert_num_queries(2):
        assert "甲社区党委" in names(visible_to(Organization.objects.all(), secretary))
    with django_assert_num_queries(1):
        visible_to(Organization.objects.all(), secretary).exists()  # read once a request
