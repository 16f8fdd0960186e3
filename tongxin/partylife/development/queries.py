"""Scoped reads of member development: the pipeline of a subtree, its counts per stage and branch."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import Case, Count, IntegerField, QuerySet, Value, When

from tongxin.partylife.development import rules
from tongxin.partylife.development.models import ACTIVE_STAGES, Candidate, CandidateFile, Stage, Step
from tongxin.platform.access.actor import Actor
from tongxin.platform.access.roles import Perm
from tongxin.platform.access.scope import get_for, scope_for, visible_to
from tongxin.platform.core.people import person_search_q
from tongxin.platform.core.trees import ORG
from tongxin.registry.party.models import Organization

# The stages in pipeline order, so a list reads from the newest applicant to the full member.
STAGE_ORDER = Case(
    *[When(stage=value, then=Value(i)) for i, value in enumerate(Stage.values)], output_field=IntegerField()
)
MAX_BRANCHES = 200


def candidates_visible_to(user: Actor, perm: str | None = None) -> QuerySet[Candidate]:
    return visible_to(Candidate.objects.all(), user, perm)


def may_work(user: Actor, org_path: str) -> bool:
    return scope_for(user).allows_path(Perm.PARTY_WORK, ORG, org_path)


def pipeline(user: Actor, *, node: Organization | None = None, stage: str = "", q: str = "") -> QuerySet[Candidate]:
    """Candidates in the user's scope (under `node`), by branch, stage and name."""
    qs = candidates_visible_to(user).select_related("org")
    if node is not None:
        qs = qs.filter(org__path__startswith=node.path)
    qs = qs.filter(stage=stage) if stage else qs.filter(stage__in=ACTIVE_STAGES)
    if q:
        qs = qs.filter(person_search_q(q))
    return qs.annotate(stage_order=STAGE_ORDER).order_by("org__path", "stage_order", "name_pinyin", "id")


DUE_LEVELS = ("overdue", "due")


def steps_due(user: Actor, *, today: datetime.date, node: Organization | None = None) -> list[tuple[Candidate, Any]]:
    """Candidates whose next step is due or overdue (`rules.next_due`), overdue first, then by date.

    The one definition of "development steps due" (the workbench, the pipeline's `?due=on`).
    One query: the rules are dates computed per candidate, and the candidates still in
    development are a branch's handful, a subdistrict's few hundred.
    """
    rows = [(c, rules.next_due(c, today)) for c in pipeline(user, node=node)]
    due = [(c, d) for c, d in rows if d.level in DUE_LEVELS]
    due.sort(key=lambda t: (DUE_LEVELS.index(t[1].level), t[1].day or today, t[0].pk))
    return due


@dataclass
class BranchCounts:
    org_id: int
    name: str
    counts: list[int]

    labels: list[str]

    @property
    def total(self) -> int:
        return sum(self.counts)

    @property
    def cells(self) -> list[tuple[str, int]]:
        return list(zip(self.labels, self.counts, strict=True))


@dataclass
class Counts:
    """How many candidates stand at each stage, in the whole subtree and per branch."""

    stages: list[tuple[str, str]]
    totals: list[int]
    branches: list[BranchCounts]
    more_branches: bool

    @property
    def cards(self) -> list[tuple[str, str, int]]:
        return [(value, label, n) for (value, label), n in zip(self.stages, self.totals, strict=True)]


def stage_counts(user: Actor, *, node: Organization | None = None) -> Counts:
    qs = candidates_visible_to(user)
    if node is not None:
        qs = qs.filter(org__path__startswith=node.path)
    stages = list(Stage.choices)
    labels = [str(label) for _value, label in stages]
    index = {value: i for i, (value, _label) in enumerate(stages)}
    rows = qs.values("org_id", "org__name", "org__path", "stage").annotate(n=Count("id")).order_by("org__path")
    branches: dict[int, BranchCounts] = {}
    totals = [0] * len(stages)
    for row in rows:
        branch = branches.setdefault(
            row["org_id"], BranchCounts(row["org_id"], row["org__name"], [0] * len(stages), labels)
        )
        branch.counts[index[row["stage"]]] += row["n"]
        totals[index[row["stage"]]] += row["n"]
    listed = list(branches.values())
    return Counts(stages, totals, listed[:MAX_BRANCHES], len(listed) > MAX_BRANCHES)


def documents(candidate: Candidate) -> list[CandidateFile]:
    return list(candidate.files.order_by("uploaded_at", "id"))


@dataclass
class Entry:
    """One step on a candidate's timeline, with who took part and its documents."""

    step: str
    label: str
    on: Any
    people: list[tuple[str, str]]
    meeting: Any
    note: str
    files: list[CandidateFile]


def candidate_for_page(user: Actor, pk: Any) -> Candidate:

    qs = Candidate.objects.select_related(
        "org",
        "member",
        "contact1",
        "contact2",
        "introducer1",
        "introducer2",
        "admission_meeting",
        "confirmation_meeting",
    )
    return get_for(user, qs, pk)


def timeline(candidate: Candidate, files: list[CandidateFile]) -> list[Entry]:
    from django.utils.translation import gettext as _

    by_step: dict[str, list[CandidateFile]] = {}
    for f in files:
        by_step.setdefault(f.step, []).append(f)
    c = candidate
    contacts = _("Contact person (培养联系人)")
    introducer = _("Introducer (入党介绍人)")
    raw = [
        (Step.APPLIED, c.applied_on, [], None, ""),
        (Step.TALKED, c.talked_on, [], None, ""),
        (Step.ACTIVIST, c.activist_on, [(contacts, p.name) for p in (c.contact1, c.contact2) if p], None, ""),
        (Step.TARGET, c.target_on, [], None, ""),
        (
            Step.ADMITTED,
            c.admitted_on,
            [(introducer, p.name) for p in (c.introducer1, c.introducer2) if p],
            c.admission_meeting,
            "",
        ),
        (
            Step.EXTENDED,
            c.extended_on,
            [],
            None,
            (_("By %(n)s months.") % {"n": c.extension_months} + " " + c.extension_reason) if c.extended_on else "",
        ),
        (Step.CONFIRMED, c.confirmed_on, [], c.confirmation_meeting, ""),
        (Step.DROPPED, c.dropped_on, [], None, c.drop_reason),
    ]
    labels = dict(Step.choices)
    return [
        Entry(step, str(labels[step]), on, people, meeting, note, by_step.get(step, []))
        for step, on, people, meeting, note in raw
        if on is not None
    ]
