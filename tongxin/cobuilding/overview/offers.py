"""A member takes on a need of their community (from /me/), and staff decide on the offers.

The member's page lists the open needs of the communities the member lives in or reported in to
(`member_communities`, filled by party life); 我来认领 opens a short form that calls
`claim_need(member=…)`: the project waits for staff as `proposed`. Staff of the community confirm
or decline it on the offers page (`projects.offers`), which the workbench points to.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from tongxin.cobuilding.projects.models import Need, Project
from tongxin.cobuilding.projects.offers import AlreadyDecided, confirm_offer, decline_offer, offers_waiting
from tongxin.cobuilding.projects.services import AlreadyClaimed, claim_need
from tongxin.platform.access.roles import Perm
from tongxin.platform.access.scope import get_for, visible_to
from tongxin.platform.core.exceptions import DomainError, Forbidden
from tongxin.platform.web.perms import require
from tongxin.registry.party.member_places import member_communities
from tongxin.registry.party.models import PartyMember
from tongxin.registry.party.queries import own_member_record

# How many needs the member's page names (the newest first).
NEEDS_SHOWN = 5


def open_needs_for(member: PartyMember, limit: int = NEEDS_SHOWN) -> tuple[list[Need], int]:
    """The open needs of the member's communities: the first `limit` and how many in all."""
    communities = member_communities(member)
    if not communities:
        return [], 0
    qs = Need.objects.filter(community__in=communities, status=Need.Status.OPEN, open_to_claim=True).select_related(
        "community"
    )
    return list(qs.order_by("-created_at", "-id")[:limit]), qs.count()


def needs_part(member: PartyMember, year: int) -> dict[str, Any] | None:
    """The /me/ part "needs in your community you can take on": nothing for a member with no
    community; three queries otherwise."""
    needs, total = open_needs_for(member)
    if not needs:
        return None
    return {"needs": needs, "total": total}


class OfferForm(forms.Form):
    description = forms.CharField(
        label=gettext_lazy("What you will do"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("A sentence or two: when and how you can help. Staff of the community read it."),
    )
    due_on = forms.DateField(
        label=gettext_lazy("Done by (optional)"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )


def _member_need(request: HttpRequest, pk: int) -> tuple[PartyMember, Need]:
    member = own_member_record(request.user)
    if member is None:
        raise Http404
    need = (
        Need.objects.filter(pk=pk, community__in=member_communities(member), open_to_claim=True)
        .select_related("community")
        .first()
    )
    if need is None:
        raise Http404
    return member, need


@login_required
@require_http_methods(["GET", "POST"])
def offer_need(request: HttpRequest, pk: int) -> HttpResponse:
    member, need = _member_need(request, pk)
    form = OfferForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            claim_need(
                actor=request.user,
                need=need,
                member=member,
                description=form.cleaned_data["description"],
                due_on=form.cleaned_data["due_on"],
            )
        except AlreadyClaimed:
            messages.error(request, _("Someone has just taken this need on. Thank you all the same."))
            return redirect("me")
        except Forbidden as exc:
            raise PermissionDenied(str(exc)) from exc
        except DomainError as exc:
            form.add_error(None, "; ".join(exc.messages))
        else:
            messages.success(request, _("Thank you. The community's staff will confirm your offer."))
            return redirect("me")
    return render(request, "cobuilding/offer_form.html", {"form": form, "need": need, "nav": "me"})


@login_required
def offers(request: HttpRequest) -> HttpResponse:
    require(request.user, Perm.COBUILD)
    rows = list(
        visible_to(offers_waiting(), request.user, perm=Perm.COBUILD)
        .select_related("need", "community", "member", "member__org")
        .order_by("claimed_at", "id")[:200]
    )
    return render(request, "cobuilding/offers.html", {"offers": rows, "nav": "cobuild_offers"})


def _offer(request: HttpRequest, pk: int) -> Project:
    require(request.user, Perm.COBUILD)
    return get_for(request.user, offers_waiting().select_related("community", "need"), pk, perm=Perm.COBUILD)


@login_required
@require_POST
def offer_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    project = _offer(request, pk)
    try:
        confirm_offer(actor=request.user, project=project)
    except Forbidden as exc:
        raise PermissionDenied(str(exc)) from exc
    except AlreadyDecided as exc:
        messages.error(request, "; ".join(exc.messages))
    else:
        messages.success(request, _("Confirmed: %(title)s is the member's project now.") % {"title": project.title})
    return redirect("cobuilding:offers")


@login_required
@require_POST
def offer_decline(request: HttpRequest, pk: int) -> HttpResponse:
    project = _offer(request, pk)
    try:
        decline_offer(actor=request.user, project=project, reason=request.POST.get("reason", ""))
    except Forbidden as exc:
        raise PermissionDenied(str(exc)) from exc
    except DomainError as exc:
        messages.error(request, "; ".join(exc.messages))
    else:
        messages.success(request, _("Declined; the need is open again."))
    return redirect("cobuilding:offers")
