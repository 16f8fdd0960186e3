"""What the seeding produced, counted back from the database."""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Count, Max, Min, Q, Sum
from django.utils import timezone

from tongxin.grid.cases.models import Case, CaseEvent
from tongxin.grid.cases.workflow import State
from tongxin.interfaces.demo.seed.config import REF_DATE
from tongxin.registry.areas.models import Area, Estate, Household, Level
from tongxin.registry.cobuild.models import ResidentUnit, UnitContact
from tongxin.registry.party.models import MemberKind, Organization, OrgKind, PartyMember
from tongxin.registry.people.models import CareCategory, Resident

SIXTY_BORN_BEFORE = datetime.date(REF_DATE.year - 60, REF_DATE.month, REF_DATE.day)


def _by(rows: dict[str, int], order: list[str]) -> str:
    return " · ".join(f"{key} {rows.get(key, 0):,}" for key in order if rows.get(key))


def counts() -> dict[str, dict[str, int]]:
    """Counts by level, kind and category, for the summary and for tests."""
    levels = dict(Area.objects.values_list("level").annotate(n=Count("id")).values_list("level", "n"))
    org_kinds = dict(Organization.objects.values_list("kind").annotate(n=Count("id")).values_list("kind", "n"))
    branch_types = dict(
        Organization.objects.values_list("branch_type").annotate(n=Count("id")).values_list("branch_type", "n")
    )
    member_kinds = dict(PartyMember.objects.values_list("kind").annotate(n=Count("id")).values_list("kind", "n"))
    categories = dict(
        CareCategory.objects.annotate(n=Count("residents"))
        .order_by("-is_builtin", "sort_order", "code")
        .values_list("code", "n")
    )
    units = ResidentUnit.objects.aggregate(n=Count("id"), members=Sum("member_count"))
    case_states = dict(Case.objects.values_list("state").annotate(n=Count("id")).values_list("state", "n"))
    case_events = dict(CaseEvent.objects.values_list("kind").annotate(n=Count("id")).values_list("kind", "n"))
    case_range = Case.objects.aggregate(first=Min("reported_at"), last=Max("reported_at"))
    totals = {
        "estates": Estate.objects.count(),
        "households": Household.objects.count(),
        "member_households": Household.objects.filter(is_member_household=True).count(),
        "residents": Resident.objects.count(),
        "over_60": Resident.objects.filter(birth_date__lte=SIXTY_BORN_BEFORE).count(),
        "with_id": Resident.objects.filter(id_number_hash__isnull=False).count(),
        "members": PartyMember.objects.count(),
        "linked_members": PartyMember.objects.filter(resident__isnull=False).count(),
        "needy": PartyMember.objects.filter(is_needy=True).count(),
        "without_post": PartyMember.objects.filter(without_post=True).count(),
        "units": units["n"] or 0,
        "unit_members": units["members"] or 0,
        "contacts": UnitContact.objects.count(),
        "cases": sum(case_states.values()),
        "cases_public": Case.objects.filter(source=Case.Source.PUBLIC).count(),
        "cases_rated": Case.objects.exclude(rating="").count(),
        "cases_reopened": Case.objects.filter(reopen_count__gt=0).count(),
    }
    return {
        "levels": levels,
        "org_kinds": org_kinds,
        "branch_types": branch_types,
        "member_kinds": member_kinds,
        "categories": categories,
        "case_states": case_states,
        "case_events": case_events,
        "case_range": case_range,
        "totals": totals,
    }


def community_rows(subdistrict_id: int) -> list[tuple[str, int, int, int, int, int]]:
    """(name, households, residents, over 60, members, cases) for each community of a subdistrict."""
    rows = []
    for community in Area.objects.filter(parent_id=subdistrict_id).order_by("sort_order"):
        in_area = Q(household__area__path__startswith=community.path)
        residents = Resident.objects.filter(in_area).aggregate(
            n=Count("id"), old=Count("id", filter=Q(birth_date__lte=SIXTY_BORN_BEFORE))
        )
        roots = Organization.objects.filter(area=community).values_list("path", flat=True)
        members = Q(pk__in=[])
        for path in roots:
            members |= Q(org__path__startswith=path)
        rows.append(
            (
                community.name,
                Household.objects.filter(area__path__startswith=community.path).count(),
                residents["n"],
                residents["old"],
                PartyMember.objects.filter(members).count(),
                Case.objects.filter(grid__path__startswith=community.path).count(),
            )
        )
    return rows


def case_lines(c: dict[str, Any], today: datetime.date | None = None) -> list[str]:
    t, states, events = c["totals"], c["case_states"], c["case_events"]
    if not t["cases"]:
        return []
    first, last = c["case_range"]["first"], c["case_range"]["last"]
    span = f"{timezone.localtime(first):%Y-%m-%d} – {timezone.localtime(last):%Y-%m-%d}"
    if today is not None:
        span += f", today {today:%Y-%m-%d}"
    return [
        f"事件 Cases: {t['cases']:,} reported {span} — " + _by(states, list(State.values)),
        f"  黄牌 yellow cards {events.get(CaseEvent.Kind.YELLOW_CARD, 0):,} · "
        f"红牌 red cards {events.get(CaseEvent.Kind.RED_CARD, 0):,} · "
        f"升级 escalations {events.get(CaseEvent.Kind.ESCALATED, 0):,} · "
        f"督办 supervision {events.get(CaseEvent.Kind.SUPERVISION, 0):,} · "
        f"评价 rated {t['cases_rated']:,} · 不满意重办 reopened {t['cases_reopened']:,}",
    ]


def summary_lines(
    subdistrict_id: int | None, elapsed: float, scale: str, seed: int, today: datetime.date | None = None
) -> list[str]:
    c = counts()
    t = c["totals"]
    lines = [
        f"演示数据已生成 / Demo data seeded — scale {scale}, seed {seed}",
        "区域 Areas: " + _by(c["levels"], list(Level.values)) + f"; 小区 estates {t['estates']:,}",
        f"户 Households: {t['households']:,} (党员中心户 member households {t['member_households']:,})",
        f"居民 Residents: {t['residents']:,} (60岁以上 over 60: {t['over_60']:,}; "
        f"有身份证号 with ID number: {t['with_id']:,})",
        "关爱对象 Care categories: " + _by(c["categories"], list(c["categories"])),
        "党组织 Organizations: " + _by(c["org_kinds"], list(OrgKind.values)),
        "  类型 branch types: " + _by(c["branch_types"], sorted(c["branch_types"])),
        "党员 Members: "
        + _by(c["member_kinds"], list(MemberKind.values))
        + f" — total {t['members']:,}, residents {t['linked_members']:,}, needy {t['needy']:,}, "
        f"without post {t['without_post']:,}",
        f"驻区单位 Resident units: {t['units']:,} (members in units {t['unit_members']:,}; contacts {t['contacts']:,})",
        *case_lines(c, today),
    ]
    if subdistrict_id is not None:
        lines.append("街道一 Subdistrict 1:  community / households / residents / over 60 / members / cases")
        for name, households, residents, old, members, cases in community_rows(subdistrict_id):
            lines.append(f"  {name:<8}{households:>8,}{residents:>10,}{old:>9,}{members:>8,}{cases:>8,}")
    lines.append(f"用时 Elapsed: {elapsed:.1f} s")
    return lines
