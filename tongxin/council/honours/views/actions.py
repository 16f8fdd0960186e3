"""What the office does with an award: review nominations, publish, answer objections, confer;
and the honours of one nominee (a household, a resident, a party member)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tongxin.council.honours.forms import AnswerForm, ReviewForm
from tongxin.council.honours.models import Nomination, NominationState
from tongxin.council.honours.queries import awards_visible_to, nominations_visible_to, objections_visible_to
from tongxin.council.honours.services import award_confer, award_publish, nomination_review, objection_answer
from tongxin.council.honours.views._gate import NAV_AWARDS, one, require_manager
from tongxin.platform.access.scope import get_for
from tongxin.platform.core.exceptions import DomainError
from tongxin.registry.areas.models import Household
from tongxin.registry.party.models import PartyMember
from tongxin.registry.people.models import Resident


def _say(request: HttpRequest, exc: DomainError) -> None:
    messages.error(request, " ".join(str(m) for m in exc.messages))


@login_required
@require_POST
def review(request: HttpRequest, pk: int) -> HttpResponse:
    nomination: Nomination = one(nominations_visible_to(request.user), pk)
    require_manager(request, nomination.award.area)
    form = ReviewForm(request.POST)
    if not form.is_valid():
        errors = form.errors.get("reason") or form.errors.get("decision") or [_("Choose accept or decline.")]
        messages.error(request, str(errors[0]))
    else:
        try:
            nomination_review(
                actor=request.user,
                nomination=nomination,
                accept=form.cleaned_data["decision"] == "accept",
                reason=form.cleaned_data["reason"],
            )
        except DomainError as exc:
            _say(request, exc)
        else:
            messages.success(request, _("%(name)s: review recorded.") % {"name": nomination.display_name})
    return redirect("honours:award", nomination.award_id)


@login_required
@require_POST
def publish(request: HttpRequest, pk: int) -> HttpResponse:
    award = one(awards_visible_to(request.user), pk)
    require_manager(request, award.area)
    try:
        award_publish(actor=request.user, award=award)
    except DomainError as exc:
        _say(request, exc)
    else:
        messages.success(request, _("The nominees are in publicity (公示) on the public page and board."))
    return redirect("honours:award", award.pk)


@login_required
@require_POST
def confer(request: HttpRequest, pk: int) -> HttpResponse:
    award = one(awards_visible_to(request.user), pk)
    require_manager(request, award.area)
    try:
        award_confer(actor=request.user, award=award)
    except DomainError as exc:
        _say(request, exc)
    else:
        messages.success(request, _("Awarded. The winners are on the public board."))
    return redirect("honours:award", award.pk)


@login_required
@require_POST
def answer(request: HttpRequest, pk: int) -> HttpResponse:
    objection = one(objections_visible_to(request.user), pk)
    award = objection.nomination.award
    require_manager(request, award.area)
    form = AnswerForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Write the answer to the objection."))
    else:
        try:
            objection_answer(
                actor=request.user,
                objection=objection,
                uphold=form.cleaned_data["decision"] == "uphold",
                answer=form.cleaned_data["answer"],
            )
        except DomainError as exc:
            _say(request, exc)
        else:
            messages.success(request, _("The objection is answered."))
    return redirect("honours:award", award.pk)


SHOWN = (NominationState.ACCEPTED, NominationState.WINNER)


@login_required
def nominee(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    """The honours of one household, resident or party member (whoever may see that record):
    a resident's page shows the honours of their household too."""
    who: Q
    if kind == "household":
        household = get_for(request.user, Household.objects.select_related("area"), pk)
        who, label = Q(household=household), f"{household.area.name} {household.number}"
    elif kind == "resident":
        resident = get_for(request.user, Resident, pk)
        who, label = Q(resident=resident) | Q(household_id=resident.household_id), resident.name
    elif kind == "member":
        member = get_for(request.user, PartyMember, pk)
        who, label = Q(party_member=member), member.name
        if member.resident_id:
            who |= Q(resident_id=member.resident_id)
    else:
        raise Http404
    rows = Nomination.objects.filter(who, state__in=SHOWN).select_related("award", "award__area")
    honours = list(rows.order_by("-award__year", "award__name", "pk"))
    return render(request, "honours/nominee.html", {"nav": NAV_AWARDS, "label": label, "honours": honours})
