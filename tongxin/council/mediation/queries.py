"""Reads of mediation, scoped: who reads what, the list's filters, the workbench's waiting rows.

Who reads: holders of Perm.MEDIATE over the committee's place (the community or village office),
the subdistrict over its communities (it supervises and reads the figures; the parties' numbers
stay masked), and a case's own mediators with an account (their cases only). The workbench
counts with the same conditions (`WAITING`) the list's `?waiting=` applies, so a figure is the
number of rows its link shows.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce

from tongxin.council.mediation import rules
from tongxin.council.mediation.models import (
    CaseState,
    Committee,
    MediationCase,
    Mediator,
    Outcome,
    Performance,
    Session,
    SettledAt,
    Sweep,
)
from tongxin.platform.access.actor import Actor
from tongxin.platform.access.roles import Perm, Role
from tongxin.platform.access.scope import Scope, scope_for
from tongxin.platform.core.trees import AREA


def _reader_paths(scope: Scope) -> list[str]:
    paths = set(scope.prefixes(AREA, Perm.MEDIATE))
    paths |= {path for role, tree, path in scope.grants if role == Role.SUBDISTRICT and tree == AREA}
    return sorted(paths)


def reads_mediation(user: Actor) -> bool:
    """May open the mediation pages at all (else 403): the office, the subdistrict, a mediator."""
    scope = scope_for(user)
    if scope.user_id is None:
        return False
    if scope.is_admin or _reader_paths(scope):
        return True
    return Mediator.objects.filter(user_id=scope.user_id).exists()


def _under(field: str, paths: list[str]) -> Q:
    where = Q(pk__in=[])
    for path in paths:
        where |= Q(**{f"{field}__startswith": path})
    return where


def cases_visible_to(user: Actor) -> QuerySet[MediationCase]:
    scope = scope_for(user)
    qs = MediationCase.objects.all()
    if scope.user_id is None:
        return qs.none()
    if scope.is_admin:
        return qs
    own = MediationCase.objects.filter(mediators__user_id=scope.user_id).values("pk")
    return qs.filter(_under("committee__area__path", _reader_paths(scope)) | Q(pk__in=own))


def committees_visible_to(user: Actor) -> QuerySet[Committee]:
    scope = scope_for(user)
    if scope.user_id is None:
        return Committee.objects.none()
    if scope.is_admin:
        return Committee.objects.all()
    own = Mediator.objects.filter(user_id=scope.user_id).values("committee_id")
    return Committee.objects.filter(_under("area__path", _reader_paths(scope)) | Q(pk__in=own))


def sweeps_visible_to(user: Actor) -> QuerySet[Sweep]:
    scope = scope_for(user)
    if scope.user_id is None:
        return Sweep.objects.none()
    if scope.is_admin:
        return Sweep.objects.all()
    return Sweep.objects.filter(_under("area__path", _reader_paths(scope)))


def _count(qs: QuerySet[Any], key: str) -> Coalesce:
    return Coalesce(
        Subquery(qs.order_by().values(key).annotate(n=Count("pk")).values("n")[:1], output_field=IntegerField()),
        Value(0),
    )


def committee_rows(user: Actor, today: datetime.date) -> QuerySet[Committee]:
    serving = Mediator.objects.filter(committee_id=OuterRef("pk"), term_start__lte=today).filter(
        Q(term_end__isnull=True) | Q(term_end__gte=today)
    )
    open_cases = MediationCase.objects.filter(committee_id=OuterRef("pk")).exclude(state=CaseState.CLOSED)
    return (
        committees_visible_to(user)
        .select_related("area")
        .defer("area__outline")
        .annotate(mediators_count=_count(serving, "committee_id"), open_cases=_count(open_cases, "committee_id"))
        .order_by("area__path", "name", "id")
    )


def case_rows(qs: QuerySet[MediationCase]) -> QuerySet[MediationCase]:
    """The list's rows with what each shows, in one query."""
    sessions = Session.objects.filter(case_id=OuterRef("pk"))
    return (
        qs.select_related("committee", "area", "agreement")
        .defer("area__outline", "committee__area__outline")
        .annotate(sessions_count=_count(sessions, "case_id"))
        .order_by("-accepted_on", "-id")
    )


# --- waiting: the workbench's items and the list's ?waiting= -------------------------------------


def _overdue(today: datetime.date) -> Q:
    return Q(state=CaseState.OPEN, due_on__lt=today)


def _followup(today: datetime.date) -> Q:
    # The visit is due MEDIATION_FOLLOWUP_DAYS after the agreed performance date.
    return Q(
        state=CaseState.AGREED,
        agreement__perform_by__lte=today - datetime.timedelta(days=rules.followup_days()),
    )


def _confirm(today: datetime.date) -> Q:
    # The 30 days for judicial confirmation end within the warning days (and have not ended).
    first = today - datetime.timedelta(days=rules.confirm_days())
    last = first + datetime.timedelta(days=rules.confirm_warn_days())
    return Q(outcome=Outcome.AGREEMENT, agreement__made_on__gte=first, agreement__made_on__lte=last)


WAITING: dict[str, Callable[[datetime.date], Q]] = {
    "overdue": _overdue,
    "followup": _followup,
    "confirm": _confirm,
}


def waiting_counts(user: Actor, today: datetime.date) -> dict[str, int]:
    counts = (
        cases_visible_to(user)
        .order_by()
        .aggregate(**{key: Count("pk", filter=cond(today)) for key, cond in WAITING.items()})
    )
    return {key: int(value or 0) for key, value in counts.items()}


def waiting_rows(user: Actor, key: str, today: datetime.date, limit: int) -> list[MediationCase]:
    order = {"overdue": ["due_on", "id"], "followup": ["agreement__perform_by", "id"]}.get(
        key, ["agreement__made_on", "id"]
    )
    qs = cases_visible_to(user).filter(WAITING[key](today)).select_related("area", "agreement")
    return list(qs.order_by(*order)[:limit])


# --- figures: one definition per figure, used by the figures page and by the list's filter ------

CASE_FIGURES: dict[str, Callable[[datetime.date, datetime.date], Q]] = {
    # Accepted (受理) in the period.
    "accepted": lambda s, e: Q(accepted_on__gte=s, accepted_on__lte=e),
    # Mediated to an end (any outcome) in the period.
    "ended": lambda s, e: Q(settled_on__gte=s, settled_on__lte=e) & ~Q(outcome=""),
    # Settled (调解成功): an agreement reached in the period.
    "settled": lambda s, e: Q(outcome=Outcome.AGREEMENT, settled_on__gte=s, settled_on__lte=e),
    # Agreements found performed at the follow-up visit in the period.
    "performed": lambda s, e: Q(performance=Performance.PERFORMED, followup_on__gte=s, followup_on__lte=e),
    # Settled, by where (小事不出格、大事不出社区、矛盾不上交).
    "in_grid": lambda s, e: Q(CASE_FIGURES["settled"](s, e), settled_at=SettledAt.GRID),
    "in_community": lambda s, e: Q(CASE_FIGURES["settled"](s, e), settled_at=SettledAt.COMMUNITY),
    "above": lambda s, e: Q(CASE_FIGURES["settled"](s, e), settled_at=SettledAt.ABOVE),
}


def sweep_period_q(start: datetime.date, end: datetime.date) -> Q:
    return Q(swept_on__gte=start, swept_on__lte=end)
