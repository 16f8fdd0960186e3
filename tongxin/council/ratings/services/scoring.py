"""Scores: a whole desk table (every subject × every criterion) saved at once, or one subject's card.

All or nothing: a cell out of range refuses the whole save, naming each cell, and nothing is
written. A fixed number of queries whatever the number of subjects: one upsert of the filled
cells and one delete of the cleared ones.
"""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from tongxin.council.ratings.models import RatingCriterion, RatingEntry, RatingRound, RoundState, Score
from tongxin.council.ratings.services._common import check_keeps
from tongxin.platform.access.actor import Actor
from tongxin.platform.core.exceptions import DomainError

Cell = tuple[int, int]  # (entry id, criterion id)


def cell_key(entry_id: int, criterion_id: int) -> str:
    """The form field (and error key) of one cell of the desk table."""
    return f"s_{entry_id}_{criterion_id}"


@transaction.atomic
def scores_save(*, actor: Actor, rnd: RatingRound, values: dict[Cell, Decimal | None]) -> int:
    """Write the given cells (None clears a cell); returns how many cells hold a score afterwards."""
    check_keeps(actor, rnd.scheme.community)
    # Locks the round (a concurrent publicity waits, then sees these scores) and checks its state.
    locked = RatingRound.objects.filter(pk=rnd.pk, state=RoundState.SCORING).update(updated_at=timezone.now())
    if not locked:
        raise DomainError(_("Scores are entered while the round is being scored."), code="conflict")
    criteria = {c.pk: c for c in RatingCriterion.objects.filter(scheme_id=rnd.scheme_id)}
    entry_ids = {e for e, _c in values}
    known = set(RatingEntry.objects.filter(round=rnd, pk__in=entry_ids).values_list("pk", flat=True))
    errors: dict[str, str] = {}
    for (entry_id, criterion_id), value in values.items():
        key = cell_key(entry_id, criterion_id)
        criterion = criteria.get(criterion_id)
        if entry_id not in known or criterion is None:
            errors[key] = _("This cell is not part of the round.")
        elif value is not None and not (0 <= value <= criterion.max_score):
            errors[key] = _("%(criterion)s: a score from 0 to %(max)s.") % {
                "criterion": criterion.name,
                "max": f"{criterion.max_score.normalize():f}",
            }
    if errors:
        raise DomainError(errors)
    now = timezone.now()
    filled = [
        Score(entry_id=e, criterion_id=c, value=v, updated_at=now) for (e, c), v in values.items() if v is not None
    ]
    Score.objects.bulk_create(
        filled, update_conflicts=True, unique_fields=["entry", "criterion"], update_fields=["value", "updated_at"]
    )
    cleared: dict[int, list[int]] = {}
    for (e, c), v in values.items():
        if v is None:
            cleared.setdefault(c, []).append(e)
    if cleared:
        q = Q(pk__in=[])
        for criterion_id, entries in cleared.items():
            q |= Q(criterion_id=criterion_id, entry_id__in=entries)
        Score.objects.filter(q, entry__round=rnd).delete()
    return Score.objects.filter(entry__round=rnd).count()
