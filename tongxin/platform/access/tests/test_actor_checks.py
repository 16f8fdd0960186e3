"""Every write of accounts and roles checks its actor itself: the wrong person is refused in the service."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser

from tongxin.platform.access import services
from tongxin.platform.access.models import RoleAssignment, User
from tongxin.platform.core.exceptions import Forbidden


def _someone() -> User:
    return User.objects.create_user("t_someone", password="Tongxin#2026")


def _assignment(w: Any) -> RoleAssignment:
    return RoleAssignment.objects.create(user=_someone(), role="grid_worker", node_id=w.grid2.pk)


WRITES: dict[str, Callable[..., Any]] = {
    "user_create": lambda w, a: services.user_create(
        actor=a, username="t_new", display_name="新人", password="Tongxin#2026!x"
    ),
    "role_grant": lambda w, a: services.role_grant(actor=a, user=_someone(), role="grid_worker", node_id=w.grid1.pk),
    "role_revoke": lambda w, a: services.role_revoke(actor=a, assignment=_assignment(w)),
    "user_unlock": lambda w, a: services.user_unlock(actor=a, user=_someone()),
    "user_set_active": lambda w, a: services.user_set_active(actor=a, user=_someone(), active=False),
}


# Accounts and roles are managed by a platform admin only (Perm.MANAGE_USERS).
@pytest.mark.parametrize(
    "wrong",
    [
        "grid_worker", "neighbour_grid_worker", "secretary", "street_officer", "building_leader", "org_secretary",
        "party_member", "unit_contact", "outsider", "anonymous",
    ],
)  # fmt: skip
@pytest.mark.parametrize("write", sorted(WRITES))
def test_the_wrong_actor_is_refused_by_the_service(request, world, write, wrong):
    actor = AnonymousUser() if wrong == "anonymous" else request.getfixturevalue(wrong)
    with pytest.raises(Forbidden) as info:
        WRITES[write](world, actor)
    assert info.value.code == "forbidden"
