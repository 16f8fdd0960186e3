"""Puts the cases together grid by grid: who reports, where, when; lives each through and writes it."""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from django.db import connection
from django.db.models import Count, F, Max, OuterRef, Subquery
from django.db.models.functions import Coalesce, Greatest
from faker import Faker
from shapely import prepare
from shapely.geometry import Point, shape
from shapely.geometry.base import BaseGeometry

from tongxin.grid.cases.deadlines import UNRESOLVED
from tongxin.grid.cases.defaults import ensure_default_categories
from tongxin.grid.cases.models import Case, CaseCategory, CaseEvent, CaseTransition, Rating
from tongxin.grid.cases.services import CODE_ALPHABET
from tongxin.grid.cases.workflow import State
from tongxin.interfaces.demo.seed.cases import texts as txt
from tongxin.interfaces.demo.seed.cases.history import FAR, Actor, Life, deadline_events, intervals
from tongxin.interfaces.demo.seed.cases.plans import SHOWCASE, Plan, draw_plan, weighted
from tongxin.interfaces.demo.seed.context import SeedContext
from tongxin.platform import calendar
from tongxin.platform.access.models import RoleAssignment
from tongxin.platform.access.roles import Role
from tongxin.registry.areas.models import Area, Household, Level
from tongxin.registry.people.models import Resident

S = State
Kind = CaseEvent.Kind
Source = Case.Source
SHANGHAI = calendar.SHANGHAI
# Cases a grid receives in a year: a base plus a share of its households (seed 002's grid of
# ~330 households gets ~170), so the busy grids of a 20,000-people community get more.
RATE_BASE, RATE_PER_HOUSEHOLD = 130, 0.12
TINY_PER_GRID = (2, 3)
# Who reports, besides the grid worker on their rounds (the leaf's grid_share).
OTHER_SOURCES = ((Source.PUBLIC, 0.55), (Source.STAFF, 0.3), (Source.OPEN311, 0.15))
LADDER = [Case.Level.GRID, Case.Level.COMMUNITY, Case.Level.SUBDISTRICT]
REOPENED_BY = "反映人（不满意）"


@dataclass(frozen=True)
class Leaf:
    category: CaseCategory
    group: str
    text: txt.LeafText


@dataclass(frozen=True)
class Reporter:
    name: str
    gender: str
    phone: tuple[str, str, str]  # encrypted, hash, masked: copied from the resident's record
    household_id: int
    area_id: int


@dataclass
class GridPlace:
    pk: int
    path: str
    name: str
    community_id: int
    subdistrict_id: int
    households: int
    outline: BaseGeometry | None
    buildings: list[tuple[int, str]]
    building_of: dict[int, str]  # building or entrance id → the building's name
    reporters: list[Reporter]
    worker: Actor
    office: Actor


class CaseBuilder:
    def __init__(self, ctx: SeedContext, *, seed: int, today: date) -> None:
        self.writer = ctx.writer
        self.tiny = ctx.tiny
        # Own randomness: cases come last, and adding them must not change anything seeded before.
        self.rng = random.Random(f"cases-{seed}")
        self.faker = Faker("zh_CN")
        self.faker.seed_instance(seed + 1)
        self.today = today
        self.now = datetime.combine(today, time.min, tzinfo=SHANGHAI)
        opening, closing = calendar.office_hours()
        self.day_hours = (datetime.combine(today, closing) - datetime.combine(today, opening)) / timedelta(hours=1)
        self.opening = opening
        ensure_default_categories()
        self.leaves = self._leaves()
        self.summer = [d for d in (today - timedelta(days=n) for n in range(1, 366)) if d.month in (6, 7, 8)]
        self.codes: set[str] = set()
        self.cases = 0
        self.staff = self._staff()
        self.names: dict[int, Actor] = {}

    # --- what the cases hang on -----------------------------------------------------------

    def _leaves(self) -> list[Leaf]:
        rows = CaseCategory.objects.filter(is_active=True, code__in=list(txt.LEAVES)).select_related("parent")
        return [Leaf(c, c.parent.code if c.parent else c.code, txt.LEAVES[c.code]) for c in rows.order_by("sort_order")]

    def _staff(self) -> dict[int, Actor]:
        """The demo accounts' users at their nodes: the grid worker of a grid, the office of a community."""
        found: dict[int, Actor] = {}
        rows = RoleAssignment.objects.filter(role__in=[Role.GRID_WORKER, Role.COMMUNITY, Role.SUBDISTRICT])
        for node_id, user_id, name, username in rows.order_by("user_id").values_list(
            "node_id", "user_id", "user__display_name", "user__username"
        ):
            if node_id is not None:
                found.setdefault(node_id, Actor(user_id, name or username))
        return found

    def _person(self, node_id: int) -> Actor:
        """The account at the node, else an invented name kept for the whole run."""
        actor = self.staff.get(node_id) or self.names.get(node_id)
        if actor is None:
            actor = self.names[node_id] = Actor(None, self.faker.name())
        return actor

    def grids(self) -> Iterator[GridPlace]:
        households = dict(Household.objects.values_list("grid_id").annotate(n=Count("id")).values_list("grid_id", "n"))
        rows = (
            Area.objects.filter(level=Level.GRID)
            .order_by("path")
            .values_list("pk", "path", "name", "parent_id", "parent__parent_id", "outline")
        )
        for pk, path, name, community_id, subdistrict_id, outline in list(rows):
            places = list(
                Area.objects.filter(path__startswith=path, level__in=[Level.BUILDING, Level.ENTRANCE])
                .order_by("path")
                .values_list("pk", "level", "name", "parent_id")
            )
            buildings = [(p, n) for p, level, n, _parent in places if level == Level.BUILDING]
            names = dict(buildings)
            building_of = {p: names.get(parent, "") if level == Level.ENTRANCE else n for p, level, n, parent in places}
            reporters = [
                Reporter(n, g, (enc, hashed, masked), household, area)
                for n, g, enc, hashed, masked, household, area in Resident.objects.filter(household__grid_id=pk)
                .exclude(phone_hash="")
                .order_by("id")
                .values_list(
                    "name", "gender", "phone_enc", "phone_hash", "phone_masked", "household_id", "household__area_id"
                )
            ]
            yield GridPlace(
                pk=pk,
                path=path,
                name=name,
                community_id=community_id,
                subdistrict_id=subdistrict_id,
                households=households.get(pk, 0),
                outline=_outline(outline),
                buildings=buildings,
                building_of=building_of,
                reporters=reporters,
                worker=self._person(pk),
                office=self._person(community_id),
            )

    # --- the year -------------------------------------------------------------------------

    def build(self) -> int:
        first = True
        for grid in self.grids():
            if not grid.buildings:
                continue
            rng = self.rng
            if self.tiny:
                plans = [draw_plan(self.rng, name) for name in (SHOWCASE if first else ())]
                plans += [draw_plan(self.rng) for _ in range(rng.randint(*TINY_PER_GRID))]
            else:
                rate = (RATE_BASE + RATE_PER_HOUSEHOLD * grid.households) * rng.uniform(0.85, 1.15)
                plans = [draw_plan(self.rng) for _ in range(round(rate))]
            first = False
            for plan in plans:
                self.case(grid, plan)
        return self.cases

    # --- one case -------------------------------------------------------------------------

    def _reported_at(self, leaf: Leaf, plan: Plan) -> datetime:
        rng = self.rng
        if plan.days_ago:
            day = self.today - timedelta(days=rng.randint(*plan.days_ago))
        elif leaf.category.code in txt.SUMMER_LEAVES and self.summer and rng.random() < 0.85:
            day = rng.choice(self.summer)
        else:
            day = self.today - timedelta(days=rng.randint(1, 365))
        if plan.source in (Source.GRID, Source.STAFF):
            # Rounds and the office desk keep working days and office hours.
            for _ in range(7):
                if calendar.is_working_day(day) or day <= self.today - timedelta(days=365):
                    break
                day -= timedelta(days=1)
            minutes = rng.randint(0, int(self.day_hours * 60) - 1)
            return datetime.combine(day, self.opening, tzinfo=SHANGHAI) + timedelta(minutes=minutes)
        # Residents write at any hour they are awake, mostly in the daytime and evening.
        hour = min(23, max(6, int(rng.gauss(14, 4.5))))
        return datetime.combine(day, time(hour, rng.randint(0, 59)), tzinfo=SHANGHAI)

    def _code(self) -> str:
        while True:
            code = "".join(self.rng.choices(CODE_ALPHABET, k=8))
            if code not in self.codes:
                self.codes.add(code)
                return code

    def case(self, grid: GridPlace, plan: Plan) -> None:
        rng = self.rng
        leaf = _pick_leaf(rng, self.leaves)
        category = leaf.category
        if not plan.source:
            plan.source = Source.GRID if rng.random() < leaf.text.grid_share else weighted(rng, OTHER_SOURCES)
        resident = rng.choice(grid.reporters) if grid.reporters else None
        if plan.source in (Source.PUBLIC, Source.STAFF) and resident is None:
            plan.source = Source.GRID
        household_id = None
        if plan.source in (Source.PUBLIC, Source.STAFF) and resident is not None and leaf.text.at_home:
            area_id, household_id = resident.area_id, resident.household_id
        else:
            area_id = rng.choice(grid.buildings)[0]
            if plan.source == Source.GRID and not leaf.text.at_home and rng.random() < 0.2:
                area_id = grid.pk  # out on the street: the grid is the place
        building = grid.building_of.get(area_id) or rng.choice(grid.buildings)[1]
        reported = self._reported_at(leaf, plan)
        accept_due = calendar.deadline(reported, category.accept_limit, category.accept_unit)
        resolve_due = calendar.deadline(reported, category.resolve_limit, category.resolve_unit)
        phone = ("", "", "")
        if plan.source == Source.GRID:
            reporter, reporter_name = grid.worker, grid.worker.name
        elif plan.source == Source.OPEN311:
            reporter, reporter_name = Actor(None, ""), rng.choice(txt.OPEN311_CLIENTS)
            plan.ratings = []
        else:
            assert resident is not None
            phone = resident.phone
            reporter_name = resident.name
            if plan.source == Source.PUBLIC and rng.random() < 0.5:
                reporter_name = resident.name[0] + ("先生" if resident.gender == "M" else "女士")
            reporter = grid.office if plan.source == Source.STAFF else Actor(None, "")
        if plan.source == Source.GRID:
            plan.ratings = []  # nobody outside to ask
        life = self.live(grid, leaf, plan, reported, resolve_due, Actor(reporter.user_id, reporter_name))
        periods = [("0", resolve_due, reported, life.granted_at or FAR)]
        if life.granted_at is not None:
            extended = calendar.add_working_days(resolve_due, plan.extension_days)
            periods.append(("1", extended, life.granted_at, FAR))
        job = deadline_events(reported, accept_due, periods, life)
        # 督办 by hand: the office pushes a case it sees overdue, the handler answers.
        overdue_at = next((at for at, kind, _k, _d in job if kind == Kind.RESOLVE_OVERDUE), None)
        if plan.supervise and overdue_at is not None:
            notice = overdue_at + timedelta(hours=rng.uniform(2, 24))
            # Only a case still being handled can be put under supervision (case_supervise).
            if any(s <= notice < e for s, e in intervals(life.steps, UNRESOLVED)):
                escalated = next((at for at, kind, k, _d in job if kind == Kind.ESCALATED and k == "subdistrict"), FAR)
                by = self._person(grid.subdistrict_id) if escalated < notice else grid.office
                life.event(notice, Kind.SUPERVISION, "1", by, txt.SUPERVISION_TEXT)
                answer = self.hours(notice, rng.uniform(0.5, 6))
                life.event(answer, Kind.SUPERVISION_RESPONSE, "1", grid.worker, rng.choice(txt.SUPERVISION_ANSWERS))
        self._write(grid, leaf, plan, life, job, reported, accept_due, periods, area_id, household_id, building, phone)

    def live(
        self, grid: GridPlace, leaf: Leaf, plan: Plan, reported: datetime, resolve_due: datetime, reporter: Actor
    ) -> Life:
        """The case's whole history, as it would go with nobody stopping the clock."""
        rng, hours = self.rng, self.hours
        category = leaf.category
        worker, office = grid.worker, grid.office
        accepts = worker if category.handler == CaseCategory.Handler.GRID else office
        life = Life()
        life.step("", S.REPORTED, reported, reporter)
        t = reported
        if plan.returned:
            t = hours(t, rng.uniform(0.2, 3))
            life.step(S.REPORTED, S.RETURNED, t, accepts, rng.choice(txt.RETURN_REASONS))
            if plan.returned == "stuck":
                return life
            t += timedelta(hours=rng.uniform(3, 48))
            life.step(S.RETURNED, S.REPORTED, t, accepts, rng.choice(txt.RESUBMIT_NOTES))
        # Urgent categories (a 2-hour limit) are answered faster than a 24-hour one.
        limit = category.accept_limit * (1 if category.accept_unit == "hours" else self.day_hours)
        t = hours(t, plan.accept_hours * min(1.0, limit / 8))
        if plan.rejected == "at_once":
            life.step(S.REPORTED, S.REJECTED, t, accepts, rng.choice(txt.REJECT_REASONS))
            return life
        life.step(S.REPORTED, S.ACCEPTED, t, accepts)
        if plan.rejected == "after_accept":
            t = hours(t, rng.uniform(0.5, 6))
            life.step(S.ACCEPTED, S.REJECTED, t, office, rng.choice(txt.REJECT_REASONS))
            return life
        t += timedelta(minutes=rng.uniform(1, 40))
        life.step(S.ACCEPTED, S.ASSIGNED, t, accepts)
        if plan.misdispatch:
            t = hours(t, rng.uniform(0.5, 4))
            life.step(S.ASSIGNED, S.ACCEPTED, t, worker, txt.MISDISPATCH_NOTE)
            t = hours(t, rng.uniform(0.2, 2))
            life.step(S.ACCEPTED, S.ASSIGNED, t, office)
        t = hours(t, rng.uniform(0, 2))
        life.step(S.ASSIGNED, S.IN_PROGRESS, t, worker)
        limit = category.resolve_limit * (self.day_hours if category.resolve_unit == "days" else 1)
        done = txt.DONE.get(leaf.group, txt.DONE["services"])
        if plan.extension_days:
            asked = hours(t, limit * rng.uniform(0.2, 0.5))
            granted = hours(asked, rng.uniform(1, 6))
            if granted < resolve_due:
                reason = rng.choice(txt.EXTENSION_REASONS)
                life.event(asked, Kind.EXTENSION_REQUESTED, "1", worker, reason, days=plan.extension_days)
                life.event(granted, Kind.EXTENSION_GRANTED, "1", office, txt.EXTENSION_GRANTED)
                life.granted_at = granted
                t = hours(resolve_due, plan.extension_days * self.day_hours * rng.uniform(0.2, 1.05))
            else:
                t = hours(t, limit * plan.resolve_share)
        else:
            t = hours(t, limit * plan.resolve_share)
        if plan.verify_fail:
            life.step(S.IN_PROGRESS, S.RESOLVED, t, worker, rng.choice(done))
            t = hours(t, rng.uniform(1, 8))
            life.step(S.RESOLVED, S.IN_PROGRESS, t, office, txt.VERIFY_FAILED_NOTE)
            t = hours(t, rng.uniform(2, 16))
        life.step(S.IN_PROGRESS, S.RESOLVED, t, worker, rng.choice(done))
        t = self._close(life, t, office)
        for n, rating in enumerate(plan.ratings):
            rated = t + timedelta(hours=rng.uniform(2, 72))
            life.event(rated, Kind.RATED, str(n), None, rng.choice(txt.RATING_NOTES[rating]), rating=rating)
            if rating != Rating.UNSATISFIED or n > 0:
                break
            # 不满意 reopens the case, once: back to the same handler.
            life.step(S.CLOSED, S.REOPENED, rated, Actor(None, REOPENED_BY), rng.choice(txt.REOPEN_NOTES))
            t = hours(rated, rng.uniform(0.5, 8))
            life.step(S.REOPENED, S.IN_PROGRESS, t, worker)
            t = hours(t, limit * rng.uniform(0.05, 0.5))
            life.step(S.IN_PROGRESS, S.RESOLVED, t, worker, rng.choice(txt.DONE_AGAIN))
            t = self._close(life, t, office)
        return life

    def hours(self, start: datetime, hours: float) -> datetime:
        """`hours` working hours after `start`, exactly up to "now" and roughly beyond it.

        What happens after "now" is cut anyway; walking the calendar months ahead for a
        difficult case would only reach years chinese_calendar does not know yet.
        """
        if start >= self.now:
            return start + timedelta(hours=hours)
        if hours > 40:
            left = calendar.working_hours_between(start, self.now)
            if hours >= left:
                return self.now + timedelta(hours=hours - left)
        return calendar.add_working_hours(start, hours)

    def _close(self, life: Life, resolved: datetime, office: Actor) -> datetime:
        t = self.hours(resolved, self.rng.uniform(0.3, 10))
        life.step(S.RESOLVED, S.VERIFIED, t, office)
        t += timedelta(minutes=self.rng.uniform(1, 90))
        life.step(S.VERIFIED, S.CLOSED, t, office)
        return t

    def _write(
        self,
        grid: GridPlace,
        leaf: Leaf,
        plan: Plan,
        life: Life,
        job: list[tuple[datetime, str, str, dict[str, Any]]],
        reported: datetime,
        accept_due: datetime,
        periods: list[tuple[str, datetime, datetime, datetime]],
        area_id: int,
        household_id: int | None,
        building: str,
        phone: tuple[str, str, str],
    ) -> None:
        """Cut the history at "now" and write what has happened by then."""
        now, rng = self.now, self.rng
        steps = [s for s in life.steps if s[2] < now]
        events = [(at, kind, key, actor, text, data) for at, kind, key, actor, text, data in life.events if at < now]
        events += [(at, kind, key, None, "", data) for at, kind, key, data in job if at <= now]
        state = steps[-1][1]
        assignee = None
        for frm, to, _at, _actor, _comment in steps:
            if to == S.ASSIGNED:
                assignee = grid.worker.user_id
            elif frm == S.ASSIGNED and to == S.ACCEPTED:
                assignee = None
        ratings = [(at, data["rating"]) for at, kind, _k, _a, _t, data in events if kind == Kind.RATED]
        reopened = sum(1 for s in steps if s[1] == S.REOPENED)
        rating, rated_at = "", None
        if ratings:
            rated_at, rating = ratings[-1]
            if rating == Rating.UNSATISFIED and len(ratings) == 1 and reopened:
                rating = ""  # the reopening clears it (services.case_rate)
        levels = [data["to_level"] for _at, kind, _k, _a, _t, data in events if kind == Kind.ESCALATED]
        granted = life.granted_at is not None and life.granted_at < now
        people = ""
        if leaf.group == "disputes" and rng.random() < 0.6:
            people = "、".join(self.faker.last_name() + "某" for _ in range(2))
        lat, lon = point_inside(grid.outline, rng) if grid.outline is not None else (None, None)
        case = self.writer.add(
            Case(
                tracking_code=self._code(),
                category_id=leaf.category.pk,
                description=rng.choice(leaf.text.texts).format(b=building),
                area_id=area_id,
                grid_id=grid.pk,
                household_id=household_id,
                latitude=lat,
                longitude=lon,
                source=plan.source,
                reporter_id=steps[0][3].user_id,
                reporter_name=steps[0][3].name,
                phone_enc=phone[0],
                phone_hash=phone[1],
                phone_masked=phone[2],
                state=state,
                level=max(levels, key=LADDER.index, default=Case.Level.GRID),
                assignee_id=assignee,
                reported_at=reported,
                accept_due=accept_due,
                resolve_due=periods[-1][1] if granted else periods[0][1],
                closed_at=steps[-1][2] if state == S.CLOSED else None,
                rating=rating,
                rated_at=rated_at,
                reopen_count=reopened,
                people_involved=people,
                version=len(steps) + len(ratings) + (1 if granted else 0),
            )
        )
        for frm, to, at, actor, comment in steps:
            self.writer.add(
                CaseTransition(
                    case_id=case.pk,
                    from_state=frm,
                    to_state=to,
                    actor_id=actor.user_id,
                    actor_name=actor.name,
                    at=at,
                    comment=comment,
                )
            )
        for at, kind, key, actor, text, data in sorted(events, key=lambda e: e[0]):
            self.writer.add(
                CaseEvent(
                    case_id=case.pk,
                    kind=kind,
                    key=key,
                    at=at,
                    actor_id=actor.user_id if actor else None,
                    text=text,
                    data=data,
                )
            )
        self.cases += 1


def _pick_leaf(rng: random.Random, leaves: list[Leaf]) -> Leaf:
    total = sum(leaf.text.weight for leaf in leaves)
    r = rng.random() * total
    for leaf in leaves:
        if r < leaf.text.weight:
            return leaf
        r -= leaf.text.weight
    return leaves[-1]


def point_inside(geom: BaseGeometry, rng: random.Random) -> tuple[Decimal | None, Decimal | None]:
    """(latitude, longitude) near the middle of the outline, to 6 decimals, never outside it."""
    center = geom.representative_point()
    minx, miny, maxx, maxy = geom.bounds
    spread = min(maxx - minx, maxy - miny) / 5
    q = Decimal("0.000001")
    for attempt in range(12):
        # The last try is the representative point itself, inside by definition (if rounding
        # to six decimals does not push it over the edge of a sliver).
        dx, dy = (rng.gauss(0, spread), rng.gauss(0, spread)) if attempt < 11 else (0.0, 0.0)
        lon, lat = Decimal(repr(center.x + dx)).quantize(q), Decimal(repr(center.y + dy)).quantize(q)
        if geom.covers(Point(float(lon), float(lat))):
            return lat, lon
    return None, None


def _outline(value: Any) -> BaseGeometry | None:
    if not value:
        return None
    try:
        geom = shape(value)
    except (ValueError, TypeError, KeyError, IndexError, AttributeError):
        return None
    if geom.is_empty or not geom.is_valid:
        return None
    prepare(geom)
    return geom


def build_cases(ctx: SeedContext, *, seed: int, today: date) -> int:
    """Seed the year of cases before `today` in every grid; returns how many."""
    builder = CaseBuilder(ctx, seed=seed, today=today)
    first_id = ctx.writer.next_id[Case]
    count = builder.build()
    ctx.writer.finish()
    # created_at and updated_at are auto_now fields, which bulk_create stamps with the clock:
    # give them the case's own history instead, in one statement. The tables were just filled
    # in this transaction: without fresh statistics PostgreSQL runs the correlated subquery as
    # a scan per case (minutes at district scale instead of a second).
    with connection.cursor() as cursor:
        for model in (Case, CaseTransition):
            cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")
    last_step = (
        CaseTransition.objects.filter(case=OuterRef("pk")).order_by().values("case").annotate(last=Max("at"))
    ).values("last")
    Case.objects.filter(pk__gte=first_id).update(
        created_at=F("reported_at"),
        updated_at=Greatest(Subquery(last_step), Coalesce("rated_at", "reported_at")),
    )
    return count
