"""Residents' pages of honours (no account): a community's awards open for nomination and in
publicity, nominating on the public page, objecting to a nominee.

Nominations and objections from one address are limited per hour (the address is kept only as
a keyed hash). A nominee is named as the publicity names them (张家, 李秀英); the nominator's phone
is encrypted and never shown.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.db.models import Prefetch, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from tongxin.council.honours.forms import PublicNominationForm, PublicObjectionForm
from tongxin.council.honours.models import Award, AwardState, Nomination, NominationSource, NominationState, NomineeKind
from tongxin.council.honours.services import nomination_submit, objection_raise
from tongxin.platform.core.context import client_ip
from tongxin.platform.core.exceptions import DomainError
from tongxin.platform.core.forms_util import add_domain_errors
from tongxin.registry.areas.models import COMMUNITY_LEVELS, Area, Level
from tongxin.registry.areas.queries import community_buildings


def _community(pk: Any) -> Area:
    community = Area.objects.filter(pk=pk, level__in=COMMUNITY_LEVELS).first() if str(pk).isdigit() else None
    if community is None:
        raise Http404
    return community


def _over(community: Area) -> Q:
    """Awards given by the community or by a place above it."""
    return Q(area_id__in=[community.pk, *community.ancestor_ids()])


def honours_page(request: HttpRequest, community_pk: int) -> HttpResponse:
    community = _community(community_pk)
    accepted = Nomination.objects.filter(
        state=NominationState.ACCEPTED, place__path__startswith=community.path
    ).order_by("display_name", "pk")
    awards = Award.objects.filter(_over(community)).select_related("area")
    open_awards = list(awards.filter(state=AwardState.OPEN, public_nominations=True).order_by("-year", "name", "pk"))
    in_publicity = list(
        awards.filter(state=AwardState.PUBLICITY, publicity_ends__gt=timezone.now())
        .prefetch_related(Prefetch("nominations", queryset=accepted, to_attr="shown"))
        .order_by("publicity_ends", "pk")
    )
    context = {"community": community, "open_awards": open_awards, "in_publicity": in_publicity}
    return render(request, "honours/public_honours.html", context)


@require_http_methods(["GET", "POST"])
def public_nominate(request: HttpRequest, community_pk: int, award_pk: int) -> HttpResponse:
    community = _community(community_pk)
    award = (
        Award.objects.filter(_over(community), pk=award_pk, public_nominations=True).select_related("area").first()
        if str(award_pk).isdigit()
        else None
    )
    if award is None:
        raise Http404
    buildings = community_buildings(community)
    form = PublicNominationForm(
        request.POST or None, buildings=buildings, household=award.nominee_kind == NomineeKind.HOUSEHOLD
    )
    context: dict[str, Any] = {"community": community, "award": award, "form": form}
    if award.state != AwardState.OPEN:
        context["closed"] = True
        return render(request, "honours/public_nominate.html", context)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        place = Area.objects.filter(pk=data["building"], level=Level.BUILDING, path__startswith=community.path).first()
        try:
            nomination_submit(
                actor=None,
                award=award,
                source=NominationSource.PUBLIC,
                reason=data["reason"],
                public_name=data["nominee"],
                place=place,
                address_note=data["address_note"],
                nominator_name=data["name"],
                phone=data["phone"],
                ip=client_ip(request),
            )
        except DomainError as exc:
            if getattr(exc, "code", None) == "limited":
                return render(request, "honours/public_nominate.html", {**context, "limited": True}, status=429)
            add_domain_errors(form, exc)
        else:
            messages.success(
                request, _("Thank you. Your nomination has been received; the community office reviews it.")
            )
            return redirect("honours:public", community.pk)
    return render(request, "honours/public_nominate.html", context)


@require_http_methods(["GET", "POST"])
def public_object(request: HttpRequest, community_pk: int, nomination_pk: int) -> HttpResponse:
    community = _community(community_pk)
    nomination = (
        Nomination.objects.filter(
            pk=nomination_pk, place__path__startswith=community.path, award__in=Award.objects.filter(_over(community))
        )
        .exclude(state=NominationState.SUBMITTED)
        .select_related("award")
        .first()
        if str(nomination_pk).isdigit()
        else None
    )
    if nomination is None:
        raise Http404
    form = PublicObjectionForm(request.POST or None)
    context: dict[str, Any] = {"community": community, "nomination": nomination, "form": form}
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            objection_raise(
                nomination=nomination, text=data["text"], name=data["name"], phone=data["phone"], ip=client_ip(request)
            )
        except DomainError as exc:
            if getattr(exc, "code", None) == "limited":
                return render(request, "honours/public_object.html", {**context, "limited": True}, status=429)
            if getattr(exc, "code", None) == "publicity":
                context["refused"] = " ".join(str(m) for m in exc.messages)
                return render(request, "honours/public_object.html", context, status=409)
            add_domain_errors(form, exc)
        else:
            messages.success(
                request, _("Your objection has been received. The award waits until the office answers it.")
            )
            return redirect(reverse("honours:public", args=[community.pk]))
    return render(request, "honours/public_object.html", context)
