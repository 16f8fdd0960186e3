"""Each endpoint's filters and shape, on the hand-made world."""

from __future__ import annotations

import pytest

from conftest import ID_LISI, ID_ZHANGSAN, PHONE_ZHANGSAN
from tongxin.platform.core.personal import normalize_id_number, normalize_phone, protect_id_number, protect_phone
from tongxin.platform.web.testing import assert_error, names
from tongxin.registry.areas.models import Household
from tongxin.registry.cobuild.models import UnitContact
from tongxin.registry.party.models import PartyMember

ALL_LIST_URLS = [
    "/api/v1/areas",
    "/api/v1/households",
    "/api/v1/residents",
    "/api/v1/orgs",
    "/api/v1/members",
    "/api/v1/units",
]


@pytest.fixture
def admin(as_user, admin_user):
    return as_user(admin_user)


@pytest.fixture
def secretary_api(as_user, secretary):
    return as_user(secretary)


@pytest.mark.parametrize("url", ALL_LIST_URLS)
def test_lists_are_paginated_items_and_count(admin, url):
    body = admin.get(url, limit=1).json()
    assert set(body) == {"items", "count"}
    assert len(body["items"]) == 1
    assert body["count"] > 1
    second = admin.get(url, limit=1, offset=1).json()
    assert second["count"] == body["count"]
    assert second["items"] != body["items"]
    assert admin.get(url, offset=1000).json() == {"items": [], "count": body["count"]}


def test_limit_is_capped_at_200(admin, world):
    Household.objects.bulk_create(
        [Household(area=world.building1, grid=world.grid1, number=f"9{i:03d}") for i in range(205)]
    )
    body = admin.get("/api/v1/households", limit=500).json()
    assert body["count"] == 208
    assert len(body["items"]) == 200


# Areas ---------------------------------------------------------------------------------


def test_areas_of_grid_worker(as_user, grid_worker, world):
    items = as_user(grid_worker).get("/api/v1/areas").json()["items"]
    assert items == [
        {
            "id": world.grid1.pk,
            "name": "第一网格",
            "level": "grid",
            "parent": world.community.pk,
            "code": "",
            # The community above the grid is out of the worker's scope: not named.
            "path_names": [],
        },
        {
            "id": world.building1.pk,
            "name": "1号楼",
            "level": "building",
            "parent": world.grid1.pk,
            "code": "",
            "path_names": ["第一网格"],
        },
    ]


def test_area_filters(admin, world):
    assert names(admin.get("/api/v1/areas", parent=world.community.pk)) == ["第一网格", "第二网格"]
    assert names(admin.get("/api/v1/areas", node=world.grid2.pk)) == ["2号楼", "第二网格"]
    assert names(admin.get("/api/v1/areas", level="community")) == ["乙社区", "甲社区"]
    assert names(admin.get("/api/v1/areas", search="网格")) == ["乙第一网格", "第一网格", "第二网格"]
    path = admin.get("/api/v1/areas", node=world.building1.pk).json()["items"][0]["path_names"]
    assert path == ["示范区", "湖东街道", "甲社区", "第一网格"]


def test_area_filters_out_of_scope_are_404(as_user, grid_worker, world):
    api = as_user(grid_worker)
    assert_error(api.get("/api/v1/areas", parent=world.community.pk), 404)
    assert_error(api.get("/api/v1/areas", node=world.grid2.pk), 404)
    assert_error(api.get("/api/v1/areas", level="province"), 422)


def test_area_detail_with_children_and_counts(secretary_api, world):
    body = secretary_api.get(f"/api/v1/areas/{world.community.pk}").json()
    assert body["name"] == "甲社区"
    assert body["path_names"] == []
    assert body["children"] == [
        {"id": world.grid1.pk, "name": "第一网格", "level": "grid"},
        {"id": world.grid2.pk, "name": "第二网格", "level": "grid"},
    ]
    assert body["counts"] == {"areas": 4, "households": 2, "residents": 2}


def test_area_detail_out_of_scope_is_404(as_user, grid_worker, world):
    api = as_user(grid_worker)
    assert api.get(f"/api/v1/areas/{world.grid1.pk}").status_code == 200
    for area in (world.community, world.grid2, world.other_grid, world.district):
        assert_error(api.get(f"/api/v1/areas/{area.pk}"), 404)


# Households ----------------------------------------------------------------------------


def test_households(secretary_api, world):
    items = secretary_api.get("/api/v1/households").json()["items"]
    assert items[0] == {
        "id": world.household1.pk,
        "number": "101",
        "area": world.building1.pk,
        "area_name": "1号楼",
        "grid": world.grid1.pk,
        "kind": "owner",
        "resident_count": 1,
    }
    assert [i["number"] for i in items] == ["101", "201"]


def test_household_filters(secretary_api, world):
    def numbers(**params):
        return [i["number"] for i in secretary_api.get("/api/v1/households", **params).json()["items"]]

    assert numbers(node=world.grid2.pk) == ["201"]
    assert numbers(category="empty_nest") == ["101"]
    assert numbers(search="zs") == ["101"]
    assert numbers(search=ID_LISI) == ["201"]
    assert numbers(search="201") == ["201"]
    assert_error(secretary_api.get("/api/v1/households", node=world.other_grid.pk), 404)


# Organizations and members -------------------------------------------------------------


def test_orgs(secretary_api, world):
    items = secretary_api.get("/api/v1/orgs").json()["items"]
    assert items[0] == {
        "id": world.committee.pk,
        "name": "甲社区党委",
        "kind": "committee",
        "branch_type": "territorial",
        "parent": None,
        "area": world.community.pk,
    }


def test_org_filters(secretary_api, world):
    api = secretary_api
    assert names(api.get("/api/v1/orgs", parent=world.committee.pk)) == ["第一网格党支部", "第二网格党支部", "联合党委"]
    assert names(api.get("/api/v1/orgs", node=world.joint.pk)) == ["示范医院党支部", "联合党委"]
    assert names(api.get("/api/v1/orgs", kind="joint_committee")) == ["联合党委"]
    assert names(api.get("/api/v1/orgs", search="医院")) == ["示范医院党支部"]
    assert_error(api.get("/api/v1/orgs", kind="bogus"), 422)


def test_org_filters_out_of_scope_are_404(as_user, grid_worker, world):
    api = as_user(grid_worker)
    assert names(api.get("/api/v1/orgs", node=world.branch1.pk)) == ["第一网格党支部"]
    assert_error(api.get("/api/v1/orgs", node=world.committee.pk), 404)
    assert_error(api.get("/api/v1/orgs", parent=world.branch2.pk), 404)


def test_members(secretary_api, world):
    world.member1.set_id_number(protect_id_number(normalize_id_number(ID_ZHANGSAN)))
    world.member1.set_phone(protect_phone(normalize_phone(PHONE_ZHANGSAN)))
    world.member1.without_post = True
    world.member1.save()
    response = secretary_api.get("/api/v1/members")
    assert response.json()["items"][0] == {
        "id": world.member1.pk,
        "name": "赵党员",
        "org": world.branch1.pk,
        "kind": "direct",
        "status": "full",
        "is_needy": False,
        "without_post": True,
        "id_number": "110***********0037",
        "phone": "138****5678",
    }
    assert ID_ZHANGSAN not in response.content.decode()
    assert PHONE_ZHANGSAN not in response.content.decode()
    assert names(secretary_api.get("/api/v1/members", search=PHONE_ZHANGSAN)) == ["赵党员"]
    assert names(secretary_api.get("/api/v1/members", kind="without_post")) == ["赵党员"]


@pytest.mark.parametrize(
    "kind,expected",
    [
        ("direct", ["赵党员"]),
        ("retired", ["钱党员"]),
        ("needy", ["钱党员"]),
        ("without_post", []),
        ("floating_in", []),
    ],
)
def test_member_kind_filter(secretary_api, kind, expected):
    assert names(secretary_api.get("/api/v1/members", kind=kind)) == expected


def test_member_filters(secretary_api, world):
    assert names(secretary_api.get("/api/v1/members", node=world.branch2.pk)) == ["钱党员"]
    assert names(secretary_api.get("/api/v1/members", search="zdy")) == ["赵党员"]
    assert_error(secretary_api.get("/api/v1/members", kind="nobody"), 422)


def test_party_member_sees_only_self_and_no_org_node(as_user, party_member, world):
    api = as_user(party_member)
    assert names(api.get("/api/v1/members")) == ["赵党员"]
    assert_error(api.get("/api/v1/members", node=world.branch1.pk), 404)


# Units ---------------------------------------------------------------------------------


def test_units_with_masked_contacts(secretary_api, world):
    contact = UnitContact(unit=world.unit, title="办公室主任")
    contact.set_name("孙主任")
    contact.set_phone(protect_phone(normalize_phone("13811112222")))
    contact.save()
    response = secretary_api.get("/api/v1/units")
    assert response.json()["items"] == [
        {
            "id": world.unit.pk,
            "name": "示范医院",
            "credit_code": "91110000600037341L",
            "kind": "other",
            "area": world.community.pk,
            "org": world.unit_branch.pk,
            "member_count": 0,
            "contacts": [{"id": contact.pk, "name": "孙主任", "title": "办公室主任", "phone": "138****2222"}],
        }
    ]
    assert "13811112222" not in response.content.decode()
    assert names(secretary_api.get("/api/v1/units", search="szr")) == ["示范医院"]
    assert names(secretary_api.get("/api/v1/units", search="13811112222")) == ["示范医院"]


def test_unit_filters(as_user, street_officer, world):
    api = as_user(street_officer)
    assert names(api.get("/api/v1/units")) == ["乙社区超市", "示范医院"]
    assert names(api.get("/api/v1/units", node=world.other_community.pk)) == ["乙社区超市"]
    assert names(api.get("/api/v1/units", kind="other", search="超市")) == ["乙社区超市"]
    assert names(api.get("/api/v1/units", search="91110000600037341l")) == ["示范医院"]
    assert_error(api.get("/api/v1/units", kind="bank"), 422)


def test_unit_node_out_of_scope_is_404(as_user, secretary, world):
    assert_error(as_user(secretary).get("/api/v1/units", node=world.other_community.pk), 404)


# Who sees what ---------------------------------------------------------------------------

VISIBLE = {
    "/api/v1/residents": {
        "admin_user": ["张三", "李四", "王五"],
        "street_officer": ["张三", "李四", "王五"],
        "secretary": ["张三", "李四"],
        "grid_worker": ["张三"],
        "neighbour_grid_worker": ["李四"],
        "building_leader": ["张三"],
        "org_secretary": [],
        "party_member": [],
        "unit_contact": [],
        "outsider": [],
    },
    "/api/v1/members": {
        "admin_user": ["赵党员", "钱党员"],
        "street_officer": ["赵党员", "钱党员"],
        "secretary": ["赵党员", "钱党员"],
        "grid_worker": ["赵党员"],
        "neighbour_grid_worker": ["钱党员"],
        "building_leader": [],
        "org_secretary": ["赵党员"],
        "party_member": ["赵党员"],
        "unit_contact": [],
        "outsider": [],
    },
    "/api/v1/units": {
        "admin_user": ["乙社区超市", "示范医院"],
        "street_officer": ["乙社区超市", "示范医院"],
        "secretary": ["示范医院"],
        "grid_worker": [],
        "neighbour_grid_worker": [],
        "building_leader": [],
        "org_secretary": [],
        "party_member": [],
        "unit_contact": ["示范医院"],
        "outsider": [],
    },
}


@pytest.mark.parametrize(
    "url,persona,expected",
    [(url, persona, expected) for url, table in VISIBLE.items() for persona, expected in table.items()],
    indirect=["persona"],
)
def test_who_sees_what(as_user, url, persona, expected):
    assert names(as_user(persona).get(url)) == sorted(expected)


@pytest.mark.parametrize("token", [False, True])
def test_no_personal_number_in_plain_anywhere(as_user, admin_user, world, token):
    """Every endpoint, read by the admin (who sees everything): never a full number."""
    PartyMember.objects.filter(pk=world.member1.pk).update(
        id_number_masked=world.zhangsan.id_number_masked, id_number_enc=world.zhangsan.id_number_enc
    )
    api = as_user(admin_user, token=token)
    urls = [*ALL_LIST_URLS, f"/api/v1/residents/{world.zhangsan.pk}", f"/api/v1/residents/{world.lisi.pk}"]
    urls += [f"/api/v1/areas/{area.pk}" for area in (world.district, world.grid1)]
    for url in urls:
        body = api.get(url, limit=200).content.decode()
        for plain in (ID_ZHANGSAN, ID_LISI, PHONE_ZHANGSAN, "13900001111", "13700002222"):
            assert plain not in body, (url, plain)
