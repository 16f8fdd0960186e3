"""Rating rounds: open (its subjects taken as they are) → scoring → publicity (公示) → published.

Every move is a conditional UPDATE on the round's state, so two people pressing the same
button at once move it once, and a move from a state the round has left is refused.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.db.models import F, OuterRef, Q, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from tongxin.council.ratings.models import RatingEntry, RatingRound, RatingScheme, RoundState
from tongxin.council.ratings.queries import level_of, live_results, score_expression, subjects_of, total_weight
from tongxin.council.ratings.services._common import check_keeps, clean
from tongxin.council.ratings.services.schemes import MAX_PUBLICITY_DAYS
from tongxin.platform.access.actor import Actor, signed_in
from tongxin.platform.core.audit import audit_record
from tongxin.platform.core.exceptions import DomainError

# How many subjects a refusal names (the rest are counted).
NAMED = 5


def _move(rnd: RatingRound, frm: tuple[str, ...], to: str, **values: object) -> None:
    moved = RatingRound.objects.filter(pk=rnd.pk, state__in=frm).update(state=to, updated_at=timezone.now(), **values)
    if not moved:
        raise DomainError(_("This round has moved on meanwhile: reload the page."), code="conflict")
    rnd.refresh_from_db()


@transaction.atomic
def round_create(
    *,
    actor: Actor,
    scheme: RatingScheme,
    name: str,
    period_start: datetime.date,
    period_end: datetime.date,
    publicity_days: int | None = None,
) -> RatingRound:
    """Open a round: every subject of the scheme as it is today becomes one entry."""
    check_keeps(actor, scheme.community)
    if not scheme.is_active:
        raise DomainError(_("This scheme is no longer in use: no new round may open."))
    if period_end < period_start:
        raise DomainError({"period_end": _("The period ends after it starts.")})
    days = scheme.publicity_days if publicity_days is None else publicity_days
    if not (1 <= days <= MAX_PUBLICITY_DAYS):
        raise DomainError({"publicity_days": _("Publicity lasts 1 to %(n)d days.") % {"n": MAX_PUBLICITY_DAYS}})
    if scheme.rounds.exclude(state=RoundState.PUBLISHED).exists():
        raise DomainError(_("A round of this scheme is still under way: publish it before opening the next."))
    if scheme.rounds.filter(period_start__lte=period_end, period_end__gte=period_start).exists():
        raise DomainError({"period_start": _("Another round of this scheme covers part of this period.")})
    subjects = subjects_of(scheme)
    if not subjects:
        raise DomainError(_("There is nothing to rate yet in this community: add its places first."))
    rnd = RatingRound.objects.create(
        scheme=scheme,
        name=clean(name, 100, field="name", required=True),
        period_start=period_start,
        period_end=period_end,
        publicity_days=days,
        created_by=signed_in(actor),
    )
    RatingEntry.objects.bulk_create(
        RatingEntry(round=rnd, position=n, **subject) for n, subject in enumerate(subjects, start=1)
    )
    audit_record(actor=actor, action="create", obj=rnd, changes={"name": rnd.name, "subjects": len(subjects)})
    return rnd


@transaction.atomic
def round_start(*, actor: Actor, rnd: RatingRound) -> RatingRound:
    check_keeps(actor, rnd.scheme.community)
    _move(rnd, (RoundState.OPEN,), RoundState.SCORING)
    return rnd


def _names(labels: list[str], total: int) -> str:
    shown = "、".join(labels[:NAMED])
    return shown if total <= NAMED else _("%(names)s and %(n)d more") % {"names": shown, "n": total - NAMED}


@transaction.atomic
def round_publicise(*, actor: Actor, rnd: RatingRound, now: datetime.datetime | None = None) -> RatingRound:
    """Write each entry's weighted score and level, and open the publicity period (公示)."""
    check_keeps(actor, rnd.scheme.community)
    now = now or timezone.now()
    # Lock the round first: no score may change between the check and the results.
    _move(rnd, (RoundState.SCORING,), RoundState.SCORING)
    n_criteria = rnd.scheme.criteria.count()
    rows = [(e.label, e.n_scored) for e in live_results(rnd).only("label")]  # type: ignore[attr-defined]
    partial = [label for label, n in rows if 0 < n < n_criteria]
    if partial:
        raise DomainError(
            _("Some subjects are only partly scored: %(names)s. Score every criterion, or none.")
            % {"names": _names(partial, len(partial))}
        )
    if not any(n for _label, n in rows):
        raise DomainError(_("Nothing is scored yet."))
    scheme = rnd.scheme
    entries = RatingEntry.objects.filter(round=rnd)
    # In the database: the score first, then the level it reaches (two UPDATEs whatever the size).
    entries.update(score=score_expression(total_weight(scheme), OuterRef("pk")))
    entries.update(
        level_id=level_of(scheme, OuterRef("score"), "pk"),
        level_name=Coalesce(level_of(scheme, OuterRef("score"), "name"), Value("")),
        stars=level_of(scheme, OuterRef("score"), "stars"),
    )
    _move(
        rnd,
        (RoundState.SCORING,),
        RoundState.PUBLICITY,
        publicity_starts=now,
        publicity_ends=now + datetime.timedelta(days=rnd.publicity_days),
    )
    audit_record(actor=actor, action="update", obj=rnd, changes={"state": RoundState.PUBLICITY})
    return rnd


@transaction.atomic
def round_reopen(*, actor: Actor, rnd: RatingRound) -> RatingRound:
    """Back to scoring during publicity (an objection upheld): the results are cleared."""
    check_keeps(actor, rnd.scheme.community)
    _move(rnd, (RoundState.PUBLICITY,), RoundState.SCORING, publicity_starts=None, publicity_ends=None)
    RatingEntry.objects.filter(round=rnd).update(score=None, level=None, level_name="", stars=None)
    audit_record(actor=actor, action="update", obj=rnd, changes={"state": RoundState.SCORING})
    return rnd


@transaction.atomic
def round_publish(*, actor: Actor, rnd: RatingRound, now: datetime.datetime | None = None) -> RatingRound:
    """Publish the results once the publicity period is over."""
    check_keeps(actor, rnd.scheme.community)
    now = now or timezone.now()
    if rnd.state == RoundState.PUBLICITY and rnd.publicity_ends and rnd.publicity_ends > now:
        ends = date_format(timezone.localtime(rnd.publicity_ends), "DATETIME_FORMAT")
        raise DomainError(_("Publicity runs until %(when)s: publish after it ends.") % {"when": ends})
    moved = RatingRound.objects.filter(Q(publicity_ends__lte=now), pk=rnd.pk, state=RoundState.PUBLICITY).update(
        state=RoundState.PUBLISHED, published_at=now, updated_at=F("updated_at")
    )
    if not moved:
        raise DomainError(_("This round has moved on meanwhile: reload the page."), code="conflict")
    rnd.refresh_from_db()
    audit_record(actor=actor, action="update", obj=rnd, changes={"state": RoundState.PUBLISHED})
    return rnd
