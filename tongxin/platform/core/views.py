from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from tongxin.platform.access.roles import Perm
from tongxin.platform.access.scope import scope_for
from tongxin.platform.core.exceptions import DomainError
from tongxin.platform.core.forms import AuditFilterForm, CareCategoryForm
from tongxin.platform.core.forms_util import add_domain_errors
from tongxin.platform.core.listing import paginate
from tongxin.platform.core.models import AuditEvent
from tongxin.platform.core.protect import reveal


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """200 when the app is up and its database answers; 503 otherwise."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # noqa: BLE001  (any database failure means unhealthy)
        return JsonResponse({"status": "error", "database": "unreachable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


@login_required
def home(request: HttpRequest) -> HttpResponse:
    from tongxin.platform.core.overview import overview_figures

    return render(request, "core/home.html", {"figures": overview_figures(request.user), "nav": "home"})


def require_perm(request: HttpRequest, perm: str) -> None:
    if not scope_for(request.user).has_perm(perm):
        raise PermissionDenied


@login_required
def audit_list(request: HttpRequest) -> HttpResponse:
    require_perm(request, Perm.AUDIT)
    form = AuditFilterForm(request.GET or None)
    qs = AuditEvent.objects.all()
    if form.is_valid():
        data = form.cleaned_data
        if data.get("user"):
            qs = qs.filter(actor_name__icontains=data["user"])
        if data.get("action"):
            qs = qs.filter(action=data["action"])
        if data.get("object_type"):
            qs = qs.filter(object_type=data["object_type"])
        if data.get("object_id"):
            qs = qs.filter(object_id=data["object_id"])
        if data.get("date_from"):
            qs = qs.filter(at__date__gte=data["date_from"])
        if data.get("date_to"):
            qs = qs.filter(at__date__lte=data["date_to"])
    context: dict[str, Any] = {"form": form, "nav": "audit", **paginate(request, qs.order_by("-at", "-id"), 50)}
    return render(request, "core/audit_list.html", context)


@login_required
def categories(request: HttpRequest) -> HttpResponse:
    from tongxin.registry.people.queries import care_categories
    from tongxin.registry.people.services import care_category_create

    require_perm(request, Perm.AUDIT)
    form = CareCategoryForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            care_category_create(actor=request.user, **form.cleaned_data)
        except DomainError as exc:
            add_domain_errors(form, exc)
        else:
            messages.success(request, _("Care category added."))
            return redirect("categories")
    return render(request, "core/categories.html", {"form": form, "rows": care_categories(), "nav": "categories"})


def reveal_view(request: HttpRequest, obj: Any) -> HttpResponse:
    """Answer an htmx reveal with the full number (audited) in place of the masked one."""
    field = request.POST.get("field", "")
    try:
        value = reveal(actor=request.user, obj=obj, field=field)
    except DomainError as exc:
        if getattr(exc, "code", None) == "forbidden":
            raise PermissionDenied from exc
        return HttpResponse(status=400, content=" ".join(exc.messages))
    return HttpResponse(
        format_html('<span class="masked revealed" id="{}-{}"><span class="num">{}</span></span>', field, obj.pk, value)
    )


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(
        request,
        "core/error.html",
        {
            "code": 404,
            "message": _("This page does not exist, or it is outside the part of the community you look after."),
        },
        status=404,
    )


def forbidden(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(
        request, "core/error.html", {"code": 403, "message": _("Your role may not do this here.")}, status=403
    )


def server_error(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "core/error.html",
        {"code": 500, "message": _("Something went wrong on our side. Please try again.")},
        status=500,
    )
