"""Councils: the list by community, a council's page with its rule, members and topics, and the
forms that create and change them. Reading takes Perm.VIEW over the council's place; every
change Perm.CONSULT, checked by the service (a page with a form asks before showing it)."""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from tongxin.council.consultation import rules, services
from tongxin.council.consultation.forms import CouncilEditForm, CouncilForm, MemberEndForm, MemberForm
from tongxin.council.consultation.member_records import member_candidates, member_record, record_label, search_query
from tongxin.council.consultation.models import Council, CouncilKind, CouncilMember, MemberKind, QuorumBasis
from tongxin.council.consultation.queries import council_rows, current_members_q, members_of
from tongxin.council.consultation.services.councils import COUNCIL_LEVELS
from tongxin.platform.access.roles import Perm
from tongxin.platform.access.scope import get_for, scope_for, visible_to
from tongxin.platform.core.exceptions import DomainError, Forbidden
from tongxin.platform.core.forms_util import add_domain_errors
from tongxin.platform.core.listing import paginate
from tongxin.platform.core.trees import node_choices
from tongxin.platform.web.perms import require
from tongxin.registry.areas.models import Area
from tongxin.registry.areas.naming import community_name_of, community_names
from tongxin.registry.party.models import Organization, PartyMember
from tongxin.registry.people.models import Resident

MAX_CHOICES = 400
ROWS_PER_PAGE = 50
NAV = "councils"


def council_for(user: Any, pk: int, perm: str | None = None) -> Council:
    return get_for(
        user, Council.objects.select_related("area", "kind", "kind__procedure", "organization"), pk, perm=perm
    )


@login_required
def council_list(request: HttpRequest) -> HttpResponse:
    """Every council the user sees, grouped by community, with members and open topics counted."""
    require(request.user, Perm.VIEW)
    page = paginate(request, council_rows(request.user), ROWS_PER_PAGE)
    names = community_names() if page["rows"] else {}
    groups: list[dict[str, Any]] = []
    for council in page["rows"]:
        area = council.area
        community = names.get(area.path) or community_name_of(area.path, names) or area.name
        if not groups or groups[-1]["community"] != community:
            groups.append({"community": community, "councils": []})
        groups[-1]["councils"].append(council)
    context = {
        **page,
        "groups": groups,
        "can_write": scope_for(request.user).has_perm(Perm.CONSULT),
        "nav": NAV,
    }
    return render(request, "consultation/council_list.html", context)


def _council_form(request: HttpRequest) -> CouncilForm:
    user = request.user
    areas = node_choices(visible_to(Area.objects.filter(level__in=COUNCIL_LEVELS), user, Perm.CONSULT), MAX_CHOICES)
    kinds = list(CouncilKind.objects.order_by("sort_order", "code"))
    orgs = visible_to(Organization.objects.all(), user, Perm.CONSULT).order_by("path").values_list("pk", "name")
    initial: dict[str, Any] = {"area": areas[0][0]} if len(areas) == 1 else {}
    return CouncilForm(
        request.POST if request.method == "POST" else None,
        initial=initial,
        areas=areas,
        kinds=[(k.pk, k.name) for k in kinds],
        organizations=list(orgs[:MAX_CHOICES]),
    )


@login_required
@require_http_methods(["GET", "POST"])
def council_create(request: HttpRequest) -> HttpResponse:
    require(request.user, Perm.CONSULT)
    form = _council_form(request)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        area = get_for(request.user, Area, data["area"])
        kind = CouncilKind.objects.get(pk=data["kind"])
        organization = None
        if data["organization"]:
            organization = get_for(request.user, Organization, data["organization"], perm=Perm.CONSULT)
        try:
            council = services.council_create(
                actor=request.user,
                area=area,
                kind=kind,
                name=data["name"],
                organization=organization,
                founded_on=data["founded_on"],
                description=data["description"],
            )
        except Forbidden:
            raise  # ForbiddenMiddleware answers 403
        except DomainError as exc:
            add_domain_errors(form, exc)
        else:
            messages.success(request, _("The council was created. Add its members next."))
            return redirect("consultation:council", council.pk)
    party_kinds = list(CouncilKind.objects.filter(quorum_basis=QuorumBasis.PARTY).values_list("pk", flat=True))
    return render(
        request,
        "consultation/council_form.html",
        {"form": form, "title": _("New council"), "party_kinds": party_kinds, "nav": NAV},
    )


@login_required
@require_http_methods(["GET", "POST"])
def council_edit(request: HttpRequest, pk: int) -> HttpResponse:
    council = council_for(request.user, pk, Perm.CONSULT)
    initial = {"name": council.name, "description": council.description, "is_active": council.is_active}
    form = CouncilEditForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.council_update(council=council, actor=request.user, **form.cleaned_data)
        except Forbidden:
            raise
        except DomainError as exc:
            add_domain_errors(form, exc)
        else:
            messages.success(request, _("The council was saved."))
            return redirect("consultation:council", council.pk)
    return render(
        request,
        "consultation/council_form.html",
        {"form": form, "council": council, "title": _("Edit council"), "nav": NAV},
    )


def _member_form(council: Council, data: Any = None) -> MemberForm:
    return MemberForm(
        data,
        initial={"term_start": timezone.localdate()},
        households=council.kind.quorum_basis == QuorumBasis.VILLAGERS,
        prefix="member",
    )


def _render_council(
    request: HttpRequest,
    council: Council,
    *,
    member_form: MemberForm | None = None,
    end_forms: dict[int, MemberEndForm] | None = None,
    refusal: str = "",
    chosen: str = "",
    status: int = 200,
) -> HttpResponse:
    today = timezone.localdate()
    can_write = scope_for(request.user).allows_path(Perm.CONSULT, "area", council.area.path)
    members = members_of(council)
    current_ids = set(council.members.filter(current_members_q(today)).values_list("pk", flat=True))
    end_forms = end_forms or {}
    current = [
        (m, end_forms.get(m.pk) or MemberEndForm(initial={"term_end": today}, auto_id=f"id_end{m.pk}_%s"))
        for m in members
        if m.pk in current_ids
    ]
    past = [m for m in members if m.pk not in current_ids and m.term_start <= today]
    future = [m for m in members if m.pk not in current_ids and m.term_start > today]
    topics = list(council.topics.select_related("area").order_by("-created_at", "-id")[:50])
    context = {
        "council": council,
        "rule": rules.describe(council.kind),
        "current": current,
        "past": past,
        "future": future,
        "topics": topics,
        "topics_total": council.topics.count() if len(topics) == 50 else len(topics),
        "member_form": member_form or _member_form(council),
        "chosen_record": chosen,
        "refusal": refusal,
        "can_write": can_write,
        "today": today,
        "nav": NAV,
    }
    return render(request, "consultation/council_detail.html", context, status=status)


@login_required
def council_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _render_council(request, council_for(request.user, pk))


@login_required
@require_POST
def member_add(request: HttpRequest, pk: int) -> HttpResponse:
    council = council_for(request.user, pk, Perm.CONSULT)
    form = _member_form(council, request.POST)
    record: Any = None
    if form.is_valid() and form.cleaned_data["record"]:
        # Someone the user does not see, or outside the place, is refused like a wrong choice.
        record = member_record(request.user, council, form.cleaned_data["record"])
        if record is None:
            form.add_error("record", _("Choose a person of the council's place from the search results."))
    if form.is_valid():
        data = form.cleaned_data
        try:
            member = services.member_add(
                council=council,
                actor=request.user,
                name=record.name if record is not None else data["name"],
                kind=data["kind"],
                role=data["role"],
                term_start=data["term_start"],
                term_end=data["term_end"],
                resident=record if isinstance(record, Resident) else None,
                party_member=record if isinstance(record, PartyMember) else None,
                represents_household=bool(data.get("represents_household")),
            )
        except Forbidden:
            raise
        except DomainError as exc:
            add_domain_errors(form, exc)
        else:
            messages.success(request, _("%(name)s joined the council.") % {"name": member.name})
            return redirect("consultation:council", council.pk)
    if record is None and "record" in form.errors:
        data = request.POST.copy()
        data[form.add_prefix("record")] = ""  # search again rather than send the refused one back
        form.data = data
    return _render_council(request, council, member_form=form, chosen=record_label(record) if record else "")


@login_required
@require_GET
def member_people(request: HttpRequest, pk: int) -> HttpResponse:
    """The add-member form's search (htmx): residents, or Party members for kind "party_member",
    of the council's place whose name, pinyin or initials hold what was typed."""
    council = council_for(request.user, pk, Perm.CONSULT)
    q = search_query(request.GET.get("q", ""))
    kind = request.GET.get("member-kind", "")
    rows = member_candidates(request.user, council, kind, q)
    party = kind == MemberKind.PARTY_MEMBER
    return render(request, "consultation/_member_results.html", {"rows": rows, "q": q, "party": party})


@login_required
@require_POST
def member_end(request: HttpRequest, pk: int, member_pk: int) -> HttpResponse:
    council = council_for(request.user, pk, Perm.CONSULT)
    member: CouncilMember = get_object_or_404(council.members.all(), pk=member_pk)
    form = MemberEndForm(request.POST, auto_id=f"id_end{member.pk}_%s")
    if form.is_valid():
        day: datetime.date = form.cleaned_data["term_end"]
        try:
            services.member_end(member=member, actor=request.user, term_end=day)
        except Forbidden:
            raise
        except DomainError as exc:
            add_domain_errors(form, exc)
        else:
            messages.success(request, _("The term of %(name)s ends on %(date)s.") % {"name": member.name, "date": day})
            return redirect("consultation:council", council.pk)
    # Said above the list too: the member's row may not be on it (a term already over).
    refusal = " ".join(str(e) for errors in form.errors.values() for e in errors)
    return _render_council(request, council, end_forms={member.pk: form}, refusal=refusal)
