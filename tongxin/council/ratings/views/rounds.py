"""A round: its results as they stand, its moves (start, publicise, reopen, publish), the desk
table that scores every subject at once and the card that scores one subject on a phone."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from tongxin.council.ratings import services
from tongxin.council.ratings.forms import parse_cells
from tongxin.council.ratings.models import RatingCriterion, RatingEntry, RatingRound, RoundState, Score
from tongxin.council.ratings.queries import live_results
from tongxin.council.ratings.services.scoring import cell_key
from tongxin.council.ratings.views.common import NAV, keeps, round_for
from tongxin.platform.core.exceptions import DomainError, Forbidden

MOVES: dict[str, Callable[..., RatingRound]] = {
    "start": services.round_start,
    "publicise": services.round_publicise,
    "reopen": services.round_reopen,
    "publish": services.round_publish,
}
MOVE_DONE = {
    "start": gettext_lazy("Scoring has started."),
    "publicise": gettext_lazy("The results are in publicity (公示)."),
    "reopen": gettext_lazy("The round is back in scoring; the results were withdrawn."),
    "publish": gettext_lazy("The results are published."),
}


def _criteria(rnd: RatingRound) -> list[RatingCriterion]:
    return list(RatingCriterion.objects.filter(scheme_id=rnd.scheme_id).order_by("position"))


def _summary(rows: list[RatingEntry], n_criteria: int) -> dict[str, int]:
    scored: list[int] = [r.n_scored for r in rows]  # type: ignore[attr-defined]
    done = len([n for n in scored if n >= n_criteria])
    none = len([n for n in scored if not n])
    return {"total": len(rows), "done": done, "partial": len(rows) - done - none, "none": none}


def _by_level(rows: list[Any]) -> list[dict[str, Any]]:
    """How many subjects reach each level, the highest level first (from the rows already worked out)."""
    levels: dict[str, dict[str, Any]] = {}
    for r in rows:
        if r.live_level:
            level = levels.setdefault(r.live_level, {"level": r.live_level, "stars": r.live_stars, "n": 0, "top": 0})
            level["n"] += 1
            level["top"] = max(level["top"], r.live_score or 0)
    return sorted(levels.values(), key=lambda v: -v["top"])


@login_required
def round_detail(request: HttpRequest, pk: int) -> HttpResponse:
    rnd = round_for(request.user, pk)
    criteria = _criteria(rnd)
    rows = list(live_results(rnd).order_by("position", "id"))
    now = timezone.now()
    context = {
        "round": rnd,
        "scheme": rnd.scheme,
        "criteria": criteria,
        "rows": rows,
        "summary": _summary(rows, len(criteria)),
        "by_level": _by_level(rows),
        "can_keep": keeps(request.user, rnd.scheme.community),
        "publicity_over": bool(rnd.publicity_ends and rnd.publicity_ends <= now),
        "nav": NAV,
    }
    return render(request, "ratings/round_detail.html", context)


@login_required
@require_POST
def round_move(request: HttpRequest, pk: int) -> HttpResponse:
    rnd = round_for(request.user, pk)
    if not keeps(request.user, rnd.scheme.community):
        raise PermissionDenied
    move = request.POST.get("to", "")
    if move not in MOVES:
        messages.error(request, _("Choose what to do with the round."))
        return redirect("ratings:round", rnd.pk)
    try:
        MOVES[move](actor=request.user, rnd=rnd)
    except Forbidden:
        raise
    except DomainError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, str(MOVE_DONE[move]))
    return redirect("ratings:round", rnd.pk)


def _scores(rnd: RatingRound, entry: RatingEntry | None = None) -> dict[str, str]:
    qs = Score.objects.filter(entry__round=rnd)
    if entry is not None:
        qs = qs.filter(entry=entry)
    return {cell_key(e, c): f"{v.normalize():f}" for e, c, v in qs.values_list("entry_id", "criterion_id", "value")}


def _save(
    request: HttpRequest, rnd: RatingRound, entry_ids: list[int], criteria: list[RatingCriterion]
) -> dict[str, str]:
    """Parse and save the posted cells; the errors by cell (nothing saved when there is any)."""
    values, errors = parse_cells(request.POST, entry_ids, criteria)
    if errors:
        return errors
    try:
        services.scores_save(actor=request.user, rnd=rnd, values=values)
    except Forbidden:
        raise
    except DomainError as exc:
        if hasattr(exc, "error_dict"):
            return {key: " ".join(e.messages[0] for e in errs) for key, errs in exc.error_dict.items()}
        return {"__all__": " ".join(exc.messages)}
    return {}


def _grid(
    rows: list[Any], criteria: list[RatingCriterion], values: dict[str, str], errors: dict[str, str]
) -> list[Any]:
    """Rows of the table: each entry with its cells (field name, value shown, error)."""
    out = []
    for row in rows:
        cells = []
        for c in criteria:
            key = cell_key(row.pk, c.pk)
            cells.append({"key": key, "value": values.get(key, ""), "error": errors.get(key, ""), "criterion": c})
        out.append({"entry": row, "cells": cells, "has_error": any(cell["error"] for cell in cells)})
    return out


@login_required
@require_http_methods(["GET", "POST"])
def round_desk(request: HttpRequest, pk: int) -> HttpResponse:
    """Every subject × every criterion in one form, saved all at once or not at all."""
    rnd = round_for(request.user, pk)
    if not keeps(request.user, rnd.scheme.community):
        raise PermissionDenied
    criteria = _criteria(rnd)
    errors: dict[str, str] = {}
    if request.method == "POST":
        if rnd.state != RoundState.SCORING:
            messages.error(request, _("Scores are entered while the round is being scored."))
            return redirect("ratings:round", rnd.pk)
        entry_ids = list(RatingEntry.objects.filter(round=rnd).values_list("pk", flat=True))
        errors = _save(request, rnd, entry_ids, criteria)
        if not errors:
            messages.success(request, _("The scores were saved."))
            return redirect("ratings:round_desk", rnd.pk)
    rows = list(live_results(rnd).order_by("position", "id"))
    values = _scores(rnd)
    if errors:
        # Show what was typed, so the user corrects the cells named rather than typing again.
        values.update({key: str(request.POST[key])[:20] for key in request.POST if key.startswith("s_")})
    context = {
        "round": rnd,
        "scheme": rnd.scheme,
        "criteria": criteria,
        "grid": _grid(rows, criteria, values, errors),
        "errors": errors,
        "n_errors": len([k for k in errors if k != "__all__"]),
        "general_error": errors.get("__all__", ""),
        "editable": rnd.state == RoundState.SCORING,
        "nav": NAV,
    }
    return render(request, "ratings/round_desk.html", context, status=200)


@login_required
@require_http_methods(["GET", "POST"])
def round_card(request: HttpRequest, pk: int, entry_pk: int) -> HttpResponse:
    """One subject's scores on a phone: a card with a field per criterion, then the next subject."""
    rnd = round_for(request.user, pk)
    if not keeps(request.user, rnd.scheme.community):
        raise PermissionDenied
    entry = RatingEntry.objects.filter(round=rnd, pk=entry_pk).first()
    if entry is None:
        raise Http404
    criteria = _criteria(rnd)
    errors: dict[str, str] = {}
    after = RatingEntry.objects.filter(round=rnd, position__gt=entry.position).order_by("position", "id")
    following = after.exclude(scores__isnull=False).first() or after.first()
    if request.method == "POST":
        if rnd.state != RoundState.SCORING:
            messages.error(request, _("Scores are entered while the round is being scored."))
            return redirect("ratings:round", rnd.pk)
        errors = _save(request, rnd, [entry.pk], criteria)
        if not errors:
            messages.success(request, _("Scores of %(name)s saved.") % {"name": entry.label})
            if following is not None and request.POST.get("next") == "1":
                return redirect("ratings:round_card", rnd.pk, following.pk)
            return redirect("ratings:round", rnd.pk)
    values = _scores(rnd, entry)
    if errors:
        values.update({key: str(request.POST[key])[:20] for key in request.POST if key.startswith("s_")})
    row = live_results(rnd).get(pk=entry.pk)
    context = {
        "round": rnd,
        "entry": row,
        "cells": _grid([row], criteria, values, errors)[0]["cells"],
        "general_error": errors.get("__all__", ""),
        "following": following,
        "editable": rnd.state == RoundState.SCORING,
        "weights": sum((c.weight for c in criteria), Decimal(0)),
        "nav": NAV,
    }
    return render(request, "ratings/round_card.html", context)
