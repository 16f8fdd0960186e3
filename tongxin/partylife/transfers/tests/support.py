"""Helpers for transfer tests: transfers and floating members made through the services."""

from __future__ import annotations

import datetime
from typing import Any

from tongxin.platform.core.tree_ops import node_insert


def admin(db: Any = None) -> Any:
    """A platform admin account to act with (services check the actor's scope)."""
    from tongxin.platform.access.models import RoleAssignment, User

    user = User.objects.filter(username="t_transfers_admin").first()
    if user is None:
        user = User.objects.create_user("t_transfers_admin", password="x")
        RoleAssignment.objects.create(user=user, role="admin", node_id=None)
    return user


def out_transfer(w: Any, member: Any = None, **extra: Any) -> Any:
    from tongxin.partylife.transfers.services import transfer_create

    fields = {"to_name": "外省某街道党工委", "letter_scope": "elsewhere", "letter_number": "L-001"}
    fields.update(extra)
    return transfer_create(actor=admin(), direction="out", member=member or w.member1, **fields)


def internal_transfer(w: Any, member: Any = None, **extra: Any) -> Any:
    from tongxin.partylife.transfers.services import transfer_create

    fields = {"to_org": w.branch2, "letter_scope": "city", "letter_number": "L-002"}
    fields.update(extra)
    return transfer_create(actor=admin(), direction="internal", member=member or w.member1, **fields)


def in_transfer(w: Any, **extra: Any) -> Any:
    from tongxin.partylife.transfers.services import transfer_create

    fields = {
        "name": "孙转入",
        "id_number": "110101197001010016",
        "from_name": "外市某社区党委",
        "to_org": w.committee,
        "place_in": w.branch2,
        "letter_scope": "city",
        "letter_number": "L-003",
    }
    fields.update(extra)
    return transfer_create(actor=admin(), direction="in", **fields)


def walk(transfer: Any, *states: str, on: datetime.date | None = None, **extra: Any) -> Any:
    from tongxin.partylife.transfers.services import transfer_transition

    for state in states:
        kwargs = {"reason": "材料不全"} if state == "returned" else {}
        transfer = transfer_transition(actor=admin(), transfer=transfer, to_state=state, on=on, **kwargs, **extra)
    return transfer


def station(w: Any) -> Any:
    from tongxin.registry.party.models import BranchType, Organization, OrgKind

    found = Organization.objects.filter(kind=OrgKind.LIAISON_STATION, parent=w.committee).first()
    return found or node_insert(
        Organization(
            parent=w.committee,
            kind=OrgKind.LIAISON_STATION,
            name="甲社区流动党员联络站",
            branch_type=BranchType.FUNCTIONAL,
        )
    )


def floating_out(w: Any, member: Any = None, **extra: Any) -> Any:
    from tongxin.partylife.transfers.services import floating_out_create

    fields = {
        "certificate_number": "流证20250001",
        "destination": "深圳市南山区",
        "left_on": datetime.date(2025, 1, 10),
        "phone": "13812340000",
        "station": station(w),
    }
    fields.update(extra)
    return floating_out_create(actor=admin(), member=member or w.member1, **fields)


def floating_in(w: Any, **extra: Any) -> Any:
    from tongxin.partylife.transfers.services import floating_in_create

    fields = {
        "name": "周流入",
        "home_org": "某县某村党支部",
        "certificate_number": "流证20250099",
        "arrived_on": datetime.date(2025, 3, 1),
        "phone": "13912340000",
    }
    fields.update(extra)
    return floating_in_create(actor=admin(), station=station(w), **fields)
