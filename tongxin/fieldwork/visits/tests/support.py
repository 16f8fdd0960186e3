"""A hand-made set of households and visits whose coverage and 六清楚 answers are written in the tests.

World (conftest): 甲社区 grid 1 → 1号楼 → 101 (张三: empty_nest, low_income → monthly);
grid 2 → 2号楼 → 201 (李四: disabled → ordinary, six-monthly). Added here: 102 (nobody yet,
ordinary) and 103 (vacant) in 1号楼; 202 (赵流动: floating → monthly) and 203 (ordinary, never
visited) in 2号楼.

Visits, period 2026-01-01..2026-06-30 (6 whole months):
- 101: 网格员甲 on the 5th of each month Jan–Jun (6), 楼栋长 again on 5 Jun (same day); 5 Jun
  checked the household's facts.
- 102: 楼栋长 on 10 Mar, confirming all six facts one by one.
- 201: 网格员乙 on 20 Dec 2025 (before the period), confirming five facts (not floating).
- 202: 网格员乙 on 1 Feb and 1 Apr, confirming nothing.
- 203: never.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from tongxin.fieldwork.visits.models import Visit
from tongxin.platform.core.people import pinyin_of
from tongxin.registry.areas.models import Household
from tongxin.registry.people.care_changes import care_changed
from tongxin.registry.people.models import CareCategory, Resident

D = datetime.date
START, END = D(2026, 1, 1), D(2026, 6, 30)
SIX = ["low_income", "disabled", "laid_off", "empty_nest", "party_member", "floating"]


def visit(household: Household, on: datetime.date, name: str, *, user: Any = None, checked: bool = False,
          confirmed: tuple[str, ...] = (), needs: str = "") -> Visit:  # fmt: skip
    v = Visit.objects.create(
        household=household, visited_on=on, visitor=user, visitor_name=name, findings="一切正常", needs=needs,
        facts_checked=checked,
    )  # fmt: skip
    if confirmed:
        v.confirmed_categories.set(CareCategory.objects.filter(code__in=confirmed))
    return v


def resident(household: Household, name: str, *categories: str) -> Resident:
    r = Resident(household=household, name=name)
    r.name_pinyin, r.name_initials = pinyin_of(name)
    r.save()
    r.care_categories.set(CareCategory.objects.filter(code__in=categories))
    care_changed([household.pk])
    return r


@dataclass
class Visited:
    h101: Household
    h102: Household
    h103: Household
    h201: Household
    h202: Household
    h203: Household


def visited_world(w: Any) -> Visited:
    h102 = Household.objects.create(area=w.building1, grid=w.grid1, number="102")
    h103 = Household.objects.create(area=w.building1, grid=w.grid1, number="103", kind=Household.Kind.VACANT)
    h202 = Household.objects.create(area=w.building2, grid=w.grid2, number="202", kind=Household.Kind.RENTED)
    h203 = Household.objects.create(area=w.building2, grid=w.grid2, number="203")
    resident(h202, "赵流动", "floating")
    # The registry was last edited long ago: only visits confirm the facts here.
    Resident.objects.update(updated_at=datetime.datetime(2025, 1, 1, tzinfo=datetime.UTC))
    for month in range(1, 7):
        visit(w.household1, D(2026, month, 5), "网格员甲", checked=month == 6)
    visit(w.household1, D(2026, 6, 5), "楼栋长")
    visit(h102, D(2026, 3, 10), "楼栋长", confirmed=tuple(SIX))
    visit(w.household2, D(2025, 12, 20), "网格员乙", confirmed=tuple(c for c in SIX if c != "floating"))
    visit(h202, D(2026, 2, 1), "网格员乙")
    visit(h202, D(2026, 4, 1), "网格员乙")
    return Visited(w.household1, h102, h103, w.household2, h202, h203)
