"""Pages of pairing assistance (结对帮扶): the beneficiary list, a beneficiary's record, the forms
to add, pair, log a visit (phone first) and close, a helper's own pairings, and the figures."""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from tongxin.grid.cases import photos as case_photos
from tongxin.grid.cases.models import CaseCategory
from tongxin.platform.access.actor import Actor
from tongxin.platform.access.roles import Perm
from tongxin.platform.access.scope import get_for, scope_for, visible_to
from tongxin.platform.core.exceptions import DomainError
from tongxin.platform.core.forms_util import add_domain_errors
from tongxin.platform.core.listing import paginate
from tongxin.platform.core.stored_files import stored_file_response
from tongxin.platform.core.trees import AREA, node_choices
from tongxin.platform.web.perms import require
from tongxin.registry.areas.models import COMMUNITY_LEVELS, Area, Household
from tongxin.registry.cobuild.models import ResidentUnit
from tongxin.registry.party.models import PartyMember
from tongxin.registry.people.models import Resident
from tongxin.volunteering.pairing import services
from tongxin.volunteering.pairing.figures import pairing_figures
from tongxin.volunteering.pairing.forms import BeneficiaryForm, CloseForm, FiguresForm, FilterForm, StartForm, VisitForm
from tongxin.volunteering.pairing.models import (
    Beneficiary,
    BeneficiaryKind,
    Pairing,
    PairingHelper,
    PairingPhoto,
    helper_q,
)
from tongxin.volunteering.pairing.queries import (
    DEFAULT_STALE_DAYS,
    beneficiary_counts,
    beneficiary_for,
    beneficiary_rows,
    helper_of,
    may_manage,
    my_pairings,
    pairing_for,
    pairings_of,
)
from tongxin.volunteering.service.models import Volunteer, VolunteerTeam

MAX_CHOICES = 400
ROWS_PER_PAGE = 50
# Care categories that make a resident a likely beneficiary (listed first when adding one).
CARE_CODES = ("low_income", "empty_nest", "living_alone", "disabled", "left_behind_child")


def _nodes(user: Actor, selected: Area | None, levels: tuple[str, ...]) -> list[tuple[int, str]]:
    qs = visible_to(Area.objects.filter(level__in=levels), user)
    return node_choices(qs, MAX_CHOICES, selected)


def _requested_node(request: HttpRequest) -> Area | None:
    """The place asked for: 404 for one the user may not see, as anywhere else (nothing leaks)."""
    raw = request.GET.get("node", "").strip()
    return get_for(request.user, Area, raw) if raw else None


# The beneficiary list


@login_required
def beneficiary_list(request: HttpRequest) -> HttpResponse:
    """Beneficiaries of the communities in scope, who has waited longest for a visit first."""
    scope = scope_for(request.user)
    if not scope.has_perm(Perm.VIEW):
        if my_pairings(request.user).exists():
            return redirect("pairing:mine")
        raise PermissionDenied
    today = timezone.localdate()
    node = _requested_node(request)
    form = FilterForm(
        request.GET or None, nodes=_nodes(request.user, node, ("district", "subdistrict", *COMMUNITY_LEVELS))
    )
    data = form.cleaned_data if form.is_bound and form.is_valid() else {}
    days = data.get("days") or DEFAULT_STALE_DAYS
    stale = bool(data.get("stale"))
    rows = beneficiary_rows(
        request.user,
        community=node,
        kind=data.get("kind", ""),
        state=data.get("state", ""),
        stale_days=days if stale else None,
        today=today,
    )
    counts = beneficiary_counts(rows, stale_days=days, today=today)
    page = paginate(request, rows, ROWS_PER_PAGE)
    for row in page["rows"]:
        row.days_since = (today - row.last_visit).days if row.last_visit else None
        row.overdue = row.last_visit is None or row.days_since >= days
    context = {
        "form": form,
        "node": node,
        "days": days,
        "counts": counts,
        "can_add": scope.has_perm(Perm.SERVICE),
        "nav": "pairing",
        **page,
    }
    return render(request, "pairing/list.html", context)


# Adding a beneficiary


def _community_choices(user: Actor) -> list[tuple[int, str]]:
    qs = visible_to(Area.objects.filter(level__in=COMMUNITY_LEVELS), user, Perm.SERVICE)
    return list(qs.order_by("path").values_list("pk", "name")[:MAX_CHOICES])


def _resident_choices(user: Actor, communities: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """Residents of the communities the user runs service in, those in a care category first."""
    paths = list(Area.objects.filter(pk__in=[pk for pk, _ in communities]).values_list("path", flat=True))
    if not paths:
        return []
    q = Q(pk__in=[])
    for path in paths:
        q |= Q(household__area__path__startswith=path)
    qs = (
        Resident.objects.filter(q, care_categories__code__in=CARE_CODES)
        .exclude(Exists(Beneficiary.objects.filter(resident=OuterRef("pk"), closed_on__isnull=True)))
        .distinct()
        .order_by("name_pinyin", "id")
        .values_list("pk", "name", "household__area__name", "household__number")[:MAX_CHOICES]
    )
    return [(pk, f"{name} · {building} {number}") for pk, name, building, number in qs]


def _needy_member_choices(user: Actor, communities: list[tuple[int, str]]) -> list[tuple[int, str]]:
    paths = list(Area.objects.filter(pk__in=[pk for pk, _ in communities]).values_list("path", flat=True))
    if not paths:
        return []
    q = Q(pk__in=[])
    for path in paths:
        q |= Q(org__area__path__startswith=path) | Q(resident__household__area__path__startswith=path)
    qs = (
        PartyMember.objects.current()
        .filter(q, is_needy=True)
        .exclude(Exists(Beneficiary.objects.filter(member=OuterRef("pk"), closed_on__isnull=True)))
        .order_by("name_pinyin", "id")
        .values_list("pk", "name", "org__name")[:MAX_CHOICES]
    )
    return [(pk, f"{name} · {org}") for pk, name, org in qs]


@login_required
@require_http_methods(["GET", "POST"])
def beneficiary_create(request: HttpRequest) -> HttpResponse:
    require(request.user, Perm.SERVICE)
    communities = _community_choices(request.user)
    initial: dict[str, Any] = {"since": timezone.localdate()}
    if len(communities) == 1:
        initial["community"] = communities[0][0]
    form = BeneficiaryForm(
        request.POST if request.method == "POST" else None,
        initial=initial,
        communities=communities,
        residents=_resident_choices(request.user, communities),
        members=_needy_member_choices(request.user, communities),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        community = Area.objects.get(pk=data["community"])
        resident = (
            get_for(request.user, Resident.objects.select_related("household", "household__area"), data["resident"])
            if data["resident"]
            else None
        )
        member = (
            PartyMember.objects.select_related("org", "org__area", "resident__household__area").get(pk=data["member"])
            if data["member"]
            else None
        )
        household: Household | None = None
        if resident is not None and data["whole_household"]:
            household = resident.household
            resident = None
        try:
            row = services.beneficiary_add(
                actor=request.user,
                community=community,
                kind=data["kind"],
                since=data["since"],
                resident=resident,
                member=member,
                household=household,
                needs=data["needs"],
            )
        except DomainError as exc:
            add_domain_errors(form, exc)
        else:
            messages.success(request, _("%(name)s was added to the beneficiaries.") % {"name": row.name})
            return redirect("pairing:detail", row.pk)
    return render(
        request,
        "pairing/form.html",
        {"form": form, "title": _("Add a beneficiary (帮扶对象)"), "nav": "pairing", "back": reverse("pairing:list")},
    )


# A beneficiary's record


@login_required
@require_GET
def beneficiary_detail(request: HttpRequest, pk: int) -> HttpResponse:
    beneficiary = beneficiary_for(request.user, pk)
    pairings = pairings_of(beneficiary)
    manage = may_manage(request.user, beneficiary.community)
    own = set(
        PairingHelper.objects.filter(helper_q(request.user), pairing__beneficiary=beneficiary).values_list(
            "pairing_id", flat=True
        )
    )
    today = timezone.localdate()
    for p in pairings:
        visits = list(p.visits.all())
        p.last_visit = visits[0].visited_on if visits else None
        p.due = p.is_open and (p.last_visit or p.started_on) + datetime.timedelta(days=p.visit_interval_days) <= today
        p.can_log = p.is_open and (manage or p.pk in own)
    context = {
        "b": beneficiary,
        "pairings": pairings,
        "open_pairing": next((p for p in pairings if p.is_open), None),
        "can_manage": manage,
        "nav": "pairing",
    }
    return render(request, "pairing/detail.html", context)


# Starting a pairing


def _helper_choices(user: Actor, community: Area) -> dict[str, list[tuple[int, str]]]:
    members = (
        visible_to(PartyMember.objects.current(), user)
        .order_by("name_pinyin", "id")
        .values_list("pk", "name", "org__name")[:MAX_CHOICES]
    )
    volunteers = (
        Volunteer.objects.filter(area__path__startswith=community.path, is_active=True)
        .order_by("name_pinyin", "id")
        .values_list("pk", "name")[:MAX_CHOICES]
    )
    teams = (
        VolunteerTeam.objects.filter(area__path__startswith=community.path, is_active=True)
        .order_by("name", "id")
        .values_list("pk", "name")[:MAX_CHOICES]
    )
    units = (
        ResidentUnit.objects.filter(area__path__startswith=community.path)
        .order_by("name", "id")
        .values_list("pk", "name")[:MAX_CHOICES]
    )
    return {
        "members": [(pk, f"{name} · {org}") for pk, name, org in members],
        "volunteers": list(volunteers),
        "teams": list(teams),
        "units": list(units),
    }


@login_required
@require_http_methods(["GET", "POST"])
def pairing_start(request: HttpRequest, pk: int) -> HttpResponse:
    beneficiary = beneficiary_for(request.user, pk, manage=True)
    choices = _helper_choices(request.user, beneficiary.community)
    form = StartForm(
        request.POST if request.method == "POST" else None,
        initial={"started_on": timezone.localdate(), "visit_interval_days": 30},
        **choices,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        helpers: list[Any] = [
            *PartyMember.objects.filter(pk__in=data["members"]).order_by("name_pinyin", "id"),
            *Volunteer.objects.select_related("area").filter(pk__in=data["volunteers"]).order_by("name_pinyin", "id"),
            *VolunteerTeam.objects.select_related("area").filter(pk__in=data["teams"]).order_by("name", "id"),
            *ResidentUnit.objects.select_related("area").filter(pk__in=data["units"]).order_by("name", "id"),
        ]
        try:
            services.pairing_start(
                actor=request.user,
                beneficiary=beneficiary,
                helpers=helpers,
                goal=data["goal"],
                started_on=data["started_on"],
                visit_interval_days=data["visit_interval_days"],
            )
        except DomainError as exc:
            add_domain_errors(form, exc)
        else:
            messages.success(request, _("%(name)s is paired now.") % {"name": beneficiary.name})
            return redirect("pairing:detail", beneficiary.pk)
    return render(
        request,
        "pairing/form.html",
        {
            "form": form,
            "b": beneficiary,
            "title": _("Pair helpers with %(name)s (结对)") % {"name": beneficiary.name},
            "intro": _("One helper is 一帮一; several (members, volunteers, a team, a resident unit) are 多帮一."),
            "nav": "pairing",
            "back": reverse("pairing:detail", args=[beneficiary.pk]),
        },
    )


# Logging a visit (phone first)


def _household_of(pairing: Pairing) -> Household | None:
    b = pairing.beneficiary
    if b.household_id:
        return b.household
    return b.resident.household if b.resident_id else None


def _case_categories(user: Actor, pairing: Pairing) -> list[tuple[int, str]] | None:
    """Categories to report a problem under, or None when the visitor may not report cases there."""
    household = _household_of(pairing)
    if household is None or not scope_for(user).allows_path(Perm.VIEW, AREA, household.area.path):
        return None
    rows = CaseCategory.objects.filter(is_active=True).order_by("sort_order", "code")
    return [(c.pk, str(c)) for c in rows[:MAX_CHOICES]]


@case_photos.photo_uploads
@login_required
@require_http_methods(["GET", "POST"])
def visit_create(request: HttpRequest, pk: int) -> HttpResponse:
    pairing = pairing_for(request.user, pk)
    manage = may_manage(request.user, pairing.beneficiary.community)
    own_helper = helper_of(request.user, pairing)
    if not manage and own_helper is None:
        raise PermissionDenied
    if not pairing.is_open:
        messages.error(request, _("This pairing is closed; visits are no longer logged under it."))
        return redirect("pairing:detail", pairing.beneficiary_id)
    helpers = list(pairing.helpers.order_by("id").values_list("pk", "name"))
    if not manage:
        helpers = [(own_helper.pk, own_helper.name)] if own_helper is not None else []
    form = VisitForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
        initial={
            "visited_on": timezone.localdate(),
            "helper": own_helper.pk if own_helper is not None else (helpers[0][0] if len(helpers) == 1 else None),
        },
        helpers=helpers,
        categories=_case_categories(request.user, pairing),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        helper: PairingHelper | None = None
        if not manage:
            # A helper logs their own visit, whatever the form said.
            helper = own_helper
        elif data["helper"]:
            helper = pairing.helpers.filter(pk=data["helper"]).select_related("volunteer", "team").first()
        category = (
            CaseCategory.objects.filter(pk=data["category"], is_active=True).first() if data.get("category") else None
        )
        try:
            photos = case_photos.photos_process(data["photos"])
            visit = services.pairing_visit_log(
                actor=request.user,
                pairing=pairing,
                visited_on=data["visited_on"],
                help_kind=data["help_kind"],
                helper=helper,
                amount=data["amount"],
                hours=data["hours"],
                note=data["note"],
                photos=photos,
                problem=data.get("problem", ""),
                category=category,
                # Hours a helper logs for themself wait for a leader; staff's are confirmed.
                confirmed=manage,
            )
        except DomainError as exc:
            add_domain_errors(form, exc)
        else:
            messages.success(request, _("The visit was logged."))
            if visit.case_id:
                messages.success(request, _("The problem was reported as a case."))
            if not manage:
                return redirect("pairing:mine")
            return redirect(f"{reverse('pairing:detail', args=[pairing.beneficiary_id])}#pairing-{pairing.pk}")
    return render(
        request,
        "pairing/visit_form.html",
        {
            "form": form,
            "pairing": pairing,
            "b": pairing.beneficiary,
            "photos_dropped": bool(request.FILES) and form.is_bound and bool(form.errors),
            "nav": "pairing",
        },
    )


# Closing a pairing


@login_required
@require_http_methods(["GET", "POST"])
def pairing_close(request: HttpRequest, pk: int) -> HttpResponse:
    pairing = pairing_for(request.user, pk)
    if not may_manage(request.user, pairing.beneficiary.community):
        raise PermissionDenied
    if not pairing.is_open:
        messages.error(request, _("This pairing is closed already."))
        return redirect("pairing:detail", pairing.beneficiary_id)
    form = CloseForm(request.POST if request.method == "POST" else None, initial={"closed_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            services.pairing_close(actor=request.user, pairing=pairing, **form.cleaned_data)
        except DomainError as exc:
            add_domain_errors(form, exc)
        else:
            messages.success(request, _("The pairing was closed."))
            return redirect("pairing:detail", pairing.beneficiary_id)
    return render(
        request,
        "pairing/form.html",
        {
            "form": form,
            "b": pairing.beneficiary,
            "title": _("Close the pairing of %(name)s") % {"name": pairing.beneficiary.name},
            "nav": "pairing",
            "back": reverse("pairing:detail", args=[pairing.beneficiary_id]),
        },
    )


# Photos


@login_required
@require_GET
def photo(request: HttpRequest, pk: int, thumbnail: bool = False) -> FileResponse:
    row = PairingPhoto.objects.filter(pk=pk).select_related("visit").first()
    if row is None:
        raise Http404
    # The scope of the visit's pairing decides (helpers see their own pairing's photos).
    pairing_for(request.user, row.visit.pairing_id)
    if thumbnail:
        return stored_file_response(_Thumb(row))
    return stored_file_response(row)


class _Thumb:
    def __init__(self, row: PairingPhoto) -> None:
        self.file, self.name, self.content_type, self.is_image = row.thumbnail, row.name, "image/jpeg", True


# A helper's own pairings


@login_required
@require_GET
def mine(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    rows = list(my_pairings(request.user)[:200])
    for p in rows:
        p.days_since = (today - p.last_visit).days if p.last_visit else None
        p.due = (p.last_visit or p.started_on) + datetime.timedelta(days=p.visit_interval_days) <= today
    return render(request, "pairing/mine.html", {"rows": rows, "nav": "pairing_mine"})


# Figures


@login_required
@require_GET
def figures(request: HttpRequest) -> HttpResponse:
    scope = scope_for(request.user)
    require(request.user, Perm.VIEW)
    node = _requested_node(request)
    levels = ("district", "subdistrict", *COMMUNITY_LEVELS, "grid")
    form = FiguresForm(request.GET or None, nodes=_nodes(request.user, node, levels))
    data = form.cleaned_data if form.is_bound and form.is_valid() else {}
    today = timezone.localdate()
    end = data.get("end") or today
    start = data.get("start") or end.replace(month=1, day=1)
    if start > end:
        start, end = end, start
    if node is None:
        roots = scope.roots(AREA) if not scope.is_admin else []
        if scope.is_admin:
            node = Area.objects.filter(parent__isnull=True).order_by("path").first()
        elif roots:
            node = Area.objects.filter(path=roots[0]).first()
    figures_ = pairing_figures(node, start, end) if node is not None else None
    return render(
        request,
        "pairing/figures.html",
        {
            "form": form,
            "node": node,
            "start": start,
            "end": end,
            "figures": figures_,
            "kinds": BeneficiaryKind.choices,
            "nav": "pairing",
        },
    )
