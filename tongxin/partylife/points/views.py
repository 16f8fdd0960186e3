"""Pages of posts (设岗定责) and points (积分): posts and who holds them, the ranking, one member's points."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from tongxin.partylife.points import services
from tongxin.partylife.points.forms import (
    YEAR_MAX,
    YEAR_MIN,
    EndForm,
    EntryForm,
    HoldingForm,
    PostFilterForm,
    PostForm,
    RankingForm,
    RulesForm,
)
from tongxin.partylife.points.models import Post, PostHolding
from tongxin.partylife.points.queries import may_work, member_history, post_list, ranking
from tongxin.partylife.points.rules import DEFAULT_RULES, active_rules
from tongxin.platform.access.actor import Actor
from tongxin.platform.access.roles import Perm
from tongxin.platform.access.scope import get_for, scope_for, visible_to
from tongxin.platform.core.exceptions import DomainError
from tongxin.platform.core.forms_util import add_domain_errors
from tongxin.platform.core.listing import int_param, paginate
from tongxin.platform.core.trees import node_choices
from tongxin.platform.web.perms import require
from tongxin.registry.areas.models import Area, Level
from tongxin.registry.party.models import Organization, OrgKind, PartyMember
from tongxin.registry.party.queries import own_member_record

MAX_CHOICES = 400
MAX_MEMBERS = 500
RANKING_PER_PAGE = 50
# Organizations that set posts for their members (a member household does not).
POST_ORG_KINDS = [k for k in OrgKind.values if k != OrgKind.MEMBER_HOUSEHOLD]


def _org_choices(user: Actor, perm: str, selected: Organization | None = None) -> list[tuple[int, str]]:
    qs = visible_to(Organization.objects.filter(kind__in=POST_ORG_KINDS), user, perm)
    return node_choices(qs, MAX_CHOICES, selected)


def _node(request: HttpRequest) -> Organization | None:
    node_id = int_param(request, "node")
    return get_for(request.user, Organization, node_id) if node_id is not None else None


def _year(request: HttpRequest) -> int:
    year = int_param(request, "year")
    if year is None or not YEAR_MIN <= year <= YEAR_MAX:
        return timezone.localdate().year
    return year


def _years(year: int) -> list[int]:
    this = timezone.localdate().year
    return sorted({*range(this - 4, this + 1), year}, reverse=True)


# --- Posts -----------------------------------------------------------------------------------


@login_required
def posts(request: HttpRequest) -> HttpResponse:
    scope = scope_for(request.user)
    require(request.user, Perm.VIEW)
    node = _node(request)
    form = PostFilterForm(request.GET or None, nodes=_org_choices(request.user, Perm.VIEW, node))
    data = form.cleaned_data if form.is_valid() else {}
    qs = post_list(request.user, node=node, kind=data.get("kind") or "")
    context = {
        "form": form,
        "node": node,
        "can_create": scope.has_perm(Perm.PARTY_WORK),
        "nav": "posts",
        **paginate(request, qs),
    }
    return render(request, "points/posts.html", context)


def _area_choices(org: Organization) -> list[tuple[int, str]]:
    if org.area is None:
        return []
    qs = Area.objects.filter(path__startswith=org.area.path, level__in=[org.area.level, Level.GRID, Level.BUILDING])
    return node_choices(qs, MAX_CHOICES)


@login_required
@require_http_methods(["GET", "POST"])
def post_create(request: HttpRequest) -> HttpResponse:
    require(request.user, Perm.PARTY_WORK)
    org_id = int_param(request, "org")
    if org_id is None:
        choices = _org_choices(request.user, Perm.PARTY_WORK)
        return render(request, "points/choose_org.html", {"choices": choices, "nav": "posts"})
    org = get_for(request.user, Organization.objects.select_related("area"), org_id, perm=Perm.PARTY_WORK)
    if org.kind not in POST_ORG_KINDS:
        raise Http404
    areas = _area_choices(org)
    form = PostForm(request.POST or None, areas=areas, initial={"kind": request.GET.get("kind") or "model"})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        area_id = data.get("area")
        area = Area.objects.filter(pk=area_id).first() if area_id in {pk for pk, _ in areas} else None
        if area_id is not None and area is None:
            form.add_error("area", _("Choose an area of the organization."))
        else:
            try:
                post = services.post_create(
                    actor=request.user,
                    org=org,
                    kind=data["kind"],
                    title=data["title"],
                    duties=data["duties"],
                    area=area,
                )
            except DomainError as exc:
                add_domain_errors(form, exc)
            else:
                messages.success(request, _("The post was set up. Now assign the member who holds it."))
                return redirect("points:post_detail", post.pk)
    crumbs = [
        {"name": _("Posts"), "url": reverse("points:posts")},
        {"name": org.name, "url": f"{reverse('points:posts')}?node={org.pk}"},
        {"name": _("New post"), "url": ""},
    ]
    return render(request, "points/post_form.html", {"form": form, "org": org, "crumbs": crumbs, "nav": "posts"})


def _member_choices(user: Actor, post: Post) -> list[tuple[int, str]]:
    qs = visible_to(PartyMember.objects.filter(org__path__startswith=post.org.path), user)
    rows = qs.order_by("org__path", "name_pinyin", "id").values_list("pk", "name", "org__name")[:MAX_MEMBERS]
    return [(pk, f"{name} · {org}") for pk, name, org in rows]


def _post_page(
    request: HttpRequest, post: Post, *, holding_form: HoldingForm | None = None, status: int = 200
) -> HttpResponse:
    can_edit = may_work(request.user, post.org.path)
    today = timezone.localdate()
    holdings = list(post.holdings.select_related("member").order_by("-from_on", "-id"))
    for h in holdings:
        h.current = h.from_on <= today and (h.to_on is None or h.to_on >= today)
    if can_edit and holding_form is None:
        holding_form = HoldingForm(members=_member_choices(request.user, post), initial={"from_on": today})
    context = {
        "post": post,
        "holdings": holdings,
        "holders_now": [h for h in holdings if h.current],
        "can_edit": can_edit,
        "holding_form": holding_form if can_edit else None,
        "today": today,
        "crumbs": [
            {"name": _("Posts"), "url": reverse("points:posts")},
            {"name": post.org.name, "url": f"{reverse('points:posts')}?node={post.org_id}"},
            {"name": post.title, "url": ""},
        ],
        "nav": "posts",
    }
    return render(request, "points/post_detail.html", context, status=status)


@login_required
def post_detail(request: HttpRequest, pk: int) -> HttpResponse:
    post = get_for(request.user, Post.objects.select_related("org", "area"), pk)
    return _post_page(request, post)


@login_required
@require_POST
def holding_create(request: HttpRequest, pk: int) -> HttpResponse:
    post = get_for(request.user, Post.objects.select_related("org", "area"), pk, perm=Perm.PARTY_WORK)
    if not may_work(request.user, post.org.path):
        raise PermissionDenied
    form = HoldingForm(request.POST, members=_member_choices(request.user, post))
    if form.is_valid():
        data = form.cleaned_data
        member = PartyMember.objects.select_related("org").get(pk=data["member"])
        try:
            services.holding_create(
                actor=request.user, post=post, member=member, from_on=data["from_on"], to_on=data["to_on"]
            )
        except DomainError as exc:
            add_domain_errors(form, exc)
        else:
            messages.success(request, _("%(name)s now holds the post.") % {"name": member.name})
            return redirect("points:post_detail", post.pk)
    return _post_page(request, post, holding_form=form)


@login_required
@require_POST
def holding_end(request: HttpRequest, pk: int, holding_pk: int) -> HttpResponse:
    post = get_for(request.user, Post.objects.select_related("org", "area"), pk, perm=Perm.PARTY_WORK)
    if not may_work(request.user, post.org.path):
        raise PermissionDenied
    holding = PostHolding.objects.filter(post=post, pk=holding_pk).select_related("member").first()
    if holding is None:
        raise Http404
    form = EndForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Enter the date the member left the post."))
        return redirect("points:post_detail", post.pk)
    try:
        services.holding_end(actor=request.user, holding=holding, to_on=form.cleaned_data["to_on"])
    except DomainError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("%(name)s has left the post.") % {"name": holding.member.name})
    return redirect("points:post_detail", post.pk)


# --- Points ----------------------------------------------------------------------------------


@login_required
def ranking_view(request: HttpRequest) -> HttpResponse:
    scope = scope_for(request.user)
    if not scope.has_perm(Perm.VIEW):
        # A member without a registry role reads their own points.
        own = own_member_record(request.user)
        if own is not None:
            return redirect("points:member", own.pk)
        raise PermissionDenied
    node = _node(request)
    year = _year(request)
    form = RankingForm(
        request.GET or None,
        nodes=_org_choices(request.user, Perm.VIEW, node),
        initial={"year": year, "node": node.pk if node else None},
    )
    result = ranking(request.user, node=node, year=year)
    page = paginate(request, result.rows, RANKING_PER_PAGE)
    rows = []
    previous = None
    for m in page["rows"]:
        unit = result.units.get(m.unit_path)
        rows.append(
            {
                "member": m,
                "rank": m.rank,
                "total": m.total,
                "cells": [(c.label, getattr(m, c.key)) for c in result.columns],
                # A heading row before the first member of each branch on the page.
                "heading": unit.name if unit is not None and m.unit_path != previous else "",
            }
        )
        previous = m.unit_path
    context = {
        "form": form,
        "node": node,
        "year": year,
        "columns": result.columns,
        "ranked": rows,
        "nav": "points",
        **page,
    }
    return render(request, "points/ranking.html", context)


def _member_page(
    request: HttpRequest, member: PartyMember, year: int, *, entry_form: EntryForm | None = None
) -> HttpResponse:
    can_record = may_work(request.user, member.org.path)
    sees_org = scope_for(request.user).allows_path(Perm.VIEW, "org", member.org.path)
    if can_record and entry_form is None:
        entry_form = EntryForm(initial={"on": timezone.localdate()})
    crumbs = [{"name": _("Points"), "url": reverse("points:ranking") if sees_org else ""}]
    if sees_org:
        crumbs.append({"name": member.org.name, "url": f"{reverse('points:ranking')}?node={member.org_id}&year={year}"})
    crumbs.append({"name": member.name, "url": ""})
    context = {
        "member": member,
        "year": year,
        "years": _years(year),
        "history": member_history(member, year),
        "rules": active_rules(),
        "can_record": can_record,
        "entry_form": entry_form if can_record else None,
        "crumbs": crumbs,
        "nav": "points" if sees_org else "my_points",
    }
    return render(request, "points/member.html", context)


@login_required
def member_points(request: HttpRequest, pk: int) -> HttpResponse:
    member = get_for(request.user, PartyMember.objects.select_related("org"), pk)
    return _member_page(request, member, _year(request))


@login_required
@require_POST
def entry_create(request: HttpRequest, pk: int) -> HttpResponse:
    member = get_for(request.user, PartyMember.objects.select_related("org"), pk)
    if not may_work(request.user, member.org.path):
        raise PermissionDenied
    form = EntryForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            entry = services.entry_create(
                actor=request.user, member=member, on=data["on"], points=data["points"], reason=data["reason"]
            )
        except DomainError as exc:
            add_domain_errors(form, exc)
        else:
            messages.success(request, _("The points were recorded."))
            return redirect(f"{reverse('points:member', args=[member.pk])}?year={entry.on.year}")
    year = form.cleaned_data.get("on").year if isinstance(form.cleaned_data.get("on"), datetime.date) else None
    return _member_page(request, member, year or timezone.localdate().year, entry_form=form)


@login_required
@require_http_methods(["GET", "POST"])
def rules(request: HttpRequest) -> HttpResponse:
    if not scope_for(request.user).is_admin:
        raise PermissionDenied
    form = RulesForm(request.POST or None, rules=active_rules())
    if request.method == "POST" and form.is_valid():
        changed = 0
        for code in DEFAULT_RULES:
            try:
                changed += bool(
                    services.rule_set(
                        actor=request.user,
                        code=code,
                        points=form.cleaned_data[f"{code}__points"],
                        yearly_cap=form.cleaned_data[f"{code}__cap"],
                        active=form.cleaned_data[f"{code}__active"],
                    )
                )
            except DomainError as exc:
                add_domain_errors(form, exc)
        if not form.errors:
            messages.success(request, _("Saved.") if changed else _("Nothing was changed."))
            return redirect("points:rules")
    return render(request, "points/rules.html", {"form": form, "nav": "point_rules"})
