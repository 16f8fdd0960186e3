"""Rotas for tests, written through the services."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

from tongxin.frontdesk.rosters import services
from tongxin.frontdesk.rosters.models import Assignment, Rota, Shift
from tongxin.platform.calendar import SHANGHAI


def staff() -> Any:
    """A platform admin to act with in tests: the services check who acts."""
    from tongxin.platform.access.models import User

    return User.objects.get_or_create(username="t_frontdesk_staff", defaults={"is_superuser": True})[0]


def person(username: str, community: Any, *, role: str = "community", name: str = "") -> Any:
    """A staff account holding a role at the community (or a node under it)."""
    from tongxin.platform.access.models import RoleAssignment, User

    user, _ = User.objects.get_or_create(username=username, defaults={"display_name": name or username})
    RoleAssignment.objects.get_or_create(user=user, role=role, node_id=community.pk)
    return user


def rota(community: Any, *, kind: str = "front_desk", name: str = "综合服务窗口") -> Rota:
    return services.rota_save(actor=staff(), community=community, kind=kind, name=name, location="社区一楼")


def shift_at(r: Rota, starts: datetime.datetime, *, hours: int = 8, needed: int = 1, people: tuple[Any, ...] = ()) -> Shift:
    """A shift starting at `starts` (any time zone), `hours` long, with `people` on it."""
    local = timezone.localtime(starts, SHANGHAI)
    end = (local + datetime.timedelta(hours=hours)).time()
    s = services.shift_add(actor=staff(), rota=r, date=local.date(), start_time=local.time().replace(microsecond=0), end_time=end, needed=needed)
    for p in people:
        Assignment.objects.create(shift=s, user=p)
    return s
