from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from tongxin.platform.access.actor import Actor
from tongxin.platform.access.roles import Perm
from tongxin.platform.access.scope import get_for, scope_for, visible_to
from tongxin.platform.core.exceptions import DomainError
from tongxin.platform.core.forms_util import add_domain_errors
from tongxin.platform.core.listing import paginate
from tongxin.platform.core.trees import AREA
from tongxin.platform.web.perms import require
from tongxin.platform.web.reveal import reveal_view
from tongxin.registry.areas.forms import ListFilterForm
from tongxin.registry.areas.models import Area, Level
from tongxin.registry.areas.views import filter_nodes, selected_area
from tongxin.registry.cobuild import services
from tongxin.registry.cobuild.forms import ContactForm, UnitForm
from tongxin.registry.cobuild.models import ResidentUnit, UnitContact
from tongxin.registry.cobuild.queries import unit_list
from tongxin.registry.party.models import Organization


@login_required
def index(request: HttpRequest) -> HttpResponse:
    scope = scope_for(request.user)
    require(request.user, Perm.VIEW_UNITS)
    node = selected_area(request) if scope.has_perm(Perm.VIEW) else None
    nodes = filter_nodes(request.user, node) if scope.has_perm(Perm.VIEW) else []
    form = ListFilterForm(
        request.GET or None, nodes=nodes, categories=list(ResidentUnit.Kind.choices), category_label=_("Kind")
    )
    form.fields["q"].help_text = _("Unit name, credit code, or a contact's name or phone number")
    data = form.cleaned_data if form.is_valid() else {}
    qs = unit_list(request.user, node=node, kind=data.get("category", ""), search=data.get("q", ""))
    return render(request, "cobuild/unit_list.html", {"form": form, "nav": "units", **paginate(request, qs)})


def _unit(request: HttpRequest, pk: int, perm: str | None = None) -> ResidentUnit:
    return get_for(request.user, ResidentUnit.objects.select_related("area", "org"), pk, perm=perm)


@login_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    unit = _unit(request, pk)
    scope = scope_for(request.user)
    can_edit = scope.allows_path(Perm.EDIT_PEOPLE, AREA, unit.area.path)
    return render(
        request,
        "cobuild/unit_detail.html",
        {
            "unit": unit,
            "contacts": unit.contacts.order_by("id"),
            "nav": "units",
            "can_edit": can_edit,
            "can_reveal": scope.allows_path(Perm.REVEAL, AREA, unit.area.path),
            "contact_form": ContactForm() if can_edit else None,
            "crumbs": [{"name": _("Resident units"), "url": reverse("units:list")}, {"name": unit.name, "url": ""}],
        },
    )


def _choices(user: Actor) -> tuple[QuerySet[Area], QuerySet[Organization]]:
    areas = visible_to(Area.objects.filter(level__in=[Level.COMMUNITY, Level.VILLAGE]), user, Perm.EDIT_PEOPLE)
    orgs = visible_to(Organization.objects.exclude(kind="member_household"), user).order_by("path")
    return areas.order_by("path"), orgs


@login_required
@require_http_methods(["GET", "POST"])
def create(request: HttpRequest) -> HttpResponse:
    scope = scope_for(request.user)
    if not (scope.has_perm(Perm.EDIT_PEOPLE) and scope.has_perm(Perm.VIEW_UNITS)):
        raise PermissionDenied
    areas, orgs = _choices(request.user)
    form = UnitForm(request.POST or None, areas=areas, orgs=orgs)
    if request.method == "POST" and form.is_valid():
        try:
            unit = services.unit_create(actor=request.user, **form.cleaned_data)
        except DomainError as exc:
            add_domain_errors(form, exc)
        else:
            messages.success(request, _("%(name)s was added.") % {"name": unit.name})
            return redirect("units:detail", unit.pk)
    return render(request, "cobuild/unit_form.html", {"form": form, "nav": "units", "title": _("Add a resident unit")})


@login_required
@require_http_methods(["GET", "POST"])
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    unit = _unit(request, pk, perm=Perm.EDIT_PEOPLE)
    areas, orgs = _choices(request.user)
    form = UnitForm(request.POST or None, instance=unit, areas=areas, orgs=orgs)
    if request.method == "POST" and form.is_valid():
        try:
            services.unit_update(actor=request.user, unit=unit, **form.cleaned_data)
        except DomainError as exc:
            unit.refresh_from_db()
            add_domain_errors(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("units:detail", unit.pk)
    return render(
        request,
        "cobuild/unit_form.html",
        {"form": form, "unit": unit, "nav": "units", "title": _("Edit %(name)s") % {"name": unit.name}},
    )


@login_required
@require_POST
def delete(request: HttpRequest, pk: int) -> HttpResponse:
    unit = _unit(request, pk, perm=Perm.EDIT_PEOPLE)
    services.unit_delete(actor=request.user, unit=unit)
    messages.success(request, _("The unit was removed."))
    return redirect("units:list")


@login_required
@require_POST
def contact_create(request: HttpRequest, pk: int) -> HttpResponse:
    unit = _unit(request, pk, perm=Perm.EDIT_PEOPLE)
    form = ContactForm(request.POST)
    if form.is_valid():
        services.contact_create(actor=request.user, unit=unit, **form.cleaned_data)
        messages.success(request, _("Contact added."))
        return redirect("units:detail", unit.pk)
    scope = scope_for(request.user)
    return render(
        request,
        "cobuild/unit_detail.html",
        {
            "unit": unit,
            "contacts": unit.contacts.order_by("id"),
            "nav": "units",
            "can_edit": True,
            "can_reveal": scope.allows_path(Perm.REVEAL, AREA, unit.area.path),
            "contact_form": form,
            "crumbs": [{"name": _("Resident units"), "url": reverse("units:list")}, {"name": unit.name, "url": ""}],
        },
        status=400,
    )


def _contact(request: HttpRequest, pk: int, perm: str | None = None) -> UnitContact:
    return get_for(request.user, UnitContact.objects.select_related("unit", "unit__area"), pk, perm=perm)


@login_required
@require_POST
def contact_delete(request: HttpRequest, pk: int) -> HttpResponse:
    contact = _contact(request, pk, perm=Perm.EDIT_PEOPLE)
    services.contact_delete(actor=request.user, contact=contact)
    messages.success(request, _("Contact removed."))
    return redirect("units:detail", contact.unit_id)


@login_required
@require_POST
def contact_reveal(request: HttpRequest, pk: int) -> HttpResponse:
    return reveal_view(request, _contact(request, pk))
