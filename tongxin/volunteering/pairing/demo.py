"""Demo pairing assistance (结对帮扶): per community 30+ beneficiaries, their helpers and a year of visits.

Call it after the residents, members and (if any) volunteer teams are written, e.g. from the
demo runner:

    from tongxin.volunteering.pairing.demo import seed_pairing
    seed_pairing(area_roots, today=today, seed=seed)

Beneficiaries are drawn from residents in a care category (低保, 空巢, 独居, 残疾, 留守儿童) and
from needy members (困难党员); most are paired one to one (一帮一) with a member of the
community's organizations, some many to one (多帮一) with a volunteer team and a member (or
several members when the community has no team). Visits come about monthly with the help given;
a few pairings were closed with an outcome, a few have not been visited for 45 days or more, a
few people are not paired yet. Rows go in with bulk_create (no audit records: nobody recorded
them). A community that already has beneficiaries is left alone, so a second call adds nothing.
"""

from __future__ import annotations

import datetime
import random
from collections import defaultdict
from collections.abc import Sequence
from decimal import Decimal

from django.db import transaction
from django.db.models import Q

from tongxin.registry.areas.models import COMMUNITY_LEVELS, Area
from tongxin.registry.party.models import PartyMember
from tongxin.registry.people.models import Resident
from tongxin.volunteering.pairing.models import (
    Beneficiary,
    BeneficiaryKind,
    HelpKind,
    Outcome,
    Pairing,
    PairingHelper,
    PairingVisit,
)
from tongxin.volunteering.service.models import VolunteerTeam

BATCH = 2000
# Care category → kind of beneficiary, in the order people are drawn.
KINDS = {
    "living_alone": BeneficiaryKind.LIVING_ALONE,
    "empty_nest": BeneficiaryKind.EMPTY_NEST,
    "low_income": BeneficiaryKind.NEEDY_HOUSEHOLD,
    "disabled": BeneficiaryKind.DISABLED,
    "left_behind_child": BeneficiaryKind.LEFT_BEHIND_CHILD,
}
NEEDS = {
    BeneficiaryKind.LIVING_ALONE: ("独居，子女在外地，需要定期探望", "行动不便，需要代购药品和生活用品"),
    BeneficiaryKind.EMPTY_NEST: ("老两口独住，需要陪同就医", "需要帮忙缴水电燃气费"),
    BeneficiaryKind.NEEDY_HOUSEHOLD: ("低保户，家中有病人，生活困难", "孩子上学费用有困难"),
    BeneficiaryKind.DISABLED: ("肢体残疾，出行需要帮助", "需要康复训练和辅具申请帮助"),
    BeneficiaryKind.LEFT_BEHIND_CHILD: ("父母在外务工，跟祖辈生活，需要课业辅导", "需要心理关爱和假期看护"),
    BeneficiaryKind.NEEDY_MEMBER: ("老党员，身体不好，需要经常探望", "家庭困难，需要帮扶"),
}
GOALS = ("每月上门探望一次，帮助解决生活困难", "陪同就医、代购药品", "课业辅导和心理关爱", "帮助申请救助、改善生活")
NOTES = {
    HelpKind.VISIT: ("上门谈心，了解近况", "电话问候后上门探望", "节日慰问"),
    HelpKind.MONEY: ("送慰问金", "发放困难补助"),
    HelpKind.GOODS: ("送米面油", "送冬衣棉被", "送学习用品"),
    HelpKind.SERVICE: ("陪同就医", "代购药品", "打扫卫生", "辅导作业"),
}
KIND_WEIGHTS = ((HelpKind.VISIT, 6), (HelpKind.SERVICE, 3), (HelpKind.GOODS, 2), (HelpKind.MONEY, 1))


def _under(field: str, paths: Sequence[str]) -> Q:
    q = Q(pk__in=[])
    for path in paths:
        q |= Q(**{f"{field}__startswith": path})
    return q


def _community_of(path: str | None, communities: dict[str, int], depths: list[int]) -> int | None:
    for depth in depths:
        found = communities.get((path or "")[:depth])
        if found is not None:
            return found
    return None


def seed_pairing(
    area_root_paths: Sequence[str], *, today: datetime.date, seed: int = 0, batch: int = BATCH
) -> dict[str, int]:
    """Write the demo beneficiaries, pairings and visits; returns how many of each were written."""
    communities = dict(
        Area.objects.filter(_under("path", area_root_paths), level__in=COMMUNITY_LEVELS)
        .exclude(beneficiaries__isnull=False)
        .values_list("path", "pk")
    )
    counts = {"beneficiaries": 0, "pairings": 0, "visits": 0}
    if not communities:
        return counts
    depths = sorted({len(p) for p in communities}, reverse=True)
    # The roots, not every community: a hundred LIKEs per row cost more than the rows they skip.
    paths = list(area_root_paths)

    # Residents in a care category, by community (one query).
    residents: dict[int, list[tuple[int, str, int, int, str]]] = defaultdict(list)
    seen: set[int] = set()
    for pk, name, household_id, area_id, area_path, code in (
        Resident.objects.filter(_under("household__area__path", paths), care_categories__code__in=KINDS)
        .order_by("id")
        .values_list(
            "pk", "name", "household_id", "household__area_id", "household__area__path", "care_categories__code"
        )
    ):
        if pk in seen:
            continue
        seen.add(pk)
        community = _community_of(area_path, communities, depths)
        if community is not None:
            residents[community].append((pk, name, household_id, area_id, code))
    # Members of the community's organizations: the needy ones are looked after, the others help.
    needy: dict[int, list[tuple[int, str, int | None]]] = defaultdict(list)
    helpers: dict[int, list[tuple[int, str]]] = defaultdict(list)
    for pk, name, is_needy, org_area_id, org_area_path in (
        PartyMember.objects.current()
        .filter(_under("org__area__path", paths))
        .order_by("id")
        .values_list("pk", "name", "is_needy", "org__area_id", "org__area__path")
    ):
        community = _community_of(org_area_path, communities, depths)
        if community is None:
            continue
        if is_needy:
            needy[community].append((pk, name, org_area_id))
        elif len(helpers[community]) < 200:
            helpers[community].append((pk, name))
    teams: dict[int, list[tuple[int, str]]] = defaultdict(list)
    for pk, name, area_path in (
        VolunteerTeam.objects.filter(_under("area__path", paths), is_active=True)
        .order_by("id")
        .values_list("pk", "name", "area__path")
    ):
        community = _community_of(area_path, communities, depths)
        if community is not None:
            teams[community].append((pk, name))

    with transaction.atomic():
        for community in sorted(communities.values()):
            written = _community(
                community,
                residents[community],
                needy[community],
                helpers[community],
                teams[community],
                today=today,
                rng=random.Random(f"{seed}:pairing:{community}"),
                batch=batch,
            )
            for key, value in written.items():
                counts[key] += value
    return counts


def _community(
    community: int,
    residents: list[tuple[int, str, int, int, str]],
    needy: list[tuple[int, str, int | None]],
    helpers: list[tuple[int, str]],
    teams: list[tuple[int, str]],
    *,
    today: datetime.date,
    rng: random.Random,
    batch: int,
) -> dict[str, int]:
    if not helpers or not (residents or needy):
        return {"beneficiaries": 0, "pairings": 0, "visits": 0}
    target = rng.randint(32, 40)
    chosen_members = needy[: min(len(needy), rng.randint(3, 6))]
    chosen_residents = rng.sample(residents, min(len(residents), target - len(chosen_members)))
    rows: list[Beneficiary] = []
    for pk, name, org_area_id in chosen_members:
        rows.append(
            Beneficiary(
                community_id=community,
                area_id=org_area_id or community,
                member_id=pk,
                name=name[:100],
                kind=BeneficiaryKind.NEEDY_MEMBER,
                needs=rng.choice(NEEDS[BeneficiaryKind.NEEDY_MEMBER]),
                since=today - datetime.timedelta(days=rng.randint(200, 900)),
            )
        )
    for pk, name, household_id, area_id, code in chosen_residents:
        kind = KINDS[code]
        rows.append(
            Beneficiary(
                community_id=community,
                area_id=area_id,
                resident_id=pk,
                household_id=household_id,
                name=name[:100],
                kind=kind,
                needs=rng.choice(NEEDS[kind]),
                since=today - datetime.timedelta(days=rng.randint(200, 900)),
            )
        )
    Beneficiary.objects.bulk_create(rows, batch_size=batch)

    pairings: list[Pairing] = []
    helper_rows: list[list[PairingHelper]] = []
    stale: list[bool] = []
    unpaired = rng.randint(2, 3)
    closing = rng.randint(3, 4)
    stale_left = rng.randint(3, 5)
    for i, b in enumerate(rows):
        if i >= len(rows) - unpaired:
            break  # the last few are not paired yet
        started = min(b.since + datetime.timedelta(days=rng.randint(0, 30)), today - datetime.timedelta(days=90))
        started = max(started, b.since)
        closed = i < closing
        p = Pairing(
            beneficiary=b,
            goal=rng.choice(GOALS),
            started_on=started,
            visit_interval_days=rng.choice((30, 30, 30, 14, 60)),
        )
        if closed:
            p.closed_on = min(
                started + datetime.timedelta(days=rng.randint(60, 300)), today - datetime.timedelta(days=7)
            )
            p.outcome = rng.choice((Outcome.ACHIEVED, Outcome.ACHIEVED, Outcome.PARTLY, Outcome.MOVED, Outcome.DIED))
            p.closing_note = {Outcome.ACHIEVED: "生活已改善，结对目标达成", Outcome.MOVED: "随子女搬离本社区"}.get(
                p.outcome, ""
            )
            if p.outcome in (Outcome.MOVED, Outcome.DIED):
                b.closed_on = p.closed_on
        many = rng.random() < 0.25
        members = rng.sample(helpers, min(len(helpers), 2 if many and not teams else 1))
        hs = [PairingHelper(member_id=pk, name=name[:100]) for pk, name in members]
        if many and teams:
            team_pk, team_name = rng.choice(teams)
            hs.append(PairingHelper(team_id=team_pk, name=team_name[:100]))
        pairings.append(p)
        helper_rows.append(hs)
        is_stale = not closed and stale_left > 0 and rng.random() < 0.3
        stale_left -= int(is_stale)
        stale.append(is_stale)
    Beneficiary.objects.bulk_update([b for b in rows if b.closed_on], ["closed_on"], batch_size=batch)
    Pairing.objects.bulk_create(pairings, batch_size=batch)
    flat: list[PairingHelper] = []
    for p, hs in zip(pairings, helper_rows, strict=True):
        for h in hs:
            h.pairing = p
            flat.append(h)
    PairingHelper.objects.bulk_create(flat, batch_size=batch)

    visits: list[PairingVisit] = []
    kinds, weights = zip(*KIND_WEIGHTS, strict=True)
    year_ago = today - datetime.timedelta(days=365)
    for p, hs, is_stale in zip(pairings, helper_rows, stale, strict=True):
        # Visits run from the start to the close, or to today (45+ days ago for a stale pairing).
        end = p.closed_on or (today - datetime.timedelta(days=rng.randint(46, 80)) if is_stale else today)
        # The demo keeps the last year of visits (older ones would only slow the seed down).
        day = max(p.started_on, year_ago) + datetime.timedelta(days=rng.randint(0, 10))
        while day <= end:
            helper = rng.choice(hs)
            kind = rng.choices(kinds, weights)[0]
            amount = None
            if kind == HelpKind.MONEY:
                amount = Decimal(rng.choice((200, 300, 500, 800, 1000)))
            elif kind == HelpKind.GOODS:
                amount = Decimal(rng.choice((100, 150, 200, 300)))
            visits.append(
                PairingVisit(
                    pairing=p,
                    visited_on=day,
                    helper=helper,
                    by_name=helper.name,
                    help_kind=kind,
                    amount=amount,
                    note=rng.choice(NOTES[kind]),
                )
            )
            day += datetime.timedelta(days=max(7, p.visit_interval_days + rng.randint(-7, 7)))
    PairingVisit.objects.bulk_create(visits, batch_size=batch)
    return {"beneficiaries": len(rows), "pairings": len(pairings), "visits": len(visits)}
