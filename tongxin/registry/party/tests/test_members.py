from __future__ import annotations

from django.urls import reverse

from conftest import ID_ZHANGSAN
from tongxin.platform.core.models import AuditEvent
from tongxin.registry.party.models import PartyMember


def test_register_a_resident_as_member_copies_numbers_without_retyping(world, secretary, client):
    client.force_login(secretary)
    url = reverse("members:create") + f"?resident={world.zhangsan.pk}"
    page = client.get(url)
    assert page.context["form"].initial["name"] == "张三"
    response = client.post(
        url,
        {"name": "张三", "org": world.branch1.pk, "kind": "retired", "status": "full", "id_number": "", "phone": ""},
    )
    assert response.status_code == 302
    member = PartyMember.objects.get(resident=world.zhangsan)
    assert member.id_number_plain() == ID_ZHANGSAN
    assert member.id_number_masked == world.zhangsan.id_number_masked
    assert member.birth_date == world.zhangsan.birth_date
    assert "party_member" in set(world.zhangsan.care_categories.values_list("code", flat=True))
    assert AuditEvent.objects.filter(action="create", object_type="party.partymember").exists()
    # The resident page now links to the membership.
    body = client.get(reverse("residents:detail", args=[world.zhangsan.pk])).content.decode()
    assert reverse("members:detail", args=[member.pk]) in body
    # A second registration of the same resident is refused.
    again = client.post(
        url, {"name": "张三", "org": world.branch1.pk, "kind": "direct", "status": "full", "id_number": "", "phone": ""}
    )
    assert again.status_code == 200 and PartyMember.objects.filter(resident=world.zhangsan).count() == 1


def test_member_kind_rules_are_form_errors(world, secretary, client):
    client.force_login(secretary)
    response = client.post(
        reverse("members:create"),
        {"name": "外出党员", "org": world.branch1.pk, "kind": "floating_out", "status": "full"},
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "floating_certificate" in errors and "floating_place" in errors


def test_member_list_filters_by_kind_flag(world, secretary, client):
    client.force_login(secretary)
    response = client.get(reverse("members:list"), {"category": "needy"})
    assert [m.name for m in response.context["rows"]] == ["钱党员"]
