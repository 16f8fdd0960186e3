from __future__ import annotations

import pytest
from django.urls import reverse

from conftest import ID_LISI, PHONE_ZHANGSAN
from tongxin.platform.core.models import AuditEvent
from tongxin.registry.people import services
from tongxin.registry.people.models import Resident


def test_create_update_delete_are_recorded_with_who_what_and_where(world, secretary, client):
    client.force_login(secretary)
    response = client.post(
        reverse("residents:create") + f"?household={world.household1.pk}",
        {"name": "周六", "relation": "spouse", "id_number": "", "phone": "13500001234", "note": ""},
        REMOTE_ADDR="10.1.2.3",
    )
    assert response.status_code == 302
    resident = Resident.objects.get(name="周六")
    event = AuditEvent.objects.get(action="create", object_type="people.resident", object_id=str(resident.pk))
    assert event.actor == secretary
    assert event.ip_address == "10.1.2.3"
    assert event.changes["name"] == [None, "周六"]
    assert event.changes["phone_masked"] == [None, "135****1234"]

    client.post(
        reverse("residents:edit", args=[resident.pk]),
        {"name": "周六", "relation": "child", "id_number": "", "phone": "", "note": "新备注"},
        REMOTE_ADDR="10.1.2.4",
    )
    event = AuditEvent.objects.get(action="update", object_id=str(resident.pk))
    assert event.changes == {"note": ["", "新备注"], "relation": ["spouse", "child"]}
    assert event.ip_address == "10.1.2.4"

    client.post(reverse("residents:delete", args=[resident.pk]))
    assert AuditEvent.objects.filter(action="delete", object_id=str(resident.pk)).exists()


def test_audit_never_holds_a_plain_number(world, secretary):
    services.resident_update(actor=secretary, resident=world.zhangsan, phone="13899998888")
    services.resident_update(actor=secretary, resident=world.lisi, id_number="")
    text = " ".join(str(e.changes) for e in AuditEvent.objects.all())
    assert "13899998888" not in text and PHONE_ZHANGSAN not in text and ID_LISI not in text
    assert "138****8888" in text


def test_a_new_number_with_the_same_mask_is_still_recorded(world, secretary):
    # Same first three and last four digits, different middle.
    services.resident_update(actor=secretary, resident=world.zhangsan, phone="13800005678")
    event = AuditEvent.objects.filter(action="update").latest("id")
    assert "phone_masked" in event.changes


def test_reveal_is_audited_and_shows_the_number(world, grid_worker, client):
    client.force_login(grid_worker)
    response = client.post(
        reverse("residents:reveal", args=[world.zhangsan.pk]), {"field": "phone"}, REMOTE_ADDR="10.9.9.9"
    )
    assert response.status_code == 200
    assert PHONE_ZHANGSAN in response.content.decode()
    event = AuditEvent.objects.get(action="reveal")
    assert (event.actor, event.object_id, event.changes, event.ip_address) == (
        grid_worker,
        str(world.zhangsan.pk),
        {"field": "phone"},
        "10.9.9.9",
    )


def test_building_leader_cannot_reveal(world, building_leader, client):
    client.force_login(building_leader)
    response = client.post(reverse("residents:reveal", args=[world.zhangsan.pk]), {"field": "id_number"})
    assert response.status_code == 403
    assert not AuditEvent.objects.filter(action="reveal").exists()


def test_detail_page_shows_masked_numbers_only(world, secretary, client):
    client.force_login(secretary)
    body = client.get(reverse("residents:detail", args=[world.zhangsan.pk])).content.decode()
    assert "110***********0037" in body and "138****5678" in body
    assert PHONE_ZHANGSAN not in body


def test_audit_events_are_append_only(world, secretary):
    services.resident_update(actor=secretary, resident=world.zhangsan, note="x")
    event = AuditEvent.objects.latest("id")
    event.note = "tamper"
    with pytest.raises(ValueError, match="Audit events are append-only"):
        event.save()


def test_audit_page_filters(world, admin_user, secretary, client):
    services.resident_update(actor=secretary, resident=world.zhangsan, note="a")
    services.resident_update(actor=admin_user, resident=world.lisi, note="b")
    client.force_login(admin_user)
    body = client.get(reverse("audit"), {"user": "t_secretary", "action": "update"}).content.decode()
    assert "张三" in body and "李四" not in body


@pytest.mark.django_db
def test_an_action_longer_than_its_column_is_refused_on_every_database():
    """PostgreSQL refuses it and SQLite would store it: the trail refuses it alike, before writing."""
    from tongxin.platform.core.audit import audit_record

    with pytest.raises(ValueError, match="short word"):
        audit_record(actor=None, action="commitments.items_template", object_type="x")
    assert audit_record(actor=None, action="update", object_type="x").action == "update"
