"""Awards: the list by year, a new award, an award with its nominations, nominating."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch, Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from tongxin.council.honours.forms import AnswerForm, AwardForm, NominationForm, ReviewForm
from tongxin.council.honours.models import (
    Award,
    AwardState,
    Nomination,
    NominationObjection,
    NominationSource,
    NomineeKind,
)
from tongxin.council.honours.queries import (
    awards_visible_to,
    branch_awards,
    branch_members,
    may_manage,
    open_objections,
    publicity_ending,
    waiting_review,
    with_counts,
)
from tongxin.council.honours.services import award_create, nomination_submit
from tongxin.council.honours.services._common import household_name
from tongxin.council.honours.services.awards import AWARD_LEVELS
from tongxin.council.honours.views._gate import NAV_AWARDS, managed_areas, one, require_reader
from tongxin.platform.core.exceptions import DomainError
from tongxin.platform.core.forms_util import add_domain_errors
from tongxin.platform.core.listing import clean_text, paginate
from tongxin.platform.core.people import person_search_q
from tongxin.registry.areas.models import Household
from tongxin.registry.party.models import PartyMember
from tongxin.registry.people.models import Resident

SEARCH_ROWS = 20


def _years(qs: QuerySet[Award]) -> list[int]:
    return sorted(set(qs.values_list("year", flat=True)), reverse=True)


@login_required
def award_list(request: HttpRequest) -> HttpResponse:
    """Awards by year, with how many were nominated, wait for review, are accepted."""
    require_reader(request)
    base = awards_visible_to(request.user)
    years = _years(base)
    raw = request.GET.get("year", "")
    year = int(raw) if raw.isdigit() and len(raw) == 4 else None
    waiting = request.GET.get("waiting", "")
    qs = base
    if year is not None:
        qs = qs.filter(year=year)
    # The workbench's figures open the rows they count: nominations, objections, awards.
    rows: Any
    if waiting == "review":
        rows = waiting_review(request.user).select_related("award__area")
    elif waiting == "objection":
        rows = open_objections(request.user)
    elif waiting == "publicity":
        ending = publicity_ending(request.user, timezone.now()).values("pk")
        rows = with_counts(qs.filter(pk__in=ending)).order_by("publicity_ends", "pk")
    else:
        waiting = ""
        rows = with_counts(qs).order_by("-year", "area__path", "name", "pk")
    if waiting in ("review", "objection") and year is not None:
        prefix = "award__" if waiting == "review" else "nomination__award__"
        rows = rows.filter(**{f"{prefix}year": year})
    page = paginate(request, rows)
    context = {
        "nav": NAV_AWARDS,
        "years": years,
        "year": year,
        "waiting": waiting,
        "can_create": bool(managed_areas(request.user, AWARD_LEVELS)[:1]),
        **page,
    }
    return render(request, "honours/award_list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def award_new(request: HttpRequest) -> HttpResponse:
    areas = managed_areas(request.user, AWARD_LEVELS)
    if not areas:
        raise PermissionDenied
    form = AwardForm(request.POST or None, areas=areas)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        area = one(awards_area_qs(), data["area"])
        try:
            award = award_create(
                actor=request.user,
                area=area,
                name=data["name"],
                nominee_kind=data["nominee_kind"],
                places=data["places"],
                year=data["year"],
                round=data["round"],
                description=data["description"],
                public_nominations=data["public_nominations"],
                publicity_days=data["publicity_days"],
            )
        except DomainError as exc:
            add_domain_errors(form, exc)
        else:
            messages.success(request, _("The award is open for nominations."))
            return redirect("honours:award", award.pk)
    return render(request, "honours/award_form.html", {"form": form, "nav": NAV_AWARDS})


def awards_area_qs() -> Any:
    from tongxin.registry.areas.models import Area

    return Area.objects.filter(level__in=AWARD_LEVELS)


def _nominations() -> Prefetch[Any]:
    return Prefetch(
        "nominations",
        queryset=Nomination.objects.select_related("organization")
        .prefetch_related(Prefetch("objections", queryset=NominationObjection.objects.order_by("created_at", "pk")))
        .order_by("state", "display_name", "pk"),
    )


@login_required
def award_detail(request: HttpRequest, pk: int) -> HttpResponse:
    award: Award = one(awards_visible_to(request.user).prefetch_related(_nominations()), pk)
    nominations = list(award.nominations.all())
    now = timezone.now()
    manage = may_manage(request.user, award.area.path)
    open_objections = sum(1 for n in nominations for o in n.objections.all() if o.status == "open")
    accepted = sum(1 for n in nominations if n.state in ("accepted", "winner"))
    context = {
        "nav": NAV_AWARDS,
        "award": award,
        "nominations": nominations,
        "manage": manage,
        "accepted": accepted,
        "waiting": sum(1 for n in nominations if n.state == "submitted"),
        "open_objections": open_objections,
        "publicity_over": award.publicity_ends is not None and now >= award.publicity_ends,
        "review_form": ReviewForm(),
        "answer_form": AnswerForm(),
    }
    return render(request, "honours/award_detail.html", context)


# --- nominating (staff, or a branch for its members) ------------------------------------------


def _candidates(request: HttpRequest, award: Award, branch: bool, q: str) -> list[dict[str, Any]]:
    """Registry rows matching the search, as (id, label) for the nominee picker."""
    under = award.area.path
    kind = award.nominee_kind
    if not q and not branch:
        return []
    if kind == NomineeKind.HOUSEHOLD:
        households = (
            Household.objects.filter(
                area__path__startswith=under, residents__in=Resident.objects.filter(person_search_q(q, with_id=False))
            )
            .select_related("area")
            .distinct()
            .order_by("area__path", "number")[:SEARCH_ROWS]
        )
        return [{"pk": h.pk, "label": household_name(h), "note": f"{h.area.name} {h.number}"} for h in households]
    if kind in (NomineeKind.RESIDENT, NomineeKind.VOLUNTEER):
        residents = (
            Resident.objects.filter(household__area__path__startswith=under)
            .filter(person_search_q(q, with_id=False))
            .select_related("household__area")
            .order_by("name_pinyin", "pk")[:SEARCH_ROWS]
        )
        return [
            {"pk": r.pk, "label": r.name, "note": f"{r.household.area.name} {r.household.number}"} for r in residents
        ]
    if kind == NomineeKind.PARTY_MEMBER:
        members = branch_members(request.user) if branch else PartyMember.objects.filter(left_on__isnull=True)
        members = members.filter(
            Q(org__area__path__startswith=under) | Q(resident__household__area__path__startswith=under)
        )
        if q:
            members = members.filter(person_search_q(q, with_id=False))
        rows = members.select_related("org").order_by("org__path", "name_pinyin", "pk")[:SEARCH_ROWS]
        return [{"pk": m.pk, "label": m.name, "note": m.org.name} for m in rows]
    return []


def _nominee_objects(award: Award, pk: int | None, pool: list[dict[str, Any]]) -> dict[str, Any]:
    if pk is None or all(c["pk"] != pk for c in pool):
        return {}
    kind = award.nominee_kind
    if kind == NomineeKind.HOUSEHOLD:
        return {"household": Household.objects.select_related("area").get(pk=pk)}
    if kind in (NomineeKind.RESIDENT, NomineeKind.VOLUNTEER):
        return {"resident": Resident.objects.select_related("household__area").get(pk=pk)}
    return {"party_member": PartyMember.objects.select_related("org__area", "resident__household__area").get(pk=pk)}


@login_required
@require_http_methods(["GET", "POST"])
def nominate(request: HttpRequest, pk: int) -> HttpResponse:
    """Search the registry, pick the nominee, say why (a branch: its own members only)."""
    award: Award | None = awards_visible_to(request.user).filter(pk=pk).first() if str(pk).isdigit() else None
    branch = False
    if award is None:
        award = one(branch_awards(request.user), pk)
        branch = True
    elif not may_manage(request.user, award.area.path):
        if not branch_awards(request.user).filter(pk=award.pk).exists():
            raise PermissionDenied
        branch = True
    q = clean_text(request.GET.get("q", ""))[:30]
    form = NominationForm(request.POST or None, initial={"nominee": request.GET.get("pick") or None})
    pick_raw = request.POST.get("nominee") if request.method == "POST" else request.GET.get("pick")
    pick = int(pick_raw) if pick_raw and pick_raw.isdigit() and len(pick_raw) < 11 else None
    chosen: dict[str, Any] | None = None
    if pick is not None:
        pool = _picked(award, pick)
        if branch:
            mine = set(branch_members(request.user).filter(pk=pick).values_list("pk", flat=True))
            pool = [c for c in pool if c["pk"] in mine]
        chosen = pool[0] if pool else None
    if request.method == "POST" and award.state == AwardState.OPEN and form.is_valid():
        data = form.cleaned_data
        objects = _nominee_objects(award, pick, [chosen] if chosen else [])
        try:
            nomination_submit(
                actor=request.user,
                award=award,
                source=NominationSource.BRANCH if branch else NominationSource.STAFF,
                reason=data["reason"],
                team_name=data["team_name"],
                **objects,
            )
        except DomainError as exc:
            add_domain_errors(form, exc)
            if "nominee" in getattr(exc, "error_dict", {}):
                form.add_error(None, exc.error_dict["nominee"][0])
        else:
            messages.success(request, _("The nomination waits for review."))
            return redirect("honours:award" if not branch else "honours:branch", *([award.pk] if not branch else []))
    context = {
        "nav": NAV_AWARDS,
        "award": award,
        "branch": branch,
        "form": form,
        "q": q,
        "candidates": _candidates(request, award, branch, q) if not chosen else [],
        "chosen": chosen,
        "team": award.nominee_kind == NomineeKind.TEAM,
    }
    return render(request, "honours/nominate.html", context)


def _picked(award: Award, pk: int) -> list[dict[str, Any]]:
    """The picked registry row, if it is of the award's kind and lives under the award's place."""
    under = award.area.path
    kind = award.nominee_kind
    if kind == NomineeKind.HOUSEHOLD:
        h = Household.objects.filter(pk=pk, area__path__startswith=under).select_related("area").first()
        return [{"pk": h.pk, "label": household_name(h), "note": f"{h.area.name} {h.number}"}] if h else []
    if kind in (NomineeKind.RESIDENT, NomineeKind.VOLUNTEER):
        r = (
            Resident.objects.filter(pk=pk, household__area__path__startswith=under)
            .select_related("household__area")
            .first()
        )
        return [{"pk": r.pk, "label": r.name, "note": f"{r.household.area.name} {r.household.number}"}] if r else []
    if kind == NomineeKind.PARTY_MEMBER:
        m = (
            PartyMember.objects.filter(pk=pk, left_on__isnull=True)
            .filter(Q(org__area__path__startswith=under) | Q(resident__household__area__path__startswith=under))
            .select_related("org")
            .first()
        )
        return [{"pk": m.pk, "label": m.name, "note": m.org.name}] if m else []
    return []


@login_required
def branch(request: HttpRequest) -> HttpResponse:
    """A Party branch's secretary: the open members' awards over the branch, to nominate members."""
    awards = list(branch_awards(request.user).order_by("-year", "name", "pk"))
    if not awards and not branch_members(request.user).exists():
        raise PermissionDenied
    mine = Nomination.objects.filter(award__in=awards, source=NominationSource.BRANCH, nominated_by=request.user.pk)
    return render(
        request,
        "honours/branch.html",
        {"nav": NAV_AWARDS, "awards": awards, "mine": mine.select_related("award").order_by("award", "display_name")},
    )
