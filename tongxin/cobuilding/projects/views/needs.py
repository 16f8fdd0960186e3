"""The needs list (需求清单), a need's page with its suggested matches, raising a need (by hand or
from a case, a visit, a topic), a unit's claim (认领) and staff matching a need to a unit."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from tongxin.cobuilding.projects import queries, services, sources
from tongxin.cobuilding.projects.forms import ClaimForm, NeedForm, StaffMatchForm
from tongxin.cobuilding.projects.models import Need, NeedCategory, Project
from tongxin.cobuilding.projects.views.common import get_one, require_reader
from tongxin.cobuilding.projects.workbench import NEED_WAITING
from tongxin.cobuilding.resources.models import Resource
from tongxin.platform.access.roles import Perm
from tongxin.platform.access.scope import get_for, scope_for, visible_to
from tongxin.platform.core.exceptions import DomainError
from tongxin.platform.core.forms_util import add_domain_errors
from tongxin.platform.core.listing import clean_text, paginate
from tongxin.platform.core.trees import node_choices
from tongxin.registry.areas.models import Area, Level
from tongxin.registry.cobuild.models import ResidentUnit
from tongxin.registry.cobuild.queries import units_answered_by


@login_required
@require_GET
def need_list(request: HttpRequest) -> HttpResponse:
    require_reader(request.user)
    base = visible_to(Need.objects.all(), request.user)
    node = request.GET.get("node", "")
    place = None
    if node:
        place = get_for(request.user, Area, node if node.isdecimal() and len(node) < 19 else None)
        if place.level in (Level.DISTRICT, Level.SUBDISTRICT, Level.COMMUNITY, Level.VILLAGE):
            base = base.filter(community__path__startswith=place.path)
        else:
            base = base.filter(place__path__startswith=place.path)
    category = request.GET.get("category", "")
    if category in NeedCategory.values:
        base = base.filter(category=category)
    source = request.GET.get("source", "")
    if source in Need.Source.values:
        base = base.filter(source=source)
    q = clean_text(request.GET.get("q", ""), 50)
    if q:
        base = base.filter(title__icontains=q)
    waiting = request.GET.get("waiting", "")
    if waiting in NEED_WAITING:
        base = base.filter(NEED_WAITING[waiting](timezone.localdate()))
    counts = queries.need_counts(base)
    status = request.GET.get("status", "")
    qs = base.filter(status=status) if status in Need.Status.values else base
    page = paginate(request, queries.need_rows(qs).order_by("-created_at", "-id"), 50)
    context: dict[str, Any] = {
        **page,
        "status": status if status in Need.Status.values else "",
        "statuses": [(s, label, counts[s]) for s, label in Need.Status.choices],
        "all_count": sum(counts.values()),
        "categories": NeedCategory.choices,
        "category": category,
        "sources": Need.Source.choices,
        "source": source,
        "place": place,
        "places": node_choices(
            visible_to(Area.objects.filter(level__in=(Level.COMMUNITY, Level.VILLAGE)), request.user), 200
        ),
        "q": q,
        "waiting": waiting if waiting in NEED_WAITING else "",
        "can_write": scope_for(request.user).has_perm(Perm.COBUILD),
        "nav": "needs",
    }
    return render(request, "projects/need_list.html", context)


def _places(user: Any, community: Area) -> tuple[list[tuple[int, str]], bool]:
    """The grids and buildings the user may raise a need at, and whether the whole community is one
    of them (staff); a grid worker or building leader raises at a place of theirs."""
    rows = Area.objects.filter(path__startswith=community.path, level__in=(Level.GRID, Level.BUILDING, Level.ENTRANCE))
    if services.may_raise(user, community):
        return node_choices(rows, 400), True
    roots = [r for r in scope_for(user).roots("area", Perm.VISIT) if r.startswith(community.path)]
    mine = Q(pk__in=[])
    for root in roots:
        mine |= Q(path__startswith=root)
    return node_choices(rows.filter(mine), 400), False


def _raise_where(user: Any, request: HttpRequest) -> Area | None:
    """The community the new need is raised in: ?community=, else the user's only community."""
    node = request.GET.get("community", "") or request.POST.get("community", "")
    if node:
        # Not the scope gate: a grid worker raises at their grid without seeing the community's
        # page; the places offered (and the service) say where they may raise it.
        found = (
            Area.objects.filter(pk=int(node), level__in=(Level.COMMUNITY, Level.VILLAGE)).first()
            if (node.isdecimal() and len(node) < 19)
            else None
        )
        if found is None:
            raise Http404
        return found
    scope = scope_for(user)
    roots = scope.roots("area", Perm.COBUILD) or scope.roots("area", Perm.VISIT)
    communities = {c.pk: c for c in (sources.community_of(a) for a in Area.objects.filter(path__in=roots)) if c}
    return next(iter(communities.values())) if len(communities) == 1 else None


@login_required
@require_http_methods(["GET", "POST"])
def need_new(request: HttpRequest) -> HttpResponse:
    scope = scope_for(request.user)
    if not (scope.has_perm(Perm.COBUILD) or scope.has_perm(Perm.VISIT)):
        raise PermissionDenied
    data = request.POST if request.method == "POST" else request.GET
    filled = sources.prefill(request.user, data.get("source", ""), data.get("source_id"))
    if filled is not None:
        community = sources.community_of(filled["place"])
    else:
        community = _raise_where(request.user, request)
    if community is None:
        return render(
            request,
            "projects/need_where.html",
            {
                "communities": node_choices(
                    visible_to(Area.objects.filter(level__in=(Level.COMMUNITY, Level.VILLAGE)), request.user), 200
                ),
                "nav": "needs",
            },
        )
    places, whole = _places(request.user, community)
    if not places and not whole:
        raise PermissionDenied
    initial: dict[str, Any] = {"open_to_claim": True, "people_affected": 0}
    if filled:
        initial.update(
            title=filled["title"],
            description=filled["description"][:2000],
            place=filled["place"].pk if filled["place"].pk != community.pk else None,
            source=filled["source"],
            source_id=filled["source_id"],
        )
    form = NeedForm(request.POST if request.method == "POST" else None, initial=initial, places=places, whole=whole)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        place = Area.objects.filter(pk=d["place"], path__startswith=community.path).first() if d["place"] else None
        if filled and place is None and not whole:
            place = filled["place"]
        try:
            need = services.raise_need(
                actor=request.user,
                community=community,
                title=d["title"],
                category=d["category"],
                description=d["description"],
                place=place,
                people_affected=d["people_affected"],
                wanted_by=d["wanted_by"],
                source=filled["source"] if filled else Need.Source.STAFF,
                source_id=filled["source_id"] if filled else None,
                source_label=filled["label"] if filled else "",
                open_to_claim=d["open_to_claim"],
            )
        except DomainError as exc:
            add_domain_errors(form, exc)
        else:
            messages.success(request, _("Need “%(title)s” raised.") % {"title": need.title})
            return redirect("projects:need", need.pk)
    return render(
        request,
        "projects/need_form.html",
        {"form": form, "community": community, "filled": filled, "nav": "needs"},
    )


@login_required
@require_GET
def need_detail(request: HttpRequest, pk: int) -> HttpResponse:
    need = get_one(queries.needs_visible_to(request.user).select_related("community", "place"), pk)
    staff = services.may_run(request.user, need.community)
    reader = queries.reads_cobuild(request.user) or need.raised_by_id == request.user.pk
    project = need.projects.exclude(state=Project.State.CANCELLED).select_related("unit", "member").first()
    my_units = list(units_answered_by(request.user).filter(area_id=need.community_id))
    claimable = need.status == Need.Status.OPEN and need.open_to_claim and bool(my_units)
    context: dict[str, Any] = {
        "need": need,
        "project": project,
        "project_visible": project is not None
        and queries.projects_visible_to(request.user).filter(pk=project.pk).exists(),
        # A unit contact reads what is needed, not who it came from (no resident's name or address).
        "show_source": reader,
        "source_url": sources.source_url(request.user, need) if reader else "",
        "claimable": claimable,
        "claim_form": ClaimForm() if claimable else None,
        "my_units": my_units,
        "staff": staff,
        "nav": "needs",
    }
    if staff and need.status == Need.Status.OPEN:
        context["suggestions"] = queries.suggested_matches(request.user, need, timezone.localdate())
        context["match_url"] = True
    return render(request, "projects/need_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def need_claim(request: HttpRequest, pk: int) -> HttpResponse:
    """A unit contact's claim: a confirmation with an optional plan, budget and date."""
    need = get_one(queries.needs_visible_to(request.user).select_related("community"), pk)
    units = list(units_answered_by(request.user).filter(area_id=need.community_id))
    if not units:
        raise PermissionDenied
    unit = units[0]
    if len(units) > 1 and (request.POST.get("unit") or request.GET.get("unit", "")).isdecimal():
        chosen = int(request.POST.get("unit") or request.GET.get("unit", ""))
        unit = next((u for u in units if u.pk == chosen), unit)
    form = ClaimForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            project = services.claim_need(
                actor=request.user,
                need=need,
                unit=unit,
                description=d["description"],
                budget=d["budget"],
                due_on=d["due_on"],
            )
        except services.AlreadyClaimed as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect("portal:portal")
        except DomainError as exc:
            add_domain_errors(form, exc)
        else:
            messages.success(request, _("Claimed: “%(title)s” is now your unit's project.") % {"title": project.title})
            return redirect("projects:project", project.pk)
    return render(
        request,
        "projects/need_claim.html",
        {"need": need, "form": form, "unit": unit, "units": units, "nav": "portal"},
    )


@login_required
@require_http_methods(["GET", "POST"])
def need_match(request: HttpRequest, pk: int) -> HttpResponse:
    """Staff match a need to a unit and its resources (a joint meeting decided): a claim on the
    unit's behalf, through the same service."""
    need = get_one(visible_to(Need.objects.select_related("community"), request.user), pk)
    if not services.may_run(request.user, need.community):
        raise PermissionDenied
    units_qs = ResidentUnit.objects.filter(area__path__startswith=need.community.path).order_by("name", "pk")
    units = [(u.pk, u.name) for u in units_qs[:300]]
    resources_qs = Resource.objects.filter(community=need.community, active=True, unit__isnull=False).select_related(
        "unit"
    )
    resource_choices = [(r.pk, f"{r.unit.name if r.unit else ''} · {r.name}") for r in resources_qs[:300]]
    initial = {"unit": request.GET.get("unit", "")}
    form = StaffMatchForm(
        request.POST if request.method == "POST" else None,
        initial=initial,
        units=units,
        resources=resource_choices,
    )
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        unit = units_qs.get(pk=d["unit"])
        chosen = [r for r in resources_qs if r.pk in set(d["resources"]) and r.unit_id == unit.pk]
        try:
            project = services.claim_need(
                actor=request.user,
                need=need,
                unit=unit,
                description=d["description"],
                budget=d["budget"],
                due_on=d["due_on"],
                resources=chosen,
            )
        except services.AlreadyClaimed as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect("projects:need", need.pk)
        except DomainError as exc:
            add_domain_errors(form, exc)
        else:
            messages.success(request, _("Matched: “%(unit)s” takes the need on.") % {"unit": unit.name})
            return redirect("projects:project", project.pk)
    return render(request, "projects/need_match.html", {"need": need, "form": form, "nav": "needs"})
