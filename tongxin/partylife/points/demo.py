"""Demo posts (设岗定责) and points: posts in every branch, who held them over two years, a few items by hand.

Call it once the organizations and members are written, e.g. from the demo runner:

    from tongxin.partylife.points.demo import seed_points
    seed_points([street.path], today=today, seed=seed)

Each branch gets a model post (党员示范岗), a responsibility area (党员责任区) over each building of
its grid when it has one, and a claimed post (认领岗位) for each of its members without a post
(无职党员). Holdings start within the last two years; some changed hands once. Rows go in with
bulk_create (no audit records: nobody recorded them). Branches that already have posts are left
alone, so a second call adds nothing. Returns the number of posts written.
"""

from __future__ import annotations

import datetime
import random
from collections import defaultdict
from collections.abc import Sequence

from django.db.models import Q

from tongxin.partylife.points.models import PointEntry, Post, PostHolding, PostKind
from tongxin.registry.areas.models import Area, Level
from tongxin.registry.party.models import Organization, OrgKind, PartyMember

BATCH = 2000
MAX_AREA_POSTS = 12
MODEL_TITLES = ("党员示范岗", "政策宣传示范岗", "为民服务示范岗", "红色管家示范岗")
MODEL_DUTIES = "带头参加组织生活，带头服务群众，带头化解邻里矛盾，及时上报网格事件。"
AREA_DUTIES = "联系责任区内住户，每月走访，收集诉求，协助楼道整治和隐患排查。"
CLAIMED = (
    ("楼道清洁认领岗", "每周巡查楼道，清理堆物，发现隐患及时报告。"),
    ("政策宣传认领岗", "向邻居宣传政策，张贴通知，解答疑问。"),
    ("关爱独居老人认领岗", "结对独居老人，每周探望，代购代办。"),
    ("垃圾分类督导岗", "早晚高峰在投放点督导分类，劝导不规范投放。"),
    ("文明养犬劝导岗", "劝导文明养犬，收集居民意见。"),
    ("平安巡逻岗", "参加夜间巡逻，发现问题及时上报。"),
)
PLUS = ("帮助邻居调解纠纷", "疫情防控志愿服务", "获评优秀共产党员", "捐款捐物", "协助入户走访")
MINUS = ("无故缺席组织生活", "未按时完成认领岗位任务")


def _branch_of(path: str, branch_paths: list[str]) -> str | None:
    found = None
    for prefix in branch_paths:
        if path.startswith(prefix) and (found is None or len(prefix) > len(found)):
            found = prefix
    return found


def seed_points(root_paths: Sequence[str], *, today: datetime.date, seed: int = 0, batch: int = BATCH) -> int:
    rng = random.Random(seed)
    under = Q(pk__in=[])
    for path in root_paths:
        under |= Q(path__startswith=path)
    branches = list(Organization.objects.filter(under, kind=OrgKind.BRANCH).select_related("area").order_by("path"))
    done = set(Post.objects.filter(org__in=branches).values_list("org_id", flat=True).distinct())
    branches = [b for b in branches if b.pk not in done]
    if not branches:
        return 0
    by_path = {b.path: b for b in branches}
    # Branch paths are a few hundred; grouping members by a dict of prefixes keeps it linear.
    depths = sorted({len(p) for p in by_path}, reverse=True)
    members: dict[int, list[tuple[int, bool]]] = defaultdict(list)
    member_under = Q(pk__in=[])
    for path in root_paths:
        member_under |= Q(org__path__startswith=path)
    for pk, org_path, without_post in (
        PartyMember.objects.filter(member_under)
        .order_by("name_pinyin", "id")
        .values_list("pk", "org__path", "without_post")
    ):
        for depth in depths:
            branch = by_path.get(org_path[:depth])
            if branch is not None:
                members[branch.pk].append((pk, without_post))
                break
    buildings: dict[str, list[tuple[int, str]]] = defaultdict(list)
    grid_paths = sorted({b.area.path for b in branches if b.area is not None})
    if grid_paths:
        area_under = Q(pk__in=[])
        for path in grid_paths:
            area_under |= Q(path__startswith=path)
        rows = Area.objects.filter(area_under, level=Level.BUILDING).order_by("path").values_list("pk", "name", "path")
        grid_set = set(grid_paths)
        for pk, name, path in rows:
            # A building's grid is its parent's path (grid → building).
            parent = path[: len(path) - 9]
            if parent in grid_set:
                buildings[parent].append((pk, name))

    start = datetime.date(today.year - 1, 1, 1)
    span = max((today - start).days - 30, 1)

    def day() -> datetime.date:
        return start + datetime.timedelta(days=rng.randrange(span))

    posts: list[Post] = []
    planned: list[tuple[Post, list[int], bool]] = []  # post, candidate members, claimed by one
    entries: list[PointEntry] = []
    for branch in branches:
        roster = members.get(branch.pk, [])
        ids = [pk for pk, _ in roster]
        model = Post(org=branch, kind=PostKind.MODEL, title=rng.choice(MODEL_TITLES), duties=MODEL_DUTIES)
        posts.append(model)
        planned.append((model, ids, False))
        if branch.area is not None:
            for area_id, name in buildings.get(branch.area.path, [])[:MAX_AREA_POSTS]:
                post = Post(
                    org=branch, kind=PostKind.AREA, title=f"{name}党员责任区", duties=AREA_DUTIES, area_id=area_id
                )
                posts.append(post)
                planned.append((post, ids, False))
        for pk, without_post in roster:
            if without_post:
                title, duties = rng.choice(CLAIMED)
                post = Post(org=branch, kind=PostKind.CLAIMED, title=title, duties=duties)
                posts.append(post)
                planned.append((post, [pk], True))
        for pk in rng.sample(ids, min(len(ids), 2)):
            if rng.random() < 0.8:
                entries.append(
                    PointEntry(member_id=pk, on=day(), points=rng.choice((1, 2, 3, 5)), reason=rng.choice(PLUS))
                )
            else:
                entries.append(
                    PointEntry(member_id=pk, on=day(), points=rng.choice((-1, -2)), reason=rng.choice(MINUS))
                )
    Post.objects.bulk_create(posts, batch_size=batch)
    holdings: list[PostHolding] = []
    for post, candidates, claimed in planned:
        if not candidates:
            continue
        first = rng.choice(candidates)
        from_on = day()
        if not claimed and len(candidates) > 1 and rng.random() < 0.25:
            # Changed hands once: the first holder left, another took over the next day.
            left = from_on + datetime.timedelta(days=rng.randrange(30, 300))
            if left < today - datetime.timedelta(days=1):
                holdings.append(PostHolding(post=post, member_id=first, from_on=from_on, to_on=left))
                second = rng.choice([c for c in candidates if c != first])
                holdings.append(PostHolding(post=post, member_id=second, from_on=left + datetime.timedelta(days=1)))
                continue
        holdings.append(PostHolding(post=post, member_id=first, from_on=from_on))
    PostHolding.objects.bulk_create(holdings, batch_size=batch)
    PointEntry.objects.bulk_create(entries, batch_size=batch)
    return len(posts)
