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


def shift_at(
    r: Rota, starts: datetime.datetime, *, hours: int = 8, needed: int = 1, people: tuple[Any, ...] = ()
) -> Shift:
    """A shift starting at `starts` (any time zone), `hours` long, with `people` on it."""
    local = timezone.localtime(starts, SHANGHAI)
    end = (local + datetime.timedelta(hours=hours)).time()
    s = services.shift_add(
        actor=staff(),
        rota=r,
        date=local.date(),
        start_time=local.time().replace(microsecond=0),
        end_time=end,
        needed=needed,
    )
    for p in people:
        Assignment.objects.create(shift=s, user=p)
    return s


def future_shift(community: Any, *, days: int = 2, people: tuple[Any, ...] = ()) -> Shift:
    r = Rota.objects.filter(community=community).first() or rota(community)
    return shift_at(r, timezone.now() + datetime.timedelta(days=days), people=people)


def grid_workers_assignment(w: Any, *, minutes: int = 10) -> Assignment:
    """An assignment of the matrix's grid worker (t_grid1) when that persona is signed in, else of
    someone else: only the person on a shift checks in to it."""
    from tongxin.platform.access.models import User

    me = User.objects.filter(username="t_grid1").first() or person("t_someone", w.community)
    r = Rota.objects.filter(community=w.community).first() or rota(w.community)
    s = shift_at(r, timezone.now() + datetime.timedelta(minutes=minutes), people=(me,))
    return s.assignments.get()


def swap_asked_of_grid_worker(w: Any) -> Any:
    from tongxin.platform.access.models import User

    taker = User.objects.filter(username="t_grid1").first() or person("t_someone", w.community)
    asker = person("t_asker", w.community)
    s = future_shift(w.community, people=(asker,))
    return services.swap_ask(actor=asker, assignment=s.assignments.get(), to_user=taker)


def accepted_swap(w: Any) -> Any:
    asker = person("t_asker", w.community)
    taker = person("t_taker", w.community, role="grid_worker")
    s = future_shift(w.community, people=(asker,))
    swap = services.swap_ask(actor=asker, assignment=s.assignments.get(), to_user=taker)
    return services.swap_accept(actor=taker, swap=swap)
