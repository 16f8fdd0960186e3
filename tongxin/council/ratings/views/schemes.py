"""The ratings index (rounds waiting and all rounds, schemes), a scheme's page and its forms."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from tongxin.council.consultation.models import Council
from tongxin.council.ratings import services
from tongxin.council.ratings.forms import RoundForm, SchemeEditForm, SchemeForm
from tongxin.council.ratings.models import RatingCriterion, RatingLevel
from tongxin.council.ratings.queries import WAITING, round_rows, schemes_visible_to, waiting_q
from tongxin.council.ratings.views.common import NAV, keeps, require_reader, scheme_for
from tongxin.platform.access.roles import Perm
from tongxin.platform.access.scope import get_for, scope_for, visible_to
from tongxin.platform.core.exceptions import DomainError, Forbidden
from tongxin.platform.core.forms_util import add_domain_errors
from tongxin.platform.core.listing import paginate, text_param
from tongxin.platform.core.trees import node_choices
from tongxin.registry.areas.models import COMMUNITY_LEVELS, Area

MAX_CHOICES = 400
ROWS_PER_PAGE = 50


@login_required
def index(request: HttpRequest) -> HttpResponse:
    """Rounds (those waiting first, with `?waiting=`) and the schemes they belong to."""
    require_reader(request.user)
    waiting = text_param(request, "waiting", 20)
    rounds = round_rows(request.user)
    if waiting in WAITING:
        rounds = rounds.filter(waiting_q(waiting, timezone.now()))
    else:
        waiting = ""
    schemes = (
        schemes_visible_to(request.user).select_related("community", "panel").defer("community__outline")
        .order_by("community__path", "name", "id")
    )  # fmt: skip
    context = {
        **paginate(request, rounds, ROWS_PER_PAGE),
        "schemes": list(schemes[:MAX_CHOICES]),
        "waiting": waiting,
        "can_keep": scope_for(request.user).has_perm(Perm.RECOGNISE),
        "nav": NAV,
    }
    return render(request, "ratings/index.html", context)


def _scheme_form(request: HttpRequest) -> SchemeForm:
    user = request.user
    communities = node_choices(visible_to(Area.objects.filter(level__in=COMMUNITY_LEVELS), user, Perm.RECOGNISE),
                               MAX_CHOICES)  # fmt: skip
    panels = (
        visible_to(Council.objects.filter(is_active=True), user, Perm.RECOGNISE)
        .order_by("kind__code", "area__path", "name")
        .values_list("pk", "name", "area__name")[:MAX_CHOICES]
    )
    initial: dict[str, Any] = {"community": communities[0][0]} if len(communities) == 1 else {}
    return SchemeForm(
        request.POST if request.method == "POST" else None,
        initial=initial,
        communities=communities,
        panels=[(pk, f"{name} · {area}") for pk, name, area in panels],
    )


@login_required
@require_http_methods(["GET", "POST"])
def scheme_create(request: HttpRequest) -> HttpResponse:
    if not scope_for(request.user).has_perm(Perm.RECOGNISE):
        raise PermissionDenied
    form = _scheme_form(request)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        community = get_for(request.user, Area, data["community"])
        panel = get_for(request.user, Council.objects.select_related("area"), data["panel"]) if data["panel"] else None
        try:
            scheme = services.scheme_create(
                actor=request.user,
                community=community,
                name=data["name"],
                subject_kind=data["subject_kind"],
                cadence=data["cadence"],
                panel=panel,
                publicity_days=data["publicity_days"],
                description=data["description"],
                criteria=data["criteria"],
                levels=data["levels"],
            )
        except Forbidden:
            raise
        except DomainError as exc:
            add_domain_errors(form, exc)
        else:
            messages.success(request, _("The scheme was created. Open its first round next."))
            return redirect("ratings:scheme", scheme.pk)
    return render(request, "ratings/scheme_form.html", {"form": form, "nav": NAV})


@login_required
def scheme_detail(request: HttpRequest, pk: int) -> HttpResponse:
    scheme = scheme_for(request.user, pk)
    can_keep = keeps(request.user, scheme.community)
    rounds = round_rows(request.user).filter(scheme=scheme)
    context = {
        "scheme": scheme,
        "criteria": list(RatingCriterion.objects.filter(scheme=scheme).order_by("position")),
        "levels": list(RatingLevel.objects.filter(scheme=scheme).order_by("-threshold")),
        "rounds": list(rounds[:100]),
        "can_keep": can_keep,
        "round_form": RoundForm(initial={"publicity_days": scheme.publicity_days}) if can_keep else None,
        "nav": NAV,
    }
    return render(request, "ratings/scheme_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def scheme_edit(request: HttpRequest, pk: int) -> HttpResponse:
    scheme = scheme_for(request.user, pk)
    if not keeps(request.user, scheme.community):
        raise PermissionDenied
    initial = {f: getattr(scheme, f) for f in ("name", "publicity_days", "description", "is_active")}
    form = SchemeEditForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.scheme_update(actor=request.user, scheme=scheme, **form.cleaned_data)
        except Forbidden:
            raise
        except DomainError as exc:
            add_domain_errors(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("ratings:scheme", scheme.pk)
    return render(request, "ratings/scheme_edit.html", {"form": form, "scheme": scheme, "nav": NAV})


@login_required
@require_POST
def round_create(request: HttpRequest, pk: int) -> HttpResponse:
    scheme = scheme_for(request.user, pk)
    if not keeps(request.user, scheme.community):
        raise PermissionDenied
    form = RoundForm(request.POST)
    if form.is_valid():
        try:
            rnd = services.round_create(actor=request.user, scheme=scheme, **form.cleaned_data)
        except Forbidden:
            raise
        except DomainError as exc:
            add_domain_errors(form, exc)
        else:
            messages.success(request, _("The round is open with %(n)d subjects.") % {"n": rnd.entries.count()})
            return redirect("ratings:round", rnd.pk)
    context = {
        "scheme": scheme,
        "criteria": list(RatingCriterion.objects.filter(scheme=scheme).order_by("position")),
        "levels": list(RatingLevel.objects.filter(scheme=scheme).order_by("-threshold")),
        "rounds": list(round_rows(request.user).filter(scheme=scheme)[:100]),
        "can_keep": True,
        "round_form": form,
        "nav": NAV,
    }
    return render(request, "ratings/scheme_detail.html", context)
