"""Every write of the resident-unit registry checks its actor itself: the wrong person is refused in the
service."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser

from tongxin.platform.core.exceptions import Forbidden
from tongxin.registry.cobuild import services
from tongxin.registry.cobuild.models import UnitContact


def _contact(w: Any) -> UnitContact:
    """A contact of 示范医院 (a unit of 甲社区), recorded by an admin who is none of the personas."""
    from conftest import _make_user

    admin = _make_user("t_cobuild_admin", "admin", None)
    return services.contact_create(actor=admin, unit=w.unit, name="刘联络", phone="13600001111")


WRITES: dict[str, Callable[..., Any]] = {
    "unit_create": lambda w, a: services.unit_create(
        actor=a, name="甲社区卫生站", credit_code="91110000600037341L", area=w.community
    ),
    "unit_update": lambda w, a: services.unit_update(actor=a, unit=w.unit, note="改"),
    "unit_delete": lambda w, a: services.unit_delete(actor=a, unit=w.unit),
    "contact_create": lambda w, a: services.contact_create(actor=a, unit=w.unit, name="刘联络"),
    "contact_delete": lambda w, a: services.contact_delete(actor=a, contact=_contact(w)),
}


# Units of 甲社区 are kept by whoever holds Perm.EDIT_PEOPLE over the community in the area tree
# (an admin, its secretary): a grid worker keeps a grid, not the community's units.
@pytest.mark.parametrize(
    "wrong",
    [
        "grid_worker", "neighbour_grid_worker", "street_officer", "building_leader", "org_secretary", "party_member",
        "unit_contact", "outsider", "anonymous",
    ],
)  # fmt: skip
@pytest.mark.parametrize("write", sorted(WRITES))
def test_the_wrong_actor_is_refused_by_the_service(request, world, write, wrong):
    actor = AnonymousUser() if wrong == "anonymous" else request.getfixturevalue(wrong)
    with pytest.raises(Forbidden) as info:
        WRITES[write](world, actor)
    assert info.value.code == "forbidden"
