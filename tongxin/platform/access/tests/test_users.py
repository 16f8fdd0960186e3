from __future__ import annotations

from django.urls import reverse

from tongxin.platform.access.models import RoleAssignment, User
from tongxin.platform.access.scope import visible_to
from tongxin.platform.core.models import AuditEvent
from tongxin.registry.people.models import Resident


def test_admin_creates_an_account_and_gives_it_a_grid(world, admin_user, client):
    client.force_login(admin_user)
    response = client.post(
        reverse("users:create"), {"username": "newgrid", "display_name": "新网格员", "password": "Grid#Worker2026"}
    )
    person = User.objects.get(username="newgrid")
    assert response.status_code == 302 and response["Location"] == reverse("users:detail", args=[person.pk])
    # No role yet: sees nothing.
    assert not visible_to(Resident.objects.all(), person).exists()
    client.post(
        reverse("users:detail", args=[person.pk]), {"role": "grid_worker", "area": world.grid2.pk, "title": "网格长"}
    )
    person = User.objects.get(pk=person.pk)
    assert list(visible_to(Resident.objects.all(), person).values_list("name", flat=True)) == ["李四"]
    assert AuditEvent.objects.filter(object_type="access.roleassignment", action="create").exists()
    body = client.get(reverse("users:list")).content.decode()
    assert "新网格员" in body and "第二网格" in body


def test_weak_password_is_refused_next_to_the_field(world, admin_user, client):
    client.force_login(admin_user)
    response = client.post(reverse("users:create"), {"username": "weak", "display_name": "x", "password": "abc"})
    assert response.status_code == 200
    assert "password" in response.context["form"].errors
    assert not User.objects.filter(username="weak").exists()


def test_an_area_role_needs_an_area(world, admin_user, client):
    client.force_login(admin_user)
    person = User.objects.create_user("p")
    response = client.post(reverse("users:detail", args=[person.pk]), {"role": "grid_worker", "org": world.branch1.pk})
    assert response.status_code == 200 and response.context["form"].errors
    assert not RoleAssignment.objects.filter(user=person).exists()


def test_revoke_and_unlock(world, admin_user, grid_worker, client):
    from django.utils import timezone

    client.force_login(admin_user)
    User.objects.filter(pk=grid_worker.pk).update(locked_until=timezone.now() + timezone.timedelta(minutes=5))
    client.post(reverse("users:unlock", args=[grid_worker.pk]))
    grid_worker.refresh_from_db()
    assert grid_worker.locked_until is None
    role = grid_worker.roles.get()
    client.post(reverse("users:revoke", args=[role.pk]))
    assert not grid_worker.roles.exists()


def test_admin_cannot_disable_themself(world, admin_user, client):
    client.force_login(admin_user)
    client.post(reverse("users:active", args=[admin_user.pk]), {"active": "0"})
    admin_user.refresh_from_db()
    assert admin_user.is_active
