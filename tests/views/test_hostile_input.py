"""Hostile input on every form: a clear form error or a 4xx, never a 500, nothing half-saved."""

from __future__ import annotations

import pytest
from django.urls import reverse

from conftest import World, world_copy
from tongxin.platform.core.models import AuditEvent
from tongxin.registry.areas.models import Area, Household
from tongxin.registry.cobuild.models import ResidentUnit, UnitContact
from tongxin.registry.party.models import Organization, PartyMember
from tongxin.registry.people.models import Resident

# Each test runs in a savepoint on a world built once: checked to leave no row behind.
pytestmark = pytest.mark.usefixtures("nothing_left_behind")

HOSTILE = [
    "x" * 10_000,
    "<script>alert(1)</script>",
    "'; DROP TABLE people_resident; --",
    "\x00\x01\x02",
    "１１０１０１１９８００１０１００３７",
    "-1",
    "9" * 40,
    "𠀀𪚥🙂",
]

FORMS = [
    (
        "residents:create",
        lambda w: f"?household={w.household1.pk}",
        ["name", "relation", "id_number", "phone", "gender", "birth_date", "care_categories", "note"],
    ),
    (
        "residents:edit",
        lambda w: w.zhangsan.pk,
        ["name", "relation", "id_number", "phone", "gender", "birth_date", "care_categories", "note"],
    ),
    ("households:create", lambda w: f"?area={w.building1.pk}", ["number", "kind", "is_member_household", "note"]),
    ("households:edit", lambda w: w.household1.pk, ["number", "kind", "note"]),
    ("areas:create", lambda w: f"?parent={w.grid1.pk}", ["level", "name", "code", "estate", "sort_order", "note"]),
    ("areas:edit", lambda w: w.grid1.pk, ["name", "code", "sort_order", "note"]),
    ("areas:move", lambda w: w.building1.pk, ["new_parent"]),
    (
        "orgs:create",
        lambda w: f"?parent={w.committee.pk}",
        ["name", "kind", "branch_type", "area", "secretary_name", "founded_on", "sort_order"],
    ),
    ("orgs:edit", lambda w: w.branch1.pk, ["name", "kind", "branch_type", "area", "founded_on"]),
    ("orgs:move", lambda w: w.branch1.pk, ["new_parent"]),
    (
        "members:create",
        lambda w: "",
        ["name", "org", "kind", "status", "id_number", "phone", "joined_on", "employer", "floating_certificate"],
    ),
    ("members:edit", lambda w: w.member1.pk, ["name", "org", "kind", "status", "id_number", "phone", "joined_on"]),
    ("units:create", lambda w: "", ["name", "credit_code", "kind", "area", "org", "member_count"]),
    ("units:edit", lambda w: w.unit.pk, ["name", "credit_code", "kind", "area", "member_count"]),
    ("units:contact_create", lambda w: w.unit.pk, ["name", "title", "phone"]),
    ("categories", lambda w: "", ["code", "name_zh", "name_en"]),
]


@pytest.fixture
def world(world_once: World, db: None) -> World:
    """The world is built once for the module (187 tests); each test gets its own copy and a
    savepoint of its own, so what one form saves is gone before the next (checked)."""
    return world_copy(world_once)


def _url(name, arg):
    if isinstance(arg, int):
        return reverse(name, args=[arg])
    return reverse(name) + arg


def _counts():
    return tuple(
        m.objects.count() for m in (Area, Household, Resident, Organization, PartyMember, ResidentUnit, UnitContact)
    )


@pytest.mark.parametrize("name,arg,fields", FORMS, ids=[f[0] for f in FORMS])
@pytest.mark.parametrize("payload", HOSTILE, ids=range(len(HOSTILE)))
def test_forms_refuse_hostile_input(client, admin_user, world, name, arg, fields, payload):
    client.force_login(admin_user)
    before = _counts()
    audit_before = AuditEvent.objects.exclude(action__in=["login", "login_failed"]).count()
    response = client.post(_url(name, arg(world)), {f: payload for f in fields})
    assert response.status_code in (200, 302, 400), response.status_code
    if response.status_code != 302:
        # Refused: nothing of it reached the database, not even an audit row.
        assert _counts() == before
        assert AuditEvent.objects.exclude(action__in=["login", "login_failed"]).count() == audit_before
    else:
        # Some payloads are legitimate values ("-1" is a valid code); then the save is whole.
        assert AuditEvent.objects.exclude(action__in=["login", "login_failed"]).count() == audit_before + 1
    body = response.content.decode()
    assert "<script>alert(1)</script>" not in body


@pytest.mark.parametrize("payload", HOSTILE, ids=range(len(HOSTILE)))
@pytest.mark.parametrize(
    "name", ["residents:list", "households:list", "members:list", "units:list", "areas:tree", "orgs:tree", "audit"]
)
def test_list_filters_survive_hostile_queries(client, admin_user, world, name, payload):
    client.force_login(admin_user)
    params = {
        "q": payload,
        "node": payload,
        "category": payload,
        "page": payload,
        "user": payload,
        "date_from": payload,
    }
    response = client.get(reverse(name), params)
    assert response.status_code in (200, 404)


def test_invalid_id_number_is_a_form_error_next_to_the_field(client, secretary, world):
    client.force_login(secretary)
    response = client.post(
        reverse("residents:create") + f"?household={world.household1.pk}",
        {"name": "新居民", "relation": "head", "id_number": "110101198001010038", "phone": ""},
    )
    assert response.status_code == 200
    assert "id_number" in response.context["form"].errors
    assert not Resident.objects.filter(name="新居民").exists()


def test_duplicate_id_number_is_refused(client, secretary, world):
    from conftest import ID_ZHANGSAN

    client.force_login(secretary)
    response = client.post(
        reverse("residents:create") + f"?household={world.household1.pk}",
        {"name": "冒名", "relation": "head", "id_number": ID_ZHANGSAN, "phone": ""},
    )
    assert response.status_code == 200
    assert response.context["form"].errors
    assert not Resident.objects.filter(name="冒名").exists()


def test_invalid_credit_code_is_refused(client, secretary, world):
    client.force_login(secretary)
    response = client.post(
        reverse("units:create"),
        {
            "name": "新单位",
            "credit_code": "91110000600037341X",
            "kind": "other",
            "area": world.community.pk,
            "member_count": 0,
        },
    )
    assert response.status_code == 200
    assert "credit_code" in response.context["form"].errors
