from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from tongxin.platform.access.roles import Perm
from tongxin.platform.access.scope import get_for, scope_for, visible_to
from tongxin.platform.core.exceptions import DomainError
from tongxin.platform.core.forms_util import add_domain_errors
from tongxin.platform.core.listing import int_param, paginate
from tongxin.platform.core.trees import AREA
from tongxin.platform.web.perms import require
from tongxin.platform.web.reveal import reveal_view
from tongxin.platform.web.treeview import crumbs_for
from tongxin.registry.areas.forms import ListFilterForm
from tongxin.registry.areas.models import Household
from tongxin.registry.areas.views import filter_nodes, selected_area
from tongxin.registry.people import services
from tongxin.registry.people.exports import residents_workbook
from tongxin.registry.people.forms import CareCategoryForm, ResidentForm
from tongxin.registry.people.models import Resident
from tongxin.registry.people.queries import care_categories, household_list, resident_list, residents_visible_to


def _filtered(request: HttpRequest) -> tuple[ListFilterForm, QuerySet[Resident], dict[str, Any]]:
    node = selected_area(request)
    categories = [(c.code, str(c)) for c in care_categories()]
    form = ListFilterForm(request.GET or None, nodes=filter_nodes(request.user, node), categories=categories)
    data = form.cleaned_data if form.is_valid() else {}
    filters = {"node": node.pk if node else None, "category": data.get("category", ""), "q": data.get("q", "")}
    qs = resident_list(request.user, node=node, category=filters["category"], search=filters["q"])
    return form, qs, filters


@login_required
def index(request: HttpRequest) -> HttpResponse:
    scope = scope_for(request.user)
    require(request.user, Perm.VIEW)
    form, qs, _filters = _filtered(request)
    context = {"form": form, "nav": "residents", "can_export": scope.has_perm(Perm.EXPORT), **paginate(request, qs)}
    return render(request, "people/resident_list.html", context)


@login_required
def export(request: HttpRequest) -> HttpResponse:
    """The filtered list as an Excel file: numbers masked, the export audited."""
    scope = scope_for(request.user)
    if not (scope.has_perm(Perm.VIEW) and scope.has_perm(Perm.EXPORT)):
        raise PermissionDenied
    _form, qs, filters = _filtered(request)
    content = residents_workbook(actor=request.user, residents=qs, filters=filters)
    response = HttpResponse(content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response["Content-Disposition"] = f'attachment; filename="residents-{stamp}.xlsx"'
    return response


def _resident(request: HttpRequest, pk: int, perm: str | None = None) -> Resident:
    qs = Resident.objects.select_related("household", "household__area", "household__grid")
    return get_for(request.user, qs, pk, perm=perm)


@login_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    resident = _resident(request, pk)
    scope = scope_for(request.user)
    path = resident.household.area.path
    crumbs = crumbs_for(request.user, resident.household.area, AREA, "areas:detail", _("Areas"), reverse("areas:tree"))
    crumbs[-1]["url"] = reverse("areas:detail", args=[resident.household.area_id])
    crumbs.append(
        {"name": resident.household.number, "url": reverse("households:detail", args=[resident.household_id])}
    )
    crumbs.append({"name": resident.name, "url": ""})
    return render(
        request,
        "people/resident_detail.html",
        {
            "resident": resident,
            "categories": resident.care_categories.all(),
            # The party registry links its members to residents; read through that relation.
            "member": visible_to(
                _member_model().objects.select_related("org").filter(resident=resident), request.user
            ).first(),
            "can_register_member": scope.has_perm(Perm.EDIT_PEOPLE),
            "crumbs": crumbs,
            "nav": "residents",
            "can_edit": scope.allows_path(Perm.EDIT_PEOPLE, AREA, path),
            "can_reveal": scope.allows_path(Perm.REVEAL, AREA, path),
            "reveal_url": reverse("residents:reveal", args=[resident.pk]),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def create(request: HttpRequest) -> HttpResponse:
    household_id = int_param(request, "household")
    if household_id is None:
        raise Http404
    household = get_for(request.user, Household.objects.select_related("area"), household_id, perm=Perm.EDIT_PEOPLE)
    form = ResidentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            resident = services.resident_create(actor=request.user, household=household, **form.service_kwargs())
        except DomainError as exc:
            add_domain_errors(form, exc)
        else:
            messages.success(request, _("%(name)s was registered.") % {"name": resident.name})
            return redirect("residents:detail", resident.pk)
    return render(
        request,
        "people/resident_form.html",
        {"form": form, "household": household, "nav": "residents", "title": _("Register a resident")},
    )


@login_required
@require_http_methods(["GET", "POST"])
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    resident = _resident(request, pk, perm=Perm.EDIT_PEOPLE)
    form = ResidentForm(request.POST or None, instance=resident)
    if request.method == "POST" and form.is_valid():
        try:
            services.resident_update(actor=request.user, resident=resident, **form.service_kwargs())
        except DomainError as exc:
            add_domain_errors(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("residents:detail", resident.pk)
    return render(
        request,
        "people/resident_form.html",
        {
            "form": form,
            "household": resident.household,
            "resident": resident,
            "nav": "residents",
            "title": _("Edit %(name)s") % {"name": resident.name},
        },
    )


@login_required
@require_POST
def delete(request: HttpRequest, pk: int) -> HttpResponse:
    resident = _resident(request, pk, perm=Perm.EDIT_PEOPLE)
    household_id = resident.household_id
    services.resident_delete(actor=request.user, resident=resident)
    messages.success(request, _("The resident was removed from the register."))
    return redirect("households:detail", household_id)


@login_required
@require_POST
def reveal(request: HttpRequest, pk: int) -> HttpResponse:
    return reveal_view(request, _resident(request, pk))


@login_required
def categories(request: HttpRequest) -> HttpResponse:
    """Care categories (关爱对象): the six of 六清楚 and the tags a deployment adds."""
    require(request.user, Perm.AUDIT)
    form = CareCategoryForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.care_category_create(actor=request.user, **form.cleaned_data)
        except DomainError as exc:
            add_domain_errors(form, exc)
        else:
            messages.success(request, _("Care category added."))
            return redirect("categories")
    return render(request, "core/categories.html", {"form": form, "rows": care_categories(), "nav": "categories"})


def _member_model() -> Any:
    return Resident.party_member.related.related_model


# Households and the people in them


@login_required
def household_index(request: HttpRequest) -> HttpResponse:
    require(request.user, Perm.VIEW)
    node = selected_area(request)
    categories = [(c.code, str(c)) for c in care_categories()]
    form = ListFilterForm(
        request.GET or None,
        nodes=filter_nodes(request.user, node),
        categories=categories,
        category_label=_("Someone in it is"),
    )
    data = form.cleaned_data if form.is_valid() else {}
    # ?occupied=1: the lived-in households the home page's figure counts (areas.queries.lived_in).
    occupied = request.GET.get("occupied") == "1"
    qs = household_list(
        request.user, node=node, category=data.get("category", ""), search=data.get("q", ""), occupied=occupied
    )
    context = {"form": form, "nav": "households", "occupied": occupied, **paginate(request, qs)}
    return render(request, "areas/household_list.html", context)


@login_required
def household_detail(request: HttpRequest, pk: int) -> HttpResponse:
    household = get_for(request.user, Household.objects.select_related("area", "grid"), pk)
    residents = (
        residents_visible_to(request.user)
        .filter(household=household)
        .prefetch_related("care_categories")
        .order_by("id")
    )
    scope = scope_for(request.user)
    crumbs = crumbs_for(request.user, household.area, AREA, "areas:detail", _("Areas"), reverse("areas:tree"))
    crumbs[-1]["url"] = reverse("areas:detail", args=[household.area_id])
    crumbs.append({"name": household.number, "url": ""})
    return render(
        request,
        "areas/household_detail.html",
        {
            "household": household,
            "residents": residents,
            "nav": "households",
            "crumbs": crumbs,
            "can_edit": scope.allows_path(Perm.EDIT_PEOPLE, AREA, household.area.path),
            "can_reveal": scope.allows_path(Perm.REVEAL, AREA, household.area.path),
        },
    )
