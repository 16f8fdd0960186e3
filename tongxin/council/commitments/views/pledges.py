"""Members' pledges (承诺) and their fulfilment (践诺): the communities, a community's members with
their pledge of a year, one member's pledge with its entries. Reading: the community's staff, the
subdistrict above it, a branch secretary for the branch's members; writing: the staff
(Perm.RECOGNISE over the place) or the member's branch (Perm.PARTY_WORK over its organization).
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from tongxin.council.commitments import services
from tongxin.council.commitments.forms import FulfilmentForm, PledgeForm
from tongxin.council.commitments.models import Fulfilment, Pledge, PledgeItem
from tongxin.council.commitments.queries import (
    board_figures,
    communities_readable,
    community_for,
    fulfilments_of,
    may_read,
    may_write_member,
    member_scope,
    pledge_rows,
    reads_whole_community,
)
from tongxin.platform.core.exceptions import DomainError, Forbidden
from tongxin.platform.core.forms_util import add_domain_errors
from tongxin.registry.areas.models import Area
from tongxin.registry.party.models import Organization, PartyMember

NAV = "commitments"
MAX_COMMUNITIES = 200


def gate(request: HttpRequest) -> None:
    if not may_read(request.user):
        raise PermissionDenied


def year_of(request: HttpRequest) -> int:
    this_year = timezone.localdate().year
    try:
        year = int(request.GET.get("year", this_year))
    except (TypeError, ValueError):
        return this_year
    return year if 2000 <= year <= this_year + 1 else this_year


@login_required
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    """The communities the user reads, with this year's pledges counted (one query)."""
    gate(request)
    year = timezone.localdate().year
    communities: list[Any] = list(communities_readable(request.user)[:MAX_COMMUNITIES])
    counts = dict(
        Pledge.objects.filter(year=year, community__in=[c.pk for c in communities])
        .values_list("community_id")
        .annotate(n=Count("id"))
        .values_list("community_id", "n")
    )
    for c in communities:
        c.pledge_count = counts.get(c.pk, 0)
    if len(communities) == 1:
        return redirect("commitments:pledges", communities[0].pk)
    return render(request, "commitments/index.html", {"communities": communities, "year": year, "nav": NAV})


def _member_in(request: HttpRequest, community: Area, member_pk: int) -> PartyMember:
    member = member_scope(request.user, community).select_related("org").filter(pk=member_pk).first()
    if member is None:
        raise Http404
    return member


@login_required
@require_GET
def pledges(request: HttpRequest, community_pk: int) -> HttpResponse:
    """The community's members (those the user reads) with their pledge of the year: 5 queries."""
    gate(request)
    community = community_for(request.user, community_pk, members=True)
    year = year_of(request)
    members = member_scope(request.user, community)
    try:
        org_id = int(request.GET.get("branch") or 0)
    except ValueError:
        org_id = 0
    rows: list[Any] = pledge_rows(members, year, org_id or None)
    branches = Organization.objects.filter(pk__in=members.values("org_id")).order_by("path").values_list("pk", "name")
    whole = reads_whole_community(request.user, community)
    pledged = len([r for r in rows if r.pledge])
    context = {
        "community": community,
        "year": year,
        "years": list(range(timezone.localdate().year + 1, timezone.localdate().year - 4, -1)),
        "rows": rows,
        "pledged": pledged,
        "branches": list(branches),
        "branch": org_id,
        "figures": board_figures(community, year) if whole else None,
        "whole": whole,
        "nav": NAV,
    }
    return render(request, "commitments/pledges.html", context)


def _items(community: Area, pledge: Pledge | None) -> list[PledgeItem]:
    """The items one may choose: those in use, and those the pledge already holds."""
    q = Q(is_active=True)
    if pledge is not None:
        q |= Q(pk__in=pledge.items.values("pk"))
    return list(PledgeItem.objects.filter(community=community).filter(q).order_by("position"))


@login_required
@require_http_methods(["GET", "POST"])
def pledge(request: HttpRequest, community_pk: int, member_pk: int) -> HttpResponse:
    """One member's pledge of a year: the form (for those who may write) and the entries."""
    gate(request)
    community = community_for(request.user, community_pk, members=True)
    member = _member_in(request, community, member_pk)
    year = year_of(request)
    can_write = may_write_member(request.user, member, community)
    if request.method == "POST" and not can_write:
        raise PermissionDenied
    current = Pledge.objects.filter(member=member, year=year).prefetch_related("items").first()
    items = _items(community, current)
    choices = [(i.pk, i.title) for i in items]
    initial: dict[str, Any] = {"pledged_on": timezone.localdate()}
    if current is not None:
        initial = {
            "items": [i.pk for i in current.items.all()],
            "words": current.words,
            "pledged_on": current.pledged_on,
        }
    form = PledgeForm(request.POST if request.method == "POST" else None, initial=initial, items=choices)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        by_pk = {i.pk: i for i in items}
        try:
            services.pledge_save(
                actor=request.user,
                member=member,
                community=community,
                year=year,
                items=[by_pk[pk] for pk in data["items"]],
                words=data["words"],
                pledged_on=data["pledged_on"],
            )
        except Forbidden:
            raise
        except DomainError as exc:
            add_domain_errors(form, exc)
        else:
            messages.success(request, _("The pledge was saved."))
            return redirect(_pledge_url(community, member, year))
    entries = list(fulfilments_of(current)) if current else []
    context = {
        "community": community,
        "member": member,
        "year": year,
        "pledge": current,
        "form": form,
        "entry_form": FulfilmentForm(items=choices, initial={"done_on": timezone.localdate()}),
        "entries": entries,
        "can_write": can_write,
        "has_items": bool(items),
        "whole": reads_whole_community(request.user, community),
        "nav": NAV,
    }
    return render(request, "commitments/pledge.html", context)


@login_required
@require_POST
def fulfilment_add(request: HttpRequest, community_pk: int, member_pk: int) -> HttpResponse:
    gate(request)
    community = community_for(request.user, community_pk, members=True)
    member = _member_in(request, community, member_pk)
    year = year_of(request)
    if not may_write_member(request.user, member, community):
        raise PermissionDenied
    current = Pledge.objects.filter(member=member, year=year).first()
    target = _pledge_url(community, member, year)
    if current is None:
        messages.error(request, _("Record the member's pledge for this year first."))
        return redirect(target)
    items = _items(community, current)
    form = FulfilmentForm(request.POST, items=[(i.pk, i.title) for i in items])
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
        return redirect(target)
    data = form.cleaned_data
    item = next((i for i in items if i.pk == data["item"]), None)
    try:
        services.fulfilment_add(
            actor=request.user, pledge=current, done_on=data["done_on"], text=data["text"], item=item
        )
    except Forbidden:
        raise
    except DomainError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The entry was added."))
    return redirect(target)


@login_required
@require_POST
def fulfilment_verify(request: HttpRequest, pk: int) -> HttpResponse:
    gate(request)
    entry = Fulfilment.objects.select_related("pledge__member__org", "pledge__community").filter(pk=pk).first()
    if entry is None:
        raise Http404
    community = community_for(request.user, entry.pledge.community_id, members=True)
    member = _member_in(request, community, entry.pledge.member_id)
    try:
        services.fulfilment_verify(actor=request.user, entry=entry)
    except Forbidden:
        raise
    except DomainError as exc:
        messages.info(request, exc.messages[0])
    else:
        messages.success(request, _("The entry was verified."))
    return redirect(_pledge_url(community, member, entry.pledge.year))


def _pledge_url(community: Area, member: PartyMember, year: int) -> str:
    return f"{reverse('commitments:pledge', args=[community.pk, member.pk])}?year={year}"
