"""Demo Mediation (人民调解): written through the services as an office would have.

What it writes, deterministic from `seed`, dated before `today`:

- The community of the `secretary` demo account (else the first community): its people's
  mediation committee with eight elderly volunteer mediators (seed 000's 80 老年义务调解员, taken
  from the community's residents aged 60 and over, linked to their records) and the community's
  secretary as a staff mediator; a dispute sweep of every grid each month for a year; about twenty
  cases over the year — neighbours, family, property, labour — most settled by an agreement and
  followed up, a few without agreement or referred on, one waiting for its visit with the
  judicial-confirmation window closing, two open (one past its month); three of them came from
  grid cases handed over to the committee (one still being mediated).
- The village of the `village` account (else the first village): its committee with three
  mediators and four land disputes.

A place that already has a committee is left alone, so a second call adds nothing.
"""

from __future__ import annotations

import datetime
import random
from collections.abc import Sequence

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from tongxin.council.mediation import services
from tongxin.council.mediation.demo.texts import CASES, LAND, MEDIATION_PLACES, NAMES, SURNAMES
from tongxin.council.mediation.models import Committee, MediationCase, Mediator, MediatorKind, Session, Source, Sweep
from tongxin.grid.cases import handover as case_handover
from tongxin.grid.cases.models import Case, CaseEvent
from tongxin.grid.cases.workflow import State
from tongxin.platform.access.models import RoleAssignment, User
from tongxin.platform.access.roles import Role
from tongxin.platform.calendar import SHANGHAI
from tongxin.registry.areas.models import Area, Level
from tongxin.registry.people.models import Resident

SPECIALITIES = ("neighbours", "family", "property", "neighbours", "labour", "family", "neighbours", "property")


def _under(field: str, paths: Sequence[str]) -> Q:
    q = Q(pk__in=[])
    for path in paths:
        q |= Q(**{f"{field}__startswith": path})
    return q


def _place(username: str, level: str, roots: Q) -> Area | None:
    held = RoleAssignment.objects.filter(user__username=username, role=Role.COMMUNITY).values_list("node_id", flat=True)
    places = Area.objects.filter(roots, level=level)
    return places.filter(pk__in=list(held)).first() or places.order_by("path").first()


def _actor(place: Area) -> User:
    held = RoleAssignment.objects.filter(role=Role.COMMUNITY, node_id=place.pk).select_related("user").first()
    if held is not None:
        return held.user
    admin = User.objects.filter(is_superuser=True, is_active=True).order_by("id").first()
    return (
        admin or User.objects.get_or_create(username="system", defaults={"is_superuser": True, "is_active": False})[0]
    )


class Demo:
    def __init__(self, place: Area, *, today: datetime.date, rng: random.Random) -> None:
        self.place, self.today, self.rng = place, today, rng
        self.actor = _actor(place)
        self.grids = list(Area.objects.filter(path__startswith=place.path, level=Level.GRID).order_by("path"))
        self.term_start = today - datetime.timedelta(days=800)

    def day(self, days_ago: int) -> datetime.date:
        return self.today - datetime.timedelta(days=days_ago)

    def committee(self, elders: int) -> tuple[Committee, list[Mediator]]:
        c = services.committee_create(actor=self.actor, area=self.place, name="", founded_on=self.term_start)
        born_before = self.today.replace(year=self.today.year - 60)
        residents = list(
            Resident.objects.filter(household__area__path__startswith=self.place.path, birth_date__lte=born_before)
            .select_related("household__area")
            .order_by("id")[:200]
        )
        chosen = self.rng.sample(residents, min(elders, len(residents)))
        mediators = [
            services.mediator_add(
                actor=self.actor,
                committee=c,
                name=r.name,
                kind=MediatorKind.VOLUNTEER,
                speciality=SPECIALITIES[n % len(SPECIALITIES)],
                term_start=self.term_start,
                resident=r,
            )
            for n, r in enumerate(chosen)
        ]
        for n in range(elders - len(chosen)):  # a place with too few elders in the registry
            mediators.append(
                services.mediator_add(
                    actor=self.actor,
                    committee=c,
                    name=self.name(),
                    speciality=SPECIALITIES[n],
                    term_start=self.term_start,
                )
            )
        if self.actor.is_active and RoleAssignment.objects.filter(user=self.actor, node_id=self.place.pk).exists():
            mediators.append(
                services.mediator_add(
                    actor=self.actor,
                    committee=c,
                    name=self.actor.get_full_name() or self.actor.get_username(),
                    kind=MediatorKind.STAFF,
                    term_start=self.term_start,
                    user=self.actor,
                )
            )
        return c, mediators

    def name(self) -> str:
        return self.rng.choice(SURNAMES) + self.rng.choice(NAMES)

    def phone(self) -> str:
        return f"13{self.rng.randint(5, 9)}{self.rng.randint(0, 99_999_999):08d}"

    def sweeps(self) -> int:
        written = 0
        for months_ago in range(12, 0, -1):
            for grid in self.grids[:6]:
                found = self.rng.choice((0, 0, 1, 1, 2, 3))
                services.sweep_record(
                    actor=self.actor,
                    area=grid,
                    swept_on=self.day(months_ago * 30 + self.rng.randint(0, 5)),
                    swept_by=f"{grid.name}网格员、{self.name()}",
                    found=found,
                    notes="\n".join(self.rng.choice(CASES)[1] for _ in range(found)),
                )
                written += 1
        return written

    def mediate(
        self, c: Committee, mediators: list[Mediator], m: MediationCase, *, ending: str, sessions: int = 2
    ) -> MediationCase:
        """Parties, sessions, then the ending: agreement (and the visit), none, court, or open."""
        for role in ("applicant", "respondent"):
            services.party_add(actor=self.actor, case=m, name=self.name(), role=role, phone=self.phone())
        parties = list(m.parties.all())
        team = [x for x in m.mediators.all()] or mediators[:2]
        held = m.accepted_on
        for n in range(sessions):
            held = min(held + datetime.timedelta(days=self.rng.randint(2, 6)), self.day(1))
            services.session_record(
                actor=self.actor,
                case=m,
                held_on=held,
                place=self.rng.choice(MEDIATION_PLACES),
                mediators=team,
                parties=parties,
                notes=(
                    "双方各自陈述了事情经过和诉求，调解员讲解相关法律规定。"
                    if n == 0
                    else "调解员提出调解方案，双方就具体金额和时间进一步协商。"
                ),
            )
        if ending == "open":
            return m
        if ending == "agreement" or ending.startswith("agreement"):
            obligations, how = self.rng.choice(
                (
                    (
                        "申请人自愿撤回其他请求；被申请人赔偿申请人损失人民币2000元。",
                        "现金一次付清，在调解员见证下交付。",
                    ),
                    (
                        "被申请人于协议签订后十日内修复漏水部位，并承担楼下吊顶修复费用800元。",
                        "被申请人请施工队维修，费用转账支付。",
                    ),
                    ("双方同意楼道公共区域不再堆放杂物，被申请人三日内清理。", "社区网格员到场查看清理情况。"),
                    ("子女每月轮流照顾老人，每人每月支付赡养费600元。", "每月5日前转账至老人账户。"),
                )
            )
            services.agreement_save(
                actor=self.actor,
                case=m,
                made_on=held,
                facts=m.facts,
                obligations=obligations,
                performance=how,
                perform_by=held + datetime.timedelta(days=10),
            )
            m.refresh_from_db()
            services.case_settle(
                actor=self.actor,
                case=m,
                outcome="agreement",
                settled_on=held,
                settled_at=self.rng.choice(("grid", "community", "community")),
            )
            if ending == "agreement":
                visit = min(held + datetime.timedelta(days=self.rng.randint(15, 25)), self.day(1))
                performance = self.rng.choice(("performed", "performed", "performed", "partly"))
                services.followup_record(
                    actor=self.actor,
                    case=m,
                    followup_on=visit,
                    performance=performance,
                    note="" if performance == "performed" else "尚有部分款项未付，调解员继续督促。",
                )
            return m
        outcome, note = {
            "none": ("no_agreement", "双方分歧较大，未能达成协议，告知当事人可通过诉讼解决。"),
            "court": ("court", "涉及金额较大，引导当事人向人民法院起诉。"),
            "office": ("justice_office", "涉及劳动报酬，移交司法所处理。"),
        }[ending]
        services.case_settle(actor=self.actor, case=m, outcome=outcome, settled_on=held, settled_at="above", note=note)
        return m

    def case(
        self, c: Committee, mediators: list[Mediator], days_ago: int, kind: str, text: tuple[str, str]
    ) -> MediationCase:
        area = self.rng.choice(self.grids) if self.grids else self.place
        return services.case_open(
            actor=self.actor,
            committee=c,
            area=area,
            kind=kind,
            title=text[0],
            facts=text[1],
            accepted_on=self.day(days_ago),
            mediators=self.rng.sample(mediators, min(2, len(mediators))),
        )

    def from_grid_cases(self, c: Committee, mediators: list[Mediator], count: int) -> list[MediationCase]:
        """Grid cases of disputes the committee mediated: an open one (without a phone number: the
        demo sends no text messages) handed over three days ago and taken on, still being mediated;
        closed ones settled by mediation earlier, linked to their case (their history untouched)."""
        disputes = Q(category__code__endswith="_dispute") | Q(category__parent__code="disputes")
        in_place = Case.objects.filter(disputes, area__path__startswith=self.place.path)
        made = []
        now = datetime.datetime.combine(self.today, datetime.time(9), tzinfo=SHANGHAI)
        for grid_case in in_place.filter(
            state__in=case_handover.HANDOVER_STATES, handovers__isnull=True, phone_enc=""
        ).order_by("-reported_at", "id")[:1]:
            last = CaseEvent.objects.filter(case=grid_case).order_by("-at").values_list("at", flat=True).first()
            when = max(now - datetime.timedelta(days=3), (last or now) + datetime.timedelta(hours=1))
            if when >= now or not case_handover.may_hand_over(self.actor, grid_case):
                continue
            handover = case_handover.case_hand_over(
                case=grid_case,
                actor=self.actor,
                kind="mediation",
                target_id=c.pk,
                note="邻里纠纷，转社区人民调解委员会调解",
                at=when,
            )
            m = services.case_from_handover(
                actor=self.actor,
                handover=handover,
                kind="neighbours",
                mediators=self.rng.sample(mediators, min(2, len(mediators))),
                accepted_on=timezone.localdate(when + datetime.timedelta(hours=1)),
                at=when + datetime.timedelta(hours=1),
            )
            made.append(self.mediate(c, mediators, m, ending="open", sessions=1))
        for grid_case in (
            in_place.filter(state=State.CLOSED).select_related("category", "area").order_by("reported_at", "id")
        ):
            if len(made) >= count:
                break
            accepted = timezone.localdate(grid_case.reported_at) + datetime.timedelta(days=1)
            if accepted >= self.day(20):
                continue
            m = self.case(
                c,
                mediators,
                (self.today - accepted).days,
                "neighbours",
                (
                    f"{grid_case.category}：{grid_case.area.name}"[:120],
                    grid_case.description or str(grid_case.category),
                ),
            )
            MediationCase.objects.filter(pk=m.pk).update(source=Source.CASE, grid_case=grid_case)
            m.refresh_from_db()
            made.append(self.mediate(c, mediators, m, ending="agreement"))
        return made


def seed_mediation(area_roots: list[str], *, today: datetime.date, seed: int) -> dict[str, int]:
    """Write the demo's mediation; returns counts of what was written."""
    roots = _under("path", area_roots)
    if not area_roots or Committee.objects.filter(_under("area__path", area_roots)).exists():
        return {}
    community = _place("secretary", Level.COMMUNITY, roots)
    village = _place("village", Level.VILLAGE, roots)
    with transaction.atomic():
        if community is not None:
            _community(Demo(community, today=today, rng=random.Random(f"{seed}:mediation")))
        if village is not None:
            _village(Demo(village, today=today, rng=random.Random(f"{seed}:mediation-village")))
    under = _under("committee__area__path", area_roots)
    return {
        "committees": Committee.objects.filter(_under("area__path", area_roots)).count(),
        "mediators": Mediator.objects.filter(under).count(),
        "sweeps": Sweep.objects.filter(_under("area__path", area_roots)).count(),
        "cases": MediationCase.objects.filter(under).count(),
        "sessions": Session.objects.filter(_under("case__committee__area__path", area_roots)).count(),
    }


def _community(demo: Demo) -> None:
    c, mediators = demo.committee(8)
    demo.sweeps()
    # (days ago accepted, kind, ending): a year of cases, most settled and visited.
    plan: list[tuple[int, str, str]] = [
        (350, "neighbours", "agreement"), (330, "family", "agreement"), (310, "property", "agreement"),
        (290, "neighbours", "none"), (270, "labour", "office"), (250, "neighbours", "agreement"),
        (230, "family", "agreement"), (210, "property", "agreement"), (190, "neighbours", "agreement"),
        (170, "other", "court"), (150, "neighbours", "agreement"), (130, "family", "agreement"),
        (110, "property", "agreement"), (90, "neighbours", "agreement"), (70, "neighbours", "agreement"),
        (33, "family", "agreement-waiting"), (45, "neighbours", "open"), (6, "property", "open"),
    ]  # fmt: skip
    texts = {kind: [t for k, *t in CASES if k == kind] for kind, _t, _x in CASES}
    for n, (days_ago, kind, ending) in enumerate(plan):
        options = texts.get(kind) or [t for _k, *t in CASES]
        title, facts = options[n % len(options)]
        m = demo.case(c, mediators, days_ago, kind, (title, facts))
        demo.mediate(c, mediators, m, ending=ending, sessions=1 if ending == "open" and days_ago < 10 else 2)
    demo.from_grid_cases(c, mediators, 3)


def _village(demo: Demo) -> None:
    c, mediators = demo.committee(3)
    for n, (title, facts) in enumerate(LAND):
        m = demo.case(c, mediators, 200 - n * 45, "land", (title, facts))
        demo.mediate(c, mediators, m, ending=("agreement", "agreement", "none", "open")[n % 4])
