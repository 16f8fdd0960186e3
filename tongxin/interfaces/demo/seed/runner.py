"""Seeding the whole demo world, one subdistrict after another."""

from __future__ import annotations

import datetime
import random
from collections.abc import Callable
from dataclasses import dataclass
from time import perf_counter

from django.db import connection, transaction

from tongxin.cobuilding.agreements.demo import seed_agreements
from tongxin.cobuilding.committee.demo import seed_committee
from tongxin.cobuilding.projects.demo import seed_projects
from tongxin.cobuilding.resources.demo import seed_resources
from tongxin.council.commitments.demo import seed_commitments
from tongxin.council.consultation.demo import seed_consultation
from tongxin.council.honours.demo import seed_honours
from tongxin.council.mediation.demo import seed_mediation
from tongxin.council.ratings.demo import seed_ratings
from tongxin.estates.ledger.demo import seed_ledger
from tongxin.estates.owners.demo import seed_owners
from tongxin.fieldwork.campaigns.demo import seed_campaigns
from tongxin.fieldwork.notices.demo import seed_notices
from tongxin.fieldwork.visits.demo import seed_visits
from tongxin.frontdesk.errands.demo import seed_errands
from tongxin.frontdesk.rosters.demo import seed_rosters
from tongxin.interfaces.demo.seed.accounts import create_accounts, link_volunteer_accounts
from tongxin.interfaces.demo.seed.areas import build_community
from tongxin.interfaces.demo.seed.cases import build_cases
from tongxin.interfaces.demo.seed.config import (
    COMMUNITY_NAMES,
    DISTRICT_NAME,
    PLACE_FIRST,
    PLACE_SECOND,
    PLANS,
    REGION_CODES,
    SUBDISTRICT_NAME,
    Scale,
)
from tongxin.interfaces.demo.seed.context import SeedContext
from tongxin.interfaces.demo.seed.households import HouseholdBuilder
from tongxin.interfaces.demo.seed.identity import LISI, ZHANGSAN, FixedPerson, Identities
from tongxin.interfaces.demo.seed.orgs import build_orgs
from tongxin.interfaces.demo.seed.units import org_node
from tongxin.interfaces.demo.seed.writer import BulkWriter
from tongxin.partylife.development.demo import seed_development
from tongxin.partylife.dues.demo import seed_dues
from tongxin.partylife.inservice.demo import seed_inservice
from tongxin.partylife.meetings.demo import seed_meetings
from tongxin.partylife.points.demo import seed_points
from tongxin.partylife.transfers.demo import seed_transfers
from tongxin.platform.calendar import SHANGHAI
from tongxin.registry.areas.models import Area, Level
from tongxin.registry.party.models import Organization, OrgKind, PartyMember
from tongxin.registry.people.care_changes import care_changed
from tongxin.registry.people.models import CareCategory
from tongxin.registry.people.services import ensure_builtin_categories
from tongxin.registry.places.demo import seed_places
from tongxin.volunteering.activities.demo import seed_activities
from tongxin.volunteering.pairing.demo import seed_pairing
from tongxin.volunteering.programmes.demo import seed_programmes
from tongxin.volunteering.service.demo import seed_service

# Configurable tags beside the six of 六清楚.
EXTRA_CATEGORIES = (
    ("living_alone", "独居老人", "Elderly living alone"),
    ("left_behind_child", "留守儿童", "Left-behind child"),
    ("veteran", "退役军人", "Veteran"),
    # Visited monthly in the door-to-door visits (大走访), like low-income households.
    ("community_correction", "社区矫正对象", "Under community correction"),
)
# Region code of each district (area codes; grid codes start with it).
DISTRICT_REGIONS = (*REGION_CODES[2:], *REGION_CODES[:2], "110106")


@dataclass
class SeedResult:
    subdistrict_id: int | None
    elapsed: float
    today: datetime.date


class PlaceNames:
    """Invented place names, never the same twice in one run."""

    def __init__(self, rng: random.Random) -> None:
        reserved = {DISTRICT_NAME, SUBDISTRICT_NAME, *COMMUNITY_NAMES.values()}
        stems = [a + b for a in PLACE_FIRST for b in PLACE_SECOND]
        rng.shuffle(stems)
        self.stems = [s for s in stems if not any(s in r for r in reserved)]

    def next(self, suffix: str) -> str:
        return self.stems.pop() + suffix


def ensure_categories() -> dict[str, int]:
    ensure_builtin_categories()
    for order, (code, zh, en) in enumerate(EXTRA_CATEGORIES, start=10):
        CareCategory.objects.update_or_create(code=code, defaults={"name_zh": zh, "name_en": en, "sort_order": order})
    return dict(CareCategory.objects.values_list("code", "id"))


def run_seed(*, scale: Scale, seed: int, out: Callable[[str], None], today: datetime.date | None = None) -> SeedResult:
    """Seed everything; the year of cases ends before `today` (default: today in Asia/Shanghai)."""
    started = perf_counter()
    today = today or datetime.datetime.now(SHANGHAI).date()
    rng = random.Random(seed)
    large = scale.districts * scale.subdistricts > 1
    step = Steps(out if large else None, started)
    with transaction.atomic():
        ctx = SeedContext(scale, rng, Identities(seed, rng), BulkWriter(), ensure_categories())
        names = PlaceNames(rng)
        for d in range(scale.districts):
            region = DISTRICT_REGIONS[d % len(DISTRICT_REGIONS)]
            name = DISTRICT_NAME if d == 0 else names.next("区")
            district = ctx.writer.node(Area, None, level=Level.DISTRICT, name=name, code=region, sort_order=d + 1)
            for s in range(scale.subdistricts):
                ctx.first_subdistrict = d == 0 and s == 0
                sub_name = SUBDISTRICT_NAME if ctx.first_subdistrict else names.next("街道")
                _subdistrict(ctx, district, sub_name, region, s + 1, names)
                if large:
                    out(f"  [{d + 1}/{s + 1}] {name} {sub_name} … {perf_counter() - started:.1f} s")
        ctx.writer.finish()
        step.done("地区·住户·居民·组织 areas, households, residents, organizations", {})
        # Every step after reads the areas, households, residents and organizations just written.
        step.done("统计 analyze", analyze())
        # The writer put the residents' category links in itself, past the services that tell
        # whoever keeps something per household from them (the households' visit intervals).
        care_changed(None)
        step.done("走访周期 visit intervals", {})
        create_accounts(ctx.refs)
        # Last: a case names the accounts of its grid and community as reporter and handler.
        cases = build_cases(ctx, seed=seed, today=today)
        step.done("事件 cases", {"cases": cases})
        _party_life(seed=seed, today=today, step=step, large=large)
        step.done("统计 analyze", analyze())
        _service_life(seed=seed, today=today, step=step, large=large)
    # A bulk load leaves the query planner without statistics: SQLite then walks a year of
    # cases by date for a street officer's figures instead of their subdistrict's areas
    # (bench/README.md). Half a second at district scale.
    analyze()
    return SeedResult(ctx.refs.subdistrict_id, perf_counter() - started, today)


def analyze() -> dict[str, int]:
    """Fresh planner statistics for what the seed wrote so far, before a step reads it: without
    them PostgreSQL planned the households' visit intervals from the category side for each of
    ~107,000 households (12 minutes of the district seed, issue 12) and the cases' dates as a
    scan per case. In the seed's transaction: PostgreSQL samples the transaction's own rows.

    On PostgreSQL only the project's tables: a bare ANALYZE takes the shared catalogs too, and
    inside a transaction holds their locks until it ends, so a seed in another database of the
    same server (the tests' other worker) waited for it."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            tables = sorted(connection.introspection.django_table_names(only_existing=True))
            cursor.execute("ANALYZE " + ", ".join(connection.ops.quote_name(t) for t in tables))
        else:
            cursor.execute("ANALYZE")
    return {}


class Steps:
    """Prints each step's own time and the time since the seed started (larger scales)."""

    def __init__(self, out: Callable[[str], None] | None, started: float) -> None:
        self.out, self.started, self.last = out, started, perf_counter()

    def done(self, label: str, counts: dict[str, int]) -> None:
        now = perf_counter()
        if self.out is not None:
            shown = f"{_counts(counts)} " if counts else ""
            self.out(f"  {label}: {shown}({now - self.last:.1f} s) … {now - self.started:.1f} s")
        self.last = now


def _party_life(*, seed: int, today: datetime.date, step: Steps, large: bool) -> None:
    """Two years of Party life over the organizations just written: transfers, meetings,
    member development, dues, posts and points, reporting in and needy members' help."""
    roots = list(Organization.objects.filter(parent=None).values_list("path", flat=True))
    # Transfers first: completed ones move members, and the rest follow them where they end up.
    step.done("组织关系接转 transfers", seed_transfers(roots, today=today, seed=seed))
    # Attendance rows for every meeting of a district are millions of rows: the larger scales
    # keep the meetings and leave attendance to the demo subdistrict's own pages.
    meetings = seed_meetings(root_paths=roots, today=today, seed=seed, attendance=not large)
    step.done("组织生活 meetings", meetings)
    # After the meetings (a vote reuses the branch's general meeting of that day), before dues
    # and posts (the newly admitted pay dues and may hold a post).
    step.done("发展党员 development", seed_development(roots, today=today, seed=seed))
    step.done("党费 dues", seed_dues(PartyMember.objects.order_by("id"), today=today, seed=seed))
    step.done("岗位 posts", {"posts": seed_points(roots, today=today, seed=seed)})
    # Reporting in last: a claimed post may be one of the community's posts.
    area_roots = list(Area.objects.filter(parent=None).values_list("path", flat=True))
    rows = seed_inservice(roots, area_roots, today=today, seed=seed)
    step.done("双报到·困难党员 reporting in, needy help", {"rows": rows})


def _service_life(*, seed: int, today: datetime.date, step: Steps, large: bool) -> None:
    """A year of service to residents: volunteer teams and their hours, activities, programmes,
    pairing assistance and door-to-door visits, then the demo volunteer's account; and two years
    of consultation in the demo subdistrict (councils, topics, meetings, votes, a village levy)."""
    area_roots = list(Area.objects.filter(parent=None).values_list("path", flat=True))
    # Teams and volunteers first: activities, programmes (teachers) and pairings (helpers) use them.
    step.done("志愿服务 service", seed_service(area_roots, today=today, seed=seed))
    step.done("统计 analyze", analyze())
    step.done("活动 activities", seed_activities(area_roots, today=today, seed=seed))
    step.done("课堂 programmes", seed_programmes(area_roots, today=today, seed=seed))
    step.done("结对帮扶 pairing", seed_pairing(area_roots, today=today, seed=seed))
    # A district's households are visited once or twice in the year: ~2 rows a household.
    step.done("走访 visits", seed_visits(area_roots, today=today, seed=seed, dense=not large))
    link_volunteer_accounts()
    # Last: councils seat residents and members, and act as the community and village accounts.
    step.done("协商议事 consultation", seed_consultation(area_roots, today=today, seed=seed))
    step.done("人民调解 mediation", seed_mediation(area_roots, today=today, seed=seed))

    step.done("评星定级 ratings", seed_ratings(area_roots, today=today, seed=seed))

    step.done("评先评优 honours", seed_honours(area_roots, today=today, seed=seed))

    step.done("承诺践诺 commitments", seed_commitments(area_roots, today=today, seed=seed))
    # Co-building: agreements first (resources and projects count toward them), then what units
    # offer and book, the needs and projects, and the big committee whose meetings decided some.
    step.done("共建协议 agreements", seed_agreements(area_roots, today=today, seed=seed))

    # The places (阵地) before the resources: the rooms of a place are resources naming it.
    step.done("阵地 places", seed_places(area_roots, today=today, seed=seed))

    step.done("资源清单 resources", seed_resources(area_roots, today=today, seed=seed))

    step.done("需求·项目 needs, projects", seed_projects(area_roots, today=today, seed=seed))

    step.done("大党委·联席会 committee", seed_committee(area_roots, today=today, seed=seed))
    _community_work(area_roots, seed=seed, today=today, step=step)


def _community_work(area_roots: list[str], *, seed: int, today: datetime.date, step: Steps) -> None:
    """Campaigns, notices to households, the front desk's rota and errands, and the estates
    without a property company with their owners' committee and a year of ledger (the places
    they name are seeded before co-building's resources, whose rooms belong to them)."""
    step.done("专项行动 campaigns", seed_campaigns(area_roots, today=today, seed=seed))

    step.done("入户通知 notices", seed_notices(area_roots, today=today, seed=seed))

    step.done("值班 rosters", seed_rosters(area_roots, today=today, seed=seed))

    step.done("全程代办 errands", seed_errands(area_roots, today=today, seed=seed))

    step.done("业委会 owners' committees", seed_owners(area_roots, today=today, seed=seed))

    step.done("收支台账 ledgers", seed_ledger(area_roots, today=today, seed=seed))


def _counts(counts: dict[str, int]) -> str:
    return ", ".join(f"{key} {value:,}" for key, value in counts.items())


def _subdistrict(ctx: SeedContext, district: Area, name: str, region: str, number: int, names: PlaceNames) -> None:
    sub = ctx.writer.node(
        Area, district, level=Level.SUBDISTRICT, name=name, code=f"{region}{number:03d}", sort_order=number
    )
    # 街道党工委: the subdistrict's working committee, over the communities' organizations.
    street = org_node(ctx, None, OrgKind.COMMITTEE, f"{name}党工委", area_id=sub.pk)
    refs = ctx.refs
    if ctx.first_subdistrict:
        refs.subdistrict_id = sub.pk
    for index, full_plan in enumerate(PLANS, start=1):
        plan = full_plan.tiny() if ctx.tiny else full_plan
        suffix = "村" if plan.village else "社区"
        community_name = COMMUNITY_NAMES[plan.shape] if ctx.first_subdistrict else names.next(suffix)
        areas = build_community(ctx, sub, plan, community_name, region, index)
        fixed: dict[int, FixedPerson] = {}
        if ctx.first_subdistrict and plan.shape == "grid":
            first, second = areas.buildings_of_grid(0)[0], areas.buildings_of_grid(1)[0]
            fixed = {first.area_id: ZHANGSAN, second.area_id: LISI}
            refs.community_id = areas.community.pk
            refs.grid_ids = [g.pk for g in areas.grids[:2]]
            refs.building_id = first.area_id
        if ctx.first_subdistrict and plan.village:
            refs.village_id = areas.community.pk
        people = HouseholdBuilder(ctx, areas, fixed).build()
        build_orgs(ctx, street, areas, people)
