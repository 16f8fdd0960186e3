"""Errands for tests, written through the services."""

from __future__ import annotations

import datetime
from typing import Any

from tongxin.frontdesk.errands import services
from tongxin.frontdesk.errands.models import Errand


def staff() -> Any:
    """A platform admin to act with in tests: the services check who acts."""
    from tongxin.platform.access.models import User

    return User.objects.get_or_create(username="t_frontdesk_staff", defaults={"is_superuser": True})[0]


def errand(
    community: Any,
    *,
    resident: Any = None,
    kind: str = "social_insurance",
    received_on: datetime.date | None = None,
    due_on: datetime.date | None = None,
    visitor_name: str = "",
    visitor_phone: str = "",
) -> Errand:
    return services.errand_register(
        actor=staff(),
        community=community,
        resident=resident,
        visitor_name=visitor_name or ("" if resident else "来访群众"),
        visitor_phone=visitor_phone,
        kind=kind,
        description="办理社保卡补办",
        office="区社保中心",
        received_on=received_on,
        due_on=due_on,
        documents=["身份证复印件", "照片"],
    )


def hand_back(e: Errand, *, submitted: datetime.date, ready: datetime.date, back: datetime.date) -> Errand:
    e = services.errand_advance(actor=staff(), errand=e, to="submitted", on=submitted)
    e = services.errand_advance(actor=staff(), errand=e, to="ready", on=ready)
    return services.errand_advance(actor=staff(), errand=e, to="handed_back", on=back, handed_back_to="本人")
