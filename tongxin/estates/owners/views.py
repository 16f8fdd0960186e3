"""The estates' pages: the estates in scope, one estate with its owners' committee (members,
term) and its red-property cross-appointments, and the forms that write through the services.

Reading takes Perm.ESTATE or the subdistrict's role (queries.reads_estates); writing takes
Perm.ESTATE over the estate's community. Out of scope is 404.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tongxin.estates.owners import services
from tongxin.estates.owners.forms import AppointmentForm, CommitteeForm, MemberForm
from tongxin.estates.owners.models import Committee, CrossAppointment, Member
from tongxin.estates.owners.queries import (
    appointments_visible_to,
    committees_visible_to,
    current_committee,
    estate_list,
    estates_visible_to,
    may_keep,
    members_visible_to,
    reads_estates,
    sorted_members,
)
from tongxin.platform.access.roles import Perm
from tongxin.platform.access.scope import scope_for
from tongxin.platform.core.exceptions import DomainError, Forbidden
from tongxin.platform.core.forms_util import add_domain_errors
from tongxin.platform.core.listing import paginate
from tongxin.platform.core.trees import AREA
from tongxin.platform.web.reveal import reveal_view
from tongxin.registry.areas.models import Estate
from tongxin.registry.people.models import Resident


def one(qs: QuerySet[Any], pk: Any) -> Any:
    """The row of `qs` (already scoped) with that id, or 404: ids out of range too."""
    try:
        key = int(pk)
    except (TypeError, ValueError) as exc:
        raise Http404 from exc
    obj = qs.filter(pk=key).first() if 0 < key < 2**62 else None
    if obj is None:
        raise Http404
    return obj


def _reads(request: HttpRequest) -> None:
    if not reads_estates(request.user):
        raise PermissionDenied


def estate_for(request: HttpRequest, pk: Any, *, write: bool = False) -> Estate:
    _reads(request)
    estate: Estate = one(estates_visible_to(request.user).select_related("community"), pk)
    if write and not may_keep(request.user, estate):
        raise PermissionDenied
    return estate


@login_required
def estates(request: HttpRequest) -> HttpResponse:
    _reads(request)
    ending = request.GET.get("term") == "ending"
    without = request.GET.get("without") == "1"
    qs = estate_list(request.user, ending_from=timezone.localdate() if ending else None, without_company=without)
    page = paginate(request, qs, 50)
    return render(request, "owners/estate_list.html", {**page, "nav": "estates", "ending": ending, "without": without})


@login_required
def estate_detail(request: HttpRequest, pk: int) -> HttpResponse:
    estate = estate_for(request, pk)
    committee = current_committee(estate)
    appointments = list(CrossAppointment.objects.filter(estate=estate).order_by("-since", "id"))
    scope = scope_for(request.user)
    return render(
        request,
        "owners/estate_detail.html",
        {
            "nav": "estates",
            "estate": estate,
            "committee": committee,
            "members": sorted_members(committee) if committee else [],
            "past_terms": Committee.objects.filter(estate=estate).exclude(pk=committee.pk if committee else 0)[:10],
            "appointments": appointments,
            "today": timezone.localdate(),
            "keeps": may_keep(request.user, estate),
            "can_reveal": scope.allows_path(Perm.REVEAL, AREA, estate.community.path),
        },
    )


def _form_page(
    request: HttpRequest,
    form: Any,
    save: Callable[[dict[str, Any]], Any],
    *,
    estate: Estate,
    title: str,
    done: str,
) -> HttpResponse:
    if request.method == "POST" and form.is_valid():
        try:
            save(form.cleaned_data)
        except Forbidden:
            raise
        except DomainError as exc:
            add_domain_errors(form, exc)
        else:
            messages.success(request, done)
            return redirect("owners:estate", estate.pk)
    return render(request, "owners/form.html", {"form": form, "estate": estate, "title": title, "nav": "estates"})


@login_required
def committee_new(request: HttpRequest, pk: int) -> HttpResponse:
    estate = estate_for(request, pk, write=True)
    form = CommitteeForm(request.POST or None)
    return _form_page(
        request,
        form,
        lambda data: services.committee_save(actor=request.user, estate=estate, **data),
        estate=estate,
        title=_("Record an elected owners' committee"),
        done=_("Committee term saved. Now add its members."),
    )


@login_required
def committee_edit(request: HttpRequest, pk: int) -> HttpResponse:
    _reads(request)
    committee: Committee = one(committees_visible_to(request.user).select_related("estate__community"), pk)
    if not may_keep(request.user, committee.estate):
        raise PermissionDenied
    initial = {k: getattr(committee, k) for k in ("elected_on", "term_starts", "term_ends", "note")}
    form = CommitteeForm(request.POST or None, initial=initial)
    return _form_page(
        request,
        form,
        lambda data: services.committee_save(actor=request.user, committee=committee, **data),
        estate=committee.estate,
        title=_("Correct the committee's term"),
        done=_("Committee term saved."),
    )


def _residents(estate: Estate) -> list[tuple[int, str]]:
    qs = (
        Resident.objects.filter(household__area__estate=estate)
        .select_related("household__area")
        .order_by("name", "id")[:500]
    )
    return [(r.pk, f"{r.name}（{r.household.area.name} {r.household.number}）") for r in qs]


def _resident(estate: Estate, pk: int | None) -> Resident | None:
    if not pk:
        return None
    found = Resident.objects.filter(pk=pk, household__area__estate=estate).select_related("household__area").first()
    if found is None:
        raise DomainError({"resident": _("Choose a resident of the estate.")})
    return found


@login_required
def member_new(request: HttpRequest, pk: int) -> HttpResponse:
    _reads(request)
    committee: Committee = one(committees_visible_to(request.user).select_related("estate__community"), pk)
    estate = committee.estate
    if not may_keep(request.user, estate):
        raise PermissionDenied
    form = MemberForm(request.POST or None, residents=_residents(estate))

    def save(data: dict[str, Any]) -> Member:
        resident = _resident(estate, data.pop("resident"))
        return services.member_save(actor=request.user, committee=committee, resident=resident, **data)

    return _form_page(request, form, save, estate=estate, title=_("Add a committee member"), done=_("Member added."))


def _member(request: HttpRequest, pk: Any) -> Member:
    _reads(request)
    return one(members_visible_to(request.user).select_related("committee__estate__community"), pk)


@login_required
def member_edit(request: HttpRequest, pk: int) -> HttpResponse:
    member = _member(request, pk)
    estate = member.committee.estate
    if not may_keep(request.user, estate):
        raise PermissionDenied
    initial = {"name": member.name, "post": member.post, "resident": member.resident_id}
    form = MemberForm(request.POST or None, residents=_residents(estate), editing=True, initial=initial)

    def save(data: dict[str, Any]) -> Member:
        resident = _resident(estate, data.pop("resident"))
        phone = data.pop("phone") or None  # empty keeps the number on record
        return services.member_save(actor=request.user, member=member, resident=resident, phone=phone, **data)

    return _form_page(request, form, save, estate=estate, title=_("Edit a committee member"), done=_("Member saved."))


@login_required
@require_POST
def member_remove(request: HttpRequest, pk: int) -> HttpResponse:
    member = _member(request, pk)
    if not may_keep(request.user, member.committee.estate):
        raise PermissionDenied
    estate_id = member.committee.estate_id
    services.member_remove(actor=request.user, member=member)
    messages.success(request, _("Member removed."))
    return redirect("owners:estate", estate_id)


@login_required
@require_POST
def member_reveal(request: HttpRequest, pk: int) -> HttpResponse:
    return reveal_view(request, _member(request, pk))


@login_required
def appointment_new(request: HttpRequest, pk: int) -> HttpResponse:
    estate = estate_for(request, pk, write=True)
    form = AppointmentForm(request.POST or None)
    return _form_page(
        request,
        form,
        lambda data: services.appointment_save(actor=request.user, estate=estate, **data),
        estate=estate,
        title=_("Record a cross-appointment (红色物业)"),
        done=_("Cross-appointment saved."),
    )


@login_required
def appointment_edit(request: HttpRequest, pk: int) -> HttpResponse:
    _reads(request)
    appointment: CrossAppointment = one(appointments_visible_to(request.user).select_related("estate__community"), pk)
    if not may_keep(request.user, appointment.estate):
        raise PermissionDenied
    fields = ("person", "company", "company_post", "party_post", "since", "until", "note")
    form = AppointmentForm(request.POST or None, initial={k: getattr(appointment, k) for k in fields})
    return _form_page(
        request,
        form,
        lambda data: services.appointment_save(actor=request.user, appointment=appointment, **data),
        estate=appointment.estate,
        title=_("Edit a cross-appointment"),
        done=_("Cross-appointment saved."),
    )
