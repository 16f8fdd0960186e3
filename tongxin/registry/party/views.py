from __future__ import annotations

from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from django_stubs_ext import StrOrPromise

from tongxin.platform.access.actor import Actor
from tongxin.platform.access.roles import Perm
from tongxin.platform.access.scope import get_for, scope_for
from tongxin.platform.core.exceptions import DomainError
from tongxin.platform.core.forms_util import add_domain_errors
from tongxin.platform.core.listing import int_param, paginate, text_param
from tongxin.platform.core.trees import ORG, node_choices
from tongxin.platform.web.perms import require
from tongxin.platform.web.reveal import reveal_view
from tongxin.platform.web.treeview import crumbs_for, move_targets, open_along
from tongxin.registry.areas.forms import ListFilterForm, MoveForm
from tongxin.registry.areas.models import Area, Level
from tongxin.registry.areas.queries import areas_visible_to
from tongxin.registry.party import services
from tongxin.registry.party.forms import MemberForm, OrgForm
from tongxin.registry.party.models import CHILD_KINDS, KIND_FLAGS, MemberKind, Organization, PartyMember
from tongxin.registry.party.queries import (
    member_list,
    members_visible_to,
    org_children,
    org_roots,
    org_subtree_counts,
    orgs_visible_to,
)
from tongxin.registry.people.models import Resident

MAX_CHOICES = 400


def _rows(nodes: list[Organization]) -> list[dict[str, Any]]:
    counts = org_subtree_counts(nodes)
    return [
        {
            "node": n,
            "badge": n.get_kind_display(),
            "url": reverse("orgs:detail", args=[n.pk]),
            "children_url": reverse("orgs:children", args=[n.pk]),
            "has_children": counts[n.pk]["orgs"] > 0,
            "counts": _("%(m)s members") % {"m": counts[n.pk]["members"]},
        }
        for n in nodes
    ]


def _crumbs(request: HttpRequest, org: Organization) -> list[dict[str, Any]]:
    return crumbs_for(request.user, org, ORG, "orgs:detail", _("Organizations"), reverse("orgs:tree"))


@login_required
def tree(request: HttpRequest) -> HttpResponse:
    scope = scope_for(request.user)
    require(request.user, Perm.VIEW)
    query = text_param(request, "q", 50)
    matches: list[Organization] = []
    if query:
        matches = list(orgs_visible_to(request.user).filter(name__icontains=query).order_by("path")[:50])
    rows = _rows(list(org_roots(request.user)))
    target_id = int_param(request, "open")
    target = get_for(request.user, Organization, target_id) if target_id is not None else None
    open_ids = {row["node"].pk for row in rows}
    if target is not None:
        open_ids |= {*target.ancestor_ids(), target.pk}
    open_along(rows, open_ids, lambda node: _rows(list(org_children(node))))
    can_add_root = scope.is_admin or scope.has_perm(Perm.EDIT_TREE)
    return render(
        request,
        "party/tree.html",
        {
            "rows": rows,
            "query": query,
            "matches": matches,
            "target": target,
            "nav": "orgs",
            "can_add_root": can_add_root,
        },
    )


@login_required
def children(request: HttpRequest, pk: int) -> HttpResponse:
    org = get_for(request.user, Organization, pk)
    return render(request, "includes/tree_children.html", {"rows": _rows(list(org_children(org)))})


@login_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    org = get_for(request.user, Organization.objects.select_related("area"), pk)
    scope = scope_for(request.user)
    members = members_visible_to(request.user).current().filter(org=org).order_by("name_pinyin", "id")
    context = {
        "org": org,
        "nav": "orgs",
        "crumbs": _crumbs(request, org),
        "counts": org_subtree_counts([org])[org.pk],
        "child_rows": _rows(list(org_children(org))),
        "can_add_child": bool(CHILD_KINDS[org.kind]) and scope.allows_path(Perm.EDIT_TREE, ORG, org.path),
        "can_edit_tree": scope.allows_path(Perm.EDIT_TREE, ORG, org.path),
        "can_edit_people": scope.allows_path(Perm.EDIT_PEOPLE, ORG, org.path),
        "can_view_dues": scope.allows_path(Perm.VIEW_DUES, ORG, org.path),
        **paginate(request, members),
    }
    return render(request, "party/detail.html", context)


def _area_choices(user: Actor) -> QuerySet[Area]:
    return (
        areas_visible_to(user)
        .filter(level__in=[Level.COMMUNITY, Level.VILLAGE, Level.GRID, Level.BUILDING])
        .order_by("path")
    )


@login_required
@require_http_methods(["GET", "POST"])
def create(request: HttpRequest) -> HttpResponse:
    parent_id = int_param(request, "parent")
    parent = get_for(request.user, Organization, parent_id, perm=Perm.EDIT_TREE) if parent_id is not None else None
    if parent is None and not scope_for(request.user).has_perm(Perm.EDIT_TREE):
        raise PermissionDenied
    kinds = CHILD_KINDS[parent.kind if parent else None]
    if not kinds:
        raise Http404
    form = OrgForm(request.POST or None, kinds=kinds, areas=_area_choices(request.user))
    if request.method == "POST" and form.is_valid():
        try:
            org = services.org_create(actor=request.user, parent=parent, **form.cleaned_data)
        except DomainError as exc:
            add_domain_errors(form, exc)
        else:
            messages.success(request, _("%(name)s was added.") % {"name": org.name})
            return redirect("orgs:detail", org.pk)
    crumbs = _crumbs(request, parent) if parent else []
    return render(
        request,
        "party/org_form.html",
        {"form": form, "parent": parent, "crumbs": crumbs, "nav": "orgs", "title": _("Add an organization")},
    )


@login_required
@require_http_methods(["GET", "POST"])
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    org = get_for(request.user, Organization, pk, perm=Perm.EDIT_TREE)
    parent = cast("Organization | None", org.parent)  # the stubs see TreeNode's parent
    kinds = tuple(dict.fromkeys((org.kind, *CHILD_KINDS[parent.kind if parent else None])))
    form = OrgForm(request.POST or None, instance=org, kinds=kinds, areas=_area_choices(request.user))
    if request.method == "POST" and form.is_valid():
        try:
            services.org_update(actor=request.user, org=org, **form.cleaned_data)
        except DomainError as exc:
            add_domain_errors(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("orgs:detail", org.pk)
    return render(
        request,
        "party/org_form.html",
        {
            "form": form,
            "org": org,
            "crumbs": _crumbs(request, org),
            "nav": "orgs",
            "title": _("Edit %(name)s") % {"name": org.name},
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def move(request: HttpRequest, pk: int) -> HttpResponse:
    org = get_for(request.user, Organization, pk, perm=Perm.EDIT_TREE)
    parent_kinds = [k for k, kids in CHILD_KINDS.items() if k and org.kind in kids]
    targets = move_targets(request.user, org, Organization.objects.filter(kind__in=parent_kinds), MAX_CHOICES)
    form = MoveForm(request.POST or None, choices=targets)
    if request.method == "POST" and form.is_valid():
        new_parent = get_for(request.user, Organization, form.cleaned_data["new_parent"])
        try:
            services.org_move(actor=request.user, org=org, new_parent=new_parent)
        except DomainError as exc:
            add_domain_errors(form, exc)
        else:
            messages.success(
                request,
                _("%(name)s moved under %(parent)s, with everything under it.")
                % {"name": org.name, "parent": new_parent.name},
            )
            return redirect("orgs:detail", org.pk)
    return render(
        request, "party/move.html", {"form": form, "org": org, "crumbs": _crumbs(request, org), "nav": "orgs"}
    )


# Members


def _member_filter_nodes(user: Actor, selected: Organization | None) -> list[tuple[int, str]]:
    return node_choices(orgs_visible_to(user).exclude(kind="member_household"), MAX_CHOICES, selected)


@login_required
def member_index(request: HttpRequest) -> HttpResponse:
    require(request.user, Perm.VIEW)
    node_id = int_param(request, "node")
    node = get_for(request.user, Organization, node_id) if node_id is not None else None
    kinds: list[tuple[str, StrOrPromise]] = [
        *MemberKind.choices,
        ("needy", _("Needy (困难党员)")),
        ("without_post", _("Without a post (无职党员)")),
    ]
    form = ListFilterForm(
        request.GET or None, nodes=_member_filter_nodes(request.user, node), categories=kinds, category_label=_("Kind")
    )
    data = form.cleaned_data if form.is_valid() else {}
    qs = member_list(request.user, node=node, kind=data.get("category", ""), search=data.get("q", ""))
    return render(
        request,
        "party/member_list.html",
        {"form": form, "nav": "members", "flags": KIND_FLAGS, **paginate(request, qs)},
    )


def _member(request: HttpRequest, pk: int, perm: str | None = None) -> PartyMember:
    return get_for(request.user, PartyMember.objects.select_related("org", "resident"), pk, perm=perm)


@login_required
def member_detail(request: HttpRequest, pk: int) -> HttpResponse:
    member = _member(request, pk)
    scope = scope_for(request.user)
    crumbs = _crumbs(request, member.org)
    crumbs[-1]["url"] = (
        reverse("orgs:detail", args=[member.org_id]) if scope.allows_path(Perm.VIEW, ORG, member.org.path) else ""
    )
    crumbs.append({"name": member.name, "url": ""})
    return render(
        request,
        "party/member_detail.html",
        {
            "member": member,
            "crumbs": crumbs,
            "nav": "members",
            "can_edit": scope.allows_path(Perm.EDIT_PEOPLE, ORG, member.org.path),
            "can_reveal": scope.allows_path(Perm.REVEAL, ORG, member.org.path),
            "can_view_dues": scope.allows_path(Perm.VIEW_DUES, ORG, member.org.path)
            or (member.user_id is not None and member.user_id == request.user.pk),
            "reveal_url": reverse("members:reveal", args=[member.pk]),
        },
    )


def _member_orgs(user: Actor) -> QuerySet[Organization]:
    from tongxin.platform.access.scope import visible_to

    return visible_to(Organization.objects.exclude(kind="member_household"), user, Perm.EDIT_PEOPLE).order_by("path")


@login_required
@require_http_methods(["GET", "POST"])
def member_create(request: HttpRequest) -> HttpResponse:
    require(request.user, Perm.EDIT_PEOPLE)
    org_id = int_param(request, "org")
    initial: dict[str, Any] = {}
    if org_id is not None:
        initial["org"] = get_for(request.user, Organization, org_id, perm=Perm.EDIT_PEOPLE)
    # Registering a resident as a member: the member record links to them and takes their
    # name and personal numbers, so nobody types an ID number twice.
    resident_id = int_param(request, "resident")
    resident = get_for(request.user, Resident, resident_id) if resident_id is not None else None
    if resident is not None:
        initial["name"] = resident.name
    form = MemberForm(request.POST or None, initial=initial, orgs=_member_orgs(request.user))
    if resident is not None:
        form.fields["id_number"].help_text = _("Taken from the resident record (%(masked)s) unless you type one.") % {
            "masked": resident.id_number_masked or "—"
        }
    if request.method == "POST" and form.is_valid():
        try:
            member = services.member_create(actor=request.user, resident=resident, **form.service_kwargs())
        except DomainError as exc:
            add_domain_errors(form, exc)
        else:
            messages.success(request, _("%(name)s was registered.") % {"name": member.name})
            return redirect("members:detail", member.pk)
    context = {"form": form, "resident": resident, "nav": "members", "title": _("Register a party member")}
    return render(request, "party/member_form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def member_edit(request: HttpRequest, pk: int) -> HttpResponse:
    member = _member(request, pk, perm=Perm.EDIT_PEOPLE)
    form = MemberForm(request.POST or None, instance=member, orgs=_member_orgs(request.user))
    if request.method == "POST" and form.is_valid():
        try:
            services.member_update(actor=request.user, member=member, **form.service_kwargs())
        except DomainError as exc:
            add_domain_errors(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("members:detail", member.pk)
    return render(
        request,
        "party/member_form.html",
        {"form": form, "member": member, "nav": "members", "title": _("Edit %(name)s") % {"name": member.name}},
    )


@login_required
@require_POST
def member_delete(request: HttpRequest, pk: int) -> HttpResponse:
    member = _member(request, pk, perm=Perm.EDIT_PEOPLE)
    org_id = member.org_id
    services.member_delete(actor=request.user, member=member)
    messages.success(request, _("The member was removed from the register."))
    return redirect("orgs:detail", org_id)


@login_required
@require_POST
def member_reveal(request: HttpRequest, pk: int) -> HttpResponse:
    return reveal_view(request, _member(request, pk))
