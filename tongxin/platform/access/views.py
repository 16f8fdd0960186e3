from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from tongxin.platform.access import services
from tongxin.platform.access.context_processors import ELDER_MODE_SESSION_KEY
from tongxin.platform.access.forms import LoginForm
from tongxin.platform.access.models import RoleAssignment, User
from tongxin.platform.access.roles import ROLE_TREE, Perm
from tongxin.platform.access.scope import scope_for
from tongxin.platform.access.user_forms import RoleGrantForm, UserCreateForm
from tongxin.platform.core.exceptions import DomainError
from tongxin.platform.core.forms import AuditFilterForm
from tongxin.platform.core.forms_util import add_domain_errors
from tongxin.platform.core.listing import paginate, text_param
from tongxin.platform.core.models import AuditEvent
from tongxin.platform.core.trees import AREA, ORG, node_choices, tree_model

MAX_NODE_CHOICES = 3000


class LoginView(auth_views.LoginView):
    form_class = LoginForm
    template_name = "access/login.html"
    redirect_authenticated_user = True


@require_POST
def elder_mode(request: HttpRequest) -> HttpResponse:
    """Toggle elder mode (适老化: larger type and targets): kept per user, or per session for
    a visitor without an account."""
    if request.user.is_authenticated:
        User.objects.filter(pk=request.user.pk).update(elder_mode=not request.user.elder_mode)
    else:
        request.session[ELDER_MODE_SESSION_KEY] = not request.session.get(ELDER_MODE_SESSION_KEY, False)
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = "/"
    return redirect(target)


# Accounts and roles (platform admin)


def _require_manager(request: HttpRequest) -> None:
    if not scope_for(request.user).has_perm(Perm.MANAGE_USERS):
        raise PermissionDenied


def _node_names(assignments: list[RoleAssignment]) -> dict[tuple[str | None, int | None], str]:
    """Names of the nodes roles are held at: one query per tree, whatever the number of rows."""
    wanted: dict[str, set[int]] = {}
    for a in assignments:
        if a.tree and a.node_id is not None:
            wanted.setdefault(a.tree, set()).add(a.node_id)
    names: dict[tuple[str | None, int | None], str] = {}
    for tree, ids in wanted.items():
        for pk, name in tree_model(tree)._default_manager.filter(pk__in=ids).values_list("pk", "name"):
            names[(tree, pk)] = name
    return names


@login_required
def user_list(request: HttpRequest) -> HttpResponse:
    _require_manager(request)
    query = text_param(request, "q", 50)
    users = User.objects.order_by("username").prefetch_related("roles")
    if query:
        users = users.filter(Q(username__icontains=query) | Q(display_name__icontains=query))
    context = paginate(request, users, 50)
    names = _node_names([a for u in context["rows"] for a in u.roles.all()])
    rows = [
        {"user": u, "roles": [(a.get_role_display(), names.get((a.tree, a.node_id), "")) for a in u.roles.all()]}
        for u in context["rows"]
    ]
    return render(request, "access/user_list.html", {**context, "user_rows": rows, "query": query, "nav": "users"})


@login_required
@require_http_methods(["GET", "POST"])
def user_create(request: HttpRequest) -> HttpResponse:
    _require_manager(request)
    form = UserCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.user_create(actor=request.user, **form.cleaned_data)
        except DomainError as exc:
            add_domain_errors(form, exc)
        else:
            messages.success(request, _("Account %(name)s created. Now give it a role.") % {"name": user.username})
            return redirect("users:detail", user.pk)
    return render(request, "access/user_form.html", {"form": form, "nav": "users"})


def _role_form(request: HttpRequest, data: Any = None) -> RoleGrantForm:
    # Roles are held down to a building, and to any organization above a member household.
    areas = node_choices(tree_model(AREA)._default_manager.exclude(level="entrance"), MAX_NODE_CHOICES)
    orgs = node_choices(tree_model(ORG)._default_manager.exclude(kind="member_household"), MAX_NODE_CHOICES)
    return RoleGrantForm(data, areas=areas, orgs=orgs)


@login_required
@require_http_methods(["GET", "POST"])
def user_detail(request: HttpRequest, pk: int) -> HttpResponse:
    _require_manager(request)
    person = get_object_or_404(User, pk=pk)
    form = _role_form(request, request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        tree = ROLE_TREE[data["role"]]
        node_id = data["area"] if tree == AREA else data["org"] if tree == ORG else None
        try:
            services.role_grant(
                actor=request.user, user=person, role=data["role"], node_id=node_id, title=data["title"]
            )
        except DomainError as exc:
            add_domain_errors(form, exc)
        else:
            messages.success(request, _("Role granted."))
            return redirect("users:detail", person.pk)
    assignments = list(person.roles.order_by("id"))
    names = _node_names(assignments)
    roles = [(a, names.get((a.tree, a.node_id), "")) for a in assignments]
    return render(request, "access/user_detail.html", {"person": person, "roles": roles, "form": form, "nav": "users"})


@login_required
@require_POST
def role_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    _require_manager(request)
    assignment = get_object_or_404(RoleAssignment.objects.select_related("user"), pk=pk)
    services.role_revoke(actor=request.user, assignment=assignment)
    messages.success(request, _("Role removed."))
    return redirect("users:detail", assignment.user_id)


@login_required
@require_POST
def user_unlock(request: HttpRequest, pk: int) -> HttpResponse:
    _require_manager(request)
    person = get_object_or_404(User, pk=pk)
    services.user_unlock(actor=request.user, user=person)
    messages.success(request, _("The account is unlocked."))
    return redirect("users:detail", person.pk)


@login_required
@require_POST
def user_active(request: HttpRequest, pk: int) -> HttpResponse:
    _require_manager(request)
    person = get_object_or_404(User, pk=pk)
    try:
        services.user_set_active(actor=request.user, user=person, active=request.POST.get("active") == "1")
    except DomainError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("users:detail", person.pk)


@login_required
def audit_list(request: HttpRequest) -> HttpResponse:
    if not scope_for(request.user).has_perm(Perm.AUDIT):
        raise PermissionDenied
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
