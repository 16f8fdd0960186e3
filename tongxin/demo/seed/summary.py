"""What the seeding produced, counted back from the database."""

from __future__ import annotations

import datetime

from django.db.models import Count, Q, Sum

from tongxin.areas.models import Area, Estate, Household, Level
from tongxin.cobuild.models import ResidentUnit, UnitContact
from tongxin.demo.seed.config import REF_DATE
from tongxin.party.models import MemberKind, Organization, OrgKind, PartyMember
from tongxin.people.models import CareCategory, Resident

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
    }
    return {
        "levels": levels,
        "org_kinds": org_kinds,
        "branch_types": branch_types,
        "member_kinds": member_kinds,
        "categories": categories,
        "totals": totals,
    }


def community_rows(subdistrict_id: int) -> list[tuple[str, int, int, int, int]]:
    """(name, households, residents, over 60, members) for each community of a subdistrict."""
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
            )
        )
    return rows


def summary_lines(subdistrict_id: int | None, elapsed: float, scale: str, seed: int) -> list[str]:
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
    ]
    if subdistrict_id is not None:
        lines.append("街道一 Subdistrict 1:  community / households / residents / over 60 / members")
        for name, households, residents, old, members in community_rows(subdistrict_id):
            lines.append(f"  {name:<8}{households:>8,}{residents:>10,}{old:>9,}{members:>8,}")
    lines.append(f"用时 Elapsed: {elapsed:.1f} s")
    return lines
