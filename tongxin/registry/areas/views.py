from __future__ import annotations

from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from tongxin.platform.access.actor import Actor
from tongxin.platform.access.roles import Perm
from tongxin.platform.access.scope import get_for, scope_for
from tongxin.platform.core.exceptions import DomainError
from tongxin.platform.core.forms_util import add_domain_errors
from tongxin.platform.core.listing import int_param, paginate, text_param
from tongxin.platform.core.trees import AREA, node_choices
from tongxin.platform.web.perms import require
from tongxin.platform.web.treeview import crumbs_for, move_targets, open_along
from tongxin.registry.areas import services
from tongxin.registry.areas.forms import AreaCreateForm, AreaForm, EstateForm, HouseholdForm, MoveForm
from tongxin.registry.areas.models import CHILD_LEVELS, HOUSEHOLD_LEVELS, Area, Estate, Household, Level
from tongxin.registry.areas.page_parts import tree_marks
from tongxin.registry.areas.queries import (
    area_children,
    area_roots,
    areas_visible_to,
    households_visible_to,
    subtree_counts,
    with_resident_count,
)

FILTER_LEVELS = (Level.SUBDISTRICT, Level.COMMUNITY, Level.VILLAGE, Level.GRID)
MAX_NODE_CHOICES = 300


def _node_rows(nodes: list[Area]) -> list[dict[str, Any]]:
    counts = subtree_counts(nodes)
    # Words the capabilities put beside a node (a building's stars): page_parts.register_tree_marks.
    marks = tree_marks(nodes)
    return [
        {
            "node": n,
            "badge": n.get_level_display(),
            "url": reverse("areas:detail", args=[n.pk]),
            "children_url": reverse("areas:children", args=[n.pk]),
            "has_children": counts[n.pk]["areas"] > 0,
            "counts": _("%(h)s households · %(r)s residents")
            % {"h": counts[n.pk]["households"], "r": counts[n.pk]["residents"]},
            "marks": marks.get(n.pk, []),
        }
        for n in nodes
    ]


def filter_nodes(user: Actor, selected: Area | None = None) -> list[tuple[int, str]]:
    """Choices for the 'where' filter: the upper levels of the user's part of the tree."""
    return node_choices(areas_visible_to(user).filter(level__in=FILTER_LEVELS), MAX_NODE_CHOICES, selected)


def selected_area(request: HttpRequest) -> Area | None:
    node_id = int_param(request, "node")
    return get_for(request.user, Area, node_id) if node_id is not None else None


@login_required
def tree(request: HttpRequest) -> HttpResponse:
    scope = scope_for(request.user)
    require(request.user, Perm.VIEW)
    query = text_param(request, "q", 50)
    matches: list[dict[str, Any]] = []
    if query:
        found = list(areas_visible_to(request.user).filter(name__icontains=query).order_by("path")[:50])
        names = dict(
            Area.objects.filter(pk__in={pk for a in found for pk in a.ancestor_ids()}).values_list("pk", "name")
        )
        matches = [{"node": a, "trail": " › ".join(names.get(pk, "") for pk in a.ancestor_ids())} for a in found]
    rows = _node_rows(list(area_roots(request.user)))
    # The first level is open so the page shows a tree; `?open=ID` also opens the path to a
    # node (a search match), which is then marked.
    target_id = int_param(request, "open")
    target = get_for(request.user, Area, target_id) if target_id is not None else None
    open_ids = {row["node"].pk for row in rows}
    if target is not None:
        open_ids |= {*target.ancestor_ids(), target.pk}
    open_along(rows, open_ids, lambda node: _node_rows(list(area_children(node))))
    context = {
        "rows": rows,
        "query": query,
        "matches": matches,
        "target": target,
        "nav": "areas",
        "can_add_root": scope.is_admin,
    }
    return render(request, "areas/tree.html", context)


@login_required
def children(request: HttpRequest, pk: int) -> HttpResponse:
    area = get_for(request.user, Area, pk)
    return render(request, "includes/tree_children.html", {"rows": _node_rows(list(area_children(area)))})


@login_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    area = get_for(request.user, Area.objects.select_related("estate"), pk)
    scope = scope_for(request.user)
    kids = list(area_children(area))
    context: dict[str, Any] = {
        "area": area,
        "nav": "areas",
        "crumbs": crumbs_for(request.user, area, AREA, "areas:detail", _("Areas"), reverse("areas:tree")),
        "counts": subtree_counts([area])[area.pk],
        "child_rows": _node_rows(kids),
        "child_levels": [Level(lv).label for lv in CHILD_LEVELS[area.level]],
        "can_edit_tree": scope.allows_path(Perm.EDIT_TREE, AREA, area.path),
        "can_edit_people": scope.allows_path(Perm.EDIT_PEOPLE, AREA, area.path),
        "holds_households": area.level in HOUSEHOLD_LEVELS,
    }
    if area.level in (Level.COMMUNITY, Level.VILLAGE):
        context["estates"] = area.estates.annotate(building_count=Count("buildings")).order_by("name")
        if context["can_edit_tree"]:
            context["estate_form"] = EstateForm()
    if area.level in HOUSEHOLD_LEVELS:
        households = with_resident_count(
            households_visible_to(request.user).filter(area__path__startswith=area.path).select_related("area")
        ).order_by("area__path", "number")
        context.update(paginate(request, households))
    return render(request, "areas/detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def create(request: HttpRequest) -> HttpResponse:
    parent_id = int_param(request, "parent")
    parent = get_for(request.user, Area, parent_id) if parent_id is not None else None
    scope = scope_for(request.user)
    if parent is None and not scope.is_admin:
        raise Http404
    if parent is not None and not scope.allows_path(Perm.EDIT_TREE, AREA, parent.path):
        raise PermissionDenied
    allowed = CHILD_LEVELS[parent.level if parent else None]
    if not allowed:
        raise Http404
    estates = _estates_for(parent)
    form = AreaCreateForm(request.POST or None, allowed_levels=allowed, estates=estates)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "level"}
        try:
            area = services.area_create(actor=request.user, parent=parent, level=form.cleaned_data["level"], **data)
        except DomainError as exc:
            add_domain_errors(form, exc)
        else:
            messages.success(request, _("%(name)s was added.") % {"name": area.name})
            return redirect("areas:detail", area.pk)
    crumbs = crumbs_for(request.user, parent, AREA, "areas:detail", _("Areas"), reverse("areas:tree")) if parent else []
    return render(
        request,
        "areas/form.html",
        {"form": form, "parent": parent, "nav": "areas", "crumbs": crumbs, "title": _("Add an area")},
    )


def _estates_for(parent: Area | None) -> QuerySet[Estate]:
    if parent is None:
        return Estate.objects.none()
    community_ids = [pk for pk in [*parent.ancestor_ids(), parent.pk]]
    return Estate.objects.filter(community_id__in=community_ids)


@login_required
@require_http_methods(["GET", "POST"])
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    area = get_for(request.user, Area, pk, perm=Perm.EDIT_TREE)
    form = AreaForm(
        request.POST or None,
        request.FILES or None,
        instance=area,
        level=area.level,
        estates=_estates_for(cast("Area | None", area.parent)),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.area_update(actor=request.user, area=area, **form.cleaned_data)
        except DomainError as exc:
            add_domain_errors(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("areas:detail", area.pk)
    crumbs = crumbs_for(request.user, area, AREA, "areas:detail", _("Areas"), reverse("areas:tree"))
    return render(
        request,
        "areas/form.html",
        {
            "form": form,
            "area": area,
            "nav": "areas",
            "crumbs": crumbs,
            "title": _("Edit %(name)s") % {"name": area.name},
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def move(request: HttpRequest, pk: int) -> HttpResponse:
    area = get_for(request.user, Area, pk, perm=Perm.EDIT_TREE)
    parent_levels = [lv for lv, kids in CHILD_LEVELS.items() if lv and area.level in kids]
    targets = move_targets(request.user, area, Area.objects.filter(level__in=parent_levels), MAX_NODE_CHOICES)
    form = MoveForm(request.POST or None, choices=targets)
    if request.method == "POST" and form.is_valid():
        new_parent = get_for(request.user, Area, form.cleaned_data["new_parent"])
        try:
            services.area_move(actor=request.user, area=area, new_parent=new_parent)
        except DomainError as exc:
            add_domain_errors(form, exc)
        else:
            messages.success(
                request,
                _("%(name)s moved under %(parent)s, with everything under it.")
                % {"name": area.name, "parent": new_parent.name},
            )
            return redirect("areas:detail", area.pk)
    crumbs = crumbs_for(request.user, area, AREA, "areas:detail", _("Areas"), reverse("areas:tree"))
    return render(request, "areas/move.html", {"form": form, "area": area, "nav": "areas", "crumbs": crumbs})


# Households


@login_required
@require_http_methods(["GET", "POST"])
def household_create(request: HttpRequest) -> HttpResponse:
    area_id = int_param(request, "area")
    if area_id is None:
        raise Http404
    area = get_for(request.user, Area, area_id, perm=Perm.EDIT_PEOPLE)
    if area.level not in HOUSEHOLD_LEVELS:
        raise Http404
    form = HouseholdForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            household = services.household_create(actor=request.user, area=area, **form.cleaned_data)
        except DomainError as exc:
            add_domain_errors(form, exc)
        else:
            messages.success(request, _("Household %(n)s was added.") % {"n": household.number})
            return redirect("households:detail", household.pk)
    crumbs = crumbs_for(request.user, area, AREA, "areas:detail", _("Areas"), reverse("areas:tree"))
    return render(
        request,
        "areas/household_form.html",
        {"form": form, "area": area, "nav": "households", "crumbs": crumbs, "title": _("Add a household")},
    )


@login_required
@require_http_methods(["GET", "POST"])
def household_edit(request: HttpRequest, pk: int) -> HttpResponse:
    household = get_for(request.user, Household.objects.select_related("area"), pk, perm=Perm.EDIT_PEOPLE)
    form = HouseholdForm(request.POST or None, instance=household)
    if request.method == "POST" and form.is_valid():
        try:
            services.household_update(actor=request.user, household=household, **form.cleaned_data)
        except DomainError as exc:
            add_domain_errors(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("households:detail", household.pk)
    crumbs = crumbs_for(request.user, household.area, AREA, "areas:detail", _("Areas"), reverse("areas:tree"))
    return render(
        request,
        "areas/household_form.html",
        {
            "form": form,
            "area": household.area,
            "household": household,
            "nav": "households",
            "crumbs": crumbs,
            "title": _("Edit household %(n)s") % {"n": household.number},
        },
    )


@login_required
@require_http_methods(["POST"])
def household_delete(request: HttpRequest, pk: int) -> HttpResponse:
    household = get_for(request.user, Household.objects.select_related("area"), pk, perm=Perm.EDIT_PEOPLE)
    try:
        services.household_delete(actor=request.user, household=household)
    except DomainError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("households:detail", household.pk)
    messages.success(request, _("The household was removed."))
    return redirect("areas:detail", household.area_id)


@login_required
@require_http_methods(["POST"])
def estate_create(request: HttpRequest, pk: int) -> HttpResponse:
    community = get_for(request.user, Area, pk, perm=Perm.EDIT_TREE)
    form = EstateForm(request.POST)
    if form.is_valid():
        try:
            estate = services.estate_create(actor=request.user, community=community, **form.cleaned_data)
        except DomainError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Estate %(name)s was added.") % {"name": estate.name})
    else:
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
    return redirect("areas:detail", community.pk)
