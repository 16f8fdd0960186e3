"""Demo notices: written through the services as an office would have.

In the large community of the first subdistrict (the demo's `unit` account answers for one of
its units): a vaccination notice (疫苗接种通知) to the residents over 60, sent two days ago — the
texts went out to those with a phone (most elders of the demo have one), the grid workers have
been to half of the rest —
and an older pension-insurance notice (养老保险), sent two months ago, fully delivered and closed.
In the community of the `secretary` (grids of the `grid1` and `grid2` accounts) a winter gas
safety notice taken door to door only (no text), sent yesterday and half delivered (every other
household of each grid), so those accounts have a to-deliver list.
Elsewhere nothing: the district scale stays fast.

The texts go through the configured outbound backend (the console backend in the demo: it sends
nothing and logs the masked number); its per-text log lines are held back while seeding.
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from django.db.models import Q
from django.utils import timezone

from tongxin.fieldwork.notices import services
from tongxin.fieldwork.notices.models import Notice, NoticeDelivery
from tongxin.platform.access.demo import demo_actor
from tongxin.platform.access.models import RoleAssignment, User
from tongxin.platform.access.roles import Role
from tongxin.registry.areas.models import Area, Level
from tongxin.registry.cobuild.models import UnitContact

VACCINATION = "疫苗接种通知"
PENSION = "城乡居民养老保险缴费通知"
GAS = "冬季用气安全提醒"


def _under(paths: Sequence[str]) -> Q:
    q = Q(pk__in=[])
    for p in paths:
        q |= Q(path__startswith=p)
    return q


def demo_communities(area_roots: Sequence[str]) -> dict[str, Area]:
    """The large community (the `unit` account's) and the `secretary`'s, of the first subdistrict."""
    first_sub = Area.objects.filter(_under(area_roots), level=Level.SUBDISTRICT).order_by("path").first()
    if first_sub is None:
        return {}
    communities = list(Area.objects.filter(path__startswith=first_sub.path, level=Level.COMMUNITY).order_by("path"))
    if not communities:
        return {}

    def community_of(area_path: str) -> Area | None:
        return next((c for c in communities if area_path.startswith(c.path)), None)

    found: dict[str, Area] = {}
    contact_area = UnitContact.objects.filter(user__username="unit").values_list("unit__area__path", flat=True).first()
    found["large"] = (community_of(contact_area) if contact_area else None) or communities[0]
    held = set(
        RoleAssignment.objects.filter(user__username="secretary", role=Role.COMMUNITY).values_list("node_id", flat=True)
    )
    grid = next((c for c in communities if c.pk in held), None)
    if grid is not None and grid.pk != found["large"].pk:
        found["grid"] = grid
    return found


@contextmanager
def _quiet_outbound() -> Iterator[None]:
    logger = logging.getLogger("tongxin.platform.inbox.outbound")
    level = logger.level
    logger.setLevel(logging.WARNING)
    try:
        yield
    finally:
        logger.setLevel(level)


def _walkers(community: Area, fallback: User) -> dict[int, User]:
    """Who walks each grid: its grid worker, else the community's secretary."""
    grids = Area.objects.filter(path__startswith=community.path, level=Level.GRID).values_list("pk", flat=True)
    found = {
        a.node_id: a.user
        for a in RoleAssignment.objects.filter(role=Role.GRID_WORKER, node_id__in=list(grids)).select_related("user")
        if a.node_id is not None
    }
    return {g: found.get(g, fallback) for g in grids}


def _send(actor: User, community: Area, title: str, text: str, *, sent: datetime.datetime, **extra: Any) -> Notice:
    notice = services.notice_save(actor=actor, area=community, title=title, text=text, **extra)
    services.notice_send(actor=actor, notice=notice)
    services.deliver_texts(notice.pk)
    # As if sent on that day: the demo's history.
    Notice.objects.filter(pk=notice.pk).update(sent_at=sent, sent_on=timezone.localdate(sent), created_at=sent)
    NoticeDelivery.objects.filter(notice=notice, reached_at__isnull=False).update(reached_at=sent, texted_at=sent)
    notice.refresh_from_db()
    return notice


def _walk(notice: Notice, walkers: dict[int, User], fallback: User, every: int, at: Any) -> int:
    """Confirm at the door one household in `every` of those not reached, grid by grid (the first
    of each grid included), and note "nobody home" at the next one."""
    done = 0
    left = NoticeDelivery.objects.filter(notice=notice, reached_at__isnull=True).order_by("grid_id", "id")
    seen: dict[int, int] = {}
    for d in left:
        i = seen[d.grid_id or 0] = seen.get(d.grid_id or 0, -1) + 1
        walker = walkers.get(d.grid_id or 0, fallback)
        if i % every == 0:
            services.confirm_door(actor=walker, delivery=d)
            done += 1
        elif every > 1 and i % (2 * every) == 1:
            services.confirm_door(actor=walker, delivery=d, nobody_home=True)
    NoticeDelivery.objects.filter(notice=notice, door_at__isnull=False).update(door_at=at, reached_at=at)
    NoticeDelivery.objects.filter(notice=notice, nobody_home_at__isnull=False).update(nobody_home_at=at)
    return done


def seed_notices(area_roots: list[str], *, today: datetime.date, seed: int) -> dict[str, int]:
    """Write the demo's notices; returns counts of what was written."""
    places = demo_communities(area_roots)
    written = {"notices": 0, "households": 0, "doors": 0}
    noon = datetime.datetime.combine(today, datetime.time(10, 0), tzinfo=timezone.get_current_timezone())
    with _quiet_outbound():
        large = places.get("large")
        if large is not None:
            actor = demo_actor(large)
            walkers = _walkers(large, actor)
            sent = noon - datetime.timedelta(days=2)
            vaccination = _send(
                actor, large, VACCINATION,
                "本周六（上午8:30-11:30）社区卫生服务站为60岁以上老人免费接种流感疫苗，请携带身份证和医保卡。行动不便的请联系网格员预约上门。",
                sent=sent, audience=Notice.Audience.RESIDENTS, over_60=True,
            )  # fmt: skip
            written["doors"] += _walk(vaccination, walkers, actor, 2, sent + datetime.timedelta(days=1))
            old = noon - datetime.timedelta(days=60)
            pension = _send(
                actor, large, PENSION,
                "城乡居民养老保险本年度缴费截止日期为本月底，请未缴费的居民及时通过手机或到社区服务站办理。",
                sent=old,
            )  # fmt: skip
            written["doors"] += _walk(pension, walkers, actor, 1, old + datetime.timedelta(days=5))
            services.notice_close(actor=actor, notice=pension)
            Notice.objects.filter(pk=pension.pk).update(closed_at=old + datetime.timedelta(days=20))
            written["notices"] += 2
        grid = places.get("grid")
        if grid is not None:
            actor = demo_actor(grid)
            sent = noon - datetime.timedelta(days=1)
            gas = _send(
                actor, grid, GAS,
                "入冬用气高峰，请经常检查燃气软管是否老化、松动，离家和睡前关闭燃气阀门，发现异味请开窗并拨打燃气抢修电话。",
                sent=sent, by_text=False,
            )  # fmt: skip
            written["doors"] += _walk(gas, _walkers(grid, actor), actor, 2, sent + datetime.timedelta(hours=5))
            written["notices"] += 1
    written["households"] = NoticeDelivery.objects.filter(notice__community__in=list(places.values())).count()
    return {k: v for k, v in written.items() if v}
