"""Pages of door-to-door visits (大走访): the to-visit list, recording a visit, visit lists,
coverage, 六清楚 completeness and the cadence table."""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import F
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from tongxin.fieldwork.visits import queries, services
from tongxin.fieldwork.visits.forms import CadenceForm, CaseForm, VisitForm
from tongxin.fieldwork.visits.models import ORDINARY, Visit, VisitCadence
from tongxin.grid.cases.models import CaseCategory
from tongxin.platform.access.actor import Actor
from tongxin.platform.access.roles import Perm
from tongxin.platform.access.scope import get_for, scope_for, visible_to
from tongxin.platform.core.exceptions import DomainError, Forbidden
from tongxin.platform.core.forms_util import add_domain_errors
from tongxin.platform.core.listing import int_param, paginate, text_param
from tongxin.platform.core.trees import AREA, node_choices
from tongxin.registry.areas.models import Area, Household, Level
from tongxin.registry.people.models import CareCategory, Resident

ROWS_PER_PAGE = 30
MAX_CHOICES = 400
SUMMARY_LEVELS = [Level.DISTRICT, Level.SUBDISTRICT, Level.COMMUNITY, Level.VILLAGE, Level.GRID]
NODE_LEVELS = [Level.DISTRICT, Level.SUBDISTRICT, Level.COMMUNITY, Level.VILLAGE, Level.GRID, Level.BUILDING]


# Shared pieces


def _date_param(request: HttpRequest, name: str) -> datetime.date | None:
    value = request.GET.get(name, "").strip()
    if not value or len(value) > 10:
        return None
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        return None


def _period(request: HttpRequest) -> tuple[datetime.date, datetime.date]:
    """The period asked for; by default this year so far. A reversed or absurd period falls back."""
    today = timezone.localdate()
    start = _date_param(request, "from") or datetime.date(today.year, 1, 1)
    end = _date_param(request, "to") or today
    if end < start or start.year < 2000 or end.year > today.year + 1:
        return datetime.date(today.year, 1, 1), today
    return start, end


def _home_node(user: Actor) -> Area | None:
    """Where a user's pages start: the first node they look after (the district for an admin)."""
    scope = scope_for(user)
    if scope.is_admin:
        return Area.objects.filter(parent__isnull=True).order_by("path").first()
    roots = scope.roots(AREA, Perm.VIEW)
    return Area.objects.filter(path=roots[0]).first() if roots else None


def _node(request: HttpRequest, *, default: bool = True) -> Area | None:
    node_id = int_param(request, "node")
    if request.GET.get("node", "").strip() and node_id is None:
        raise Http404
    if node_id is not None:
        return get_for(request.user, Area, node_id)
    return _home_node(request.user) if default else None


def _node_choices(user: Actor, selected: Area | None, levels: list[str] | None = None) -> list[tuple[int, str]]:
    qs = visible_to(Area.objects.filter(level__in=levels or NODE_LEVELS), user)
    return node_choices(qs, MAX_CHOICES, selected)


def _case_categories() -> list[tuple[int, str]]:
    rows = CaseCategory.objects.filter(is_active=True, children__isnull=True).order_by("sort_order", "code")
    return [(c.pk, str(c)) for c in rows[:MAX_CHOICES]]


def _facts() -> list[tuple[int, str]]:
    return [(c.pk, str(c)) for c in CareCategory.objects.filter(is_builtin=True)]


# The to-visit list


@login_required
def due(request: HttpRequest) -> HttpResponse:
    """The households to visit, the longest waiting first (phone first)."""
    queries.require_area_scope(request.user)
    today = timezone.localdate()
    node = _node(request, default=False)
    show_all = request.GET.get("all") == "1"
    households = queries.due_list(request.user, node, today=today, only_due=not show_all)
    page = paginate(request, households, ROWS_PER_PAGE)
    rows = queries.due_rows(list(page["rows"]))
    context = {
        "node": node,
        "nodes": _node_choices(request.user, node, [Level.COMMUNITY, Level.VILLAGE, Level.GRID, Level.BUILDING]),
        "show_all": show_all,
        "today": today,
        "due_rows": [(r, r.days_since(today), r.days_overdue(today)) for r in rows],
        "can_record": queries.may_record(request.user),
        "nav": "visits",
        **page,
    }
    return render(request, "visits/due.html", context)


# Recording a visit


def _household_for_visit(user: Actor, pk: Any) -> Household:
    household = get_for(user, Household.objects.select_related("area", "grid"), pk)
    if not services.may_visit(user, household):
        raise PermissionDenied
    return household


@login_required
@require_http_methods(["GET", "POST"])
def record(request: HttpRequest, pk: int) -> HttpResponse:
    household = _household_for_visit(request.user, pk)
    residents = list(Resident.objects.filter(household=household).order_by("id").values_list("pk", "name"))
    facts = _facts()
    categories = _case_categories()
    form = VisitForm(
        request.POST if request.method == "POST" else None,
        initial={"visited_on": timezone.localdate(), "way": Visit.Way.DOOR},
        residents=residents,
        facts=facts,
        categories=categories,
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        to_case, category_id = data.pop("to_case", False), data.pop("case_category", None)
        data["residents_met"] = Resident.objects.filter(household=household, pk__in=data["residents_met"])
        data["confirmed_categories"] = CareCategory.objects.filter(pk__in=data["confirmed_categories"])
        try:
            # The visit and its case stand or fall together: a refused case leaves no visit behind.
            with transaction.atomic():
                visit = services.visit_record(actor=request.user, household=household, **data)
                # A draft sent again answers the visit it made the first time, case and all.
                if to_case and visit.case_id is None:
                    category = CaseCategory.objects.get(pk=category_id)
                    services.visit_need_to_case(
                        actor=request.user, visit=visit, category=category, description=visit.needs
                    )
        except DomainError as exc:
            add_domain_errors(form, exc)
        else:
            if to_case and visit.case is not None:
                messages.success(
                    request, _("Visit recorded; the need is case %(code)s.") % {"code": visit.case.tracking_code}
                )
            elif visit.needs:
                # A need noted and not made a case: the visit's page offers what may follow from it
                # (a case, a co-building need), one tap away instead of a search through the list.
                messages.success(
                    request,
                    _("Visit to %(household)s recorded; choose what follows from the need.") % {"household": household},
                )
                return redirect("visits:detail", visit.pk)
            else:
                messages.success(request, _("Visit to %(household)s recorded.") % {"household": household})
            return redirect("visits:due")
    last = Visit.objects.filter(household=household).order_by("-visited_on", "-id").first()
    return render(
        request,
        "visits/record.html",
        {"household": household, "form": form, "last": last, "nav": "visits", "has_residents": bool(residents)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    """The visitor corrects their visit within the window after recording it."""
    visit = queries.visit_for(request.user, pk)
    if not services.may_change(request.user, visit):
        raise PermissionDenied
    household = visit.household
    residents = list(Resident.objects.filter(household=household).order_by("id").values_list("pk", "name"))
    initial = {
        "visited_on": visit.visited_on,
        "way": visit.way,
        "residents_met": list(visit.residents_met.values_list("pk", flat=True)),
        "others_met": visit.others_met,
        "findings": visit.findings,
        "needs": visit.needs,
        "facts_checked": visit.facts_checked,
        "confirmed_categories": list(visit.confirmed_categories.values_list("pk", flat=True)),
    }
    form = VisitForm(
        request.POST if request.method == "POST" else None, initial=initial, residents=residents, facts=_facts()
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data["residents_met"] = Resident.objects.filter(household=household, pk__in=data["residents_met"])
        data["confirmed_categories"] = CareCategory.objects.filter(pk__in=data["confirmed_categories"])
        try:
            services.visit_update(actor=request.user, visit=visit, **data)
        except DomainError as exc:
            add_domain_errors(form, exc)
        else:
            messages.success(request, _("Visit to %(household)s saved.") % {"household": household})
            return redirect("visits:detail", visit.pk)
    return render(
        request,
        "visits/record.html",
        {"household": household, "form": form, "visit": visit, "nav": "visits", "has_residents": bool(residents)},
    )


# One visit


@login_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    visit = queries.visit_for(request.user, pk)
    people = list(visit.residents_met.order_by("id").values_list("name", flat=True))
    confirmed = [str(c) for c in visit.confirmed_categories.all()]
    may_case = visit.case_id is None and bool(visit.needs) and services.may_visit(request.user, visit.household)
    form = CaseForm(initial={"description": visit.needs}, categories=_case_categories()) if may_case else None
    context = {
        "visit": visit,
        "people": people,
        "confirmed": confirmed,
        "case_form": form,
        "may_change": services.may_change(request.user, visit),
        "case_visible": visit.case_id is not None
        and visible_to(type(visit.case).objects.filter(pk=visit.case_id), request.user).exists(),
        "nav": "visits",
    }
    return render(request, "visits/detail.html", context)


@login_required
@require_POST
def to_case(request: HttpRequest, pk: int) -> HttpResponse:
    visit = queries.visit_for(request.user, pk)
    if not services.may_visit(request.user, visit.household):
        raise PermissionDenied
    categories = _case_categories()
    form = CaseForm(request.POST, categories=categories)
    if form.is_valid():
        category = CaseCategory.objects.get(pk=form.cleaned_data["category"])
        try:
            case = services.visit_need_to_case(
                actor=request.user, visit=visit, category=category, description=form.cleaned_data["description"]
            )
        except DomainError as exc:
            add_domain_errors(form, exc)
        else:
            messages.success(request, _("The need is now case %(code)s.") % {"code": case.tracking_code})
            return redirect("visits:detail", visit.pk)
    people = list(visit.residents_met.order_by("id").values_list("name", flat=True))
    context = {
        "visit": visit,
        "people": people,
        "confirmed": [str(c) for c in visit.confirmed_categories.all()],
        "case_form": form,
        "may_change": services.may_change(request.user, visit),
        "case_visible": False,
        "nav": "visits",
    }
    return render(request, "visits/detail.html", context, status=400)


@login_required
@require_POST
def delete(request: HttpRequest, pk: int) -> HttpResponse:
    visit = queries.visit_for(request.user, pk)
    try:
        services.visit_delete(actor=request.user, visit=visit)
    except Forbidden:
        raise  # ForbiddenMiddleware answers 403
    except DomainError as exc:
        messages.error(request, "; ".join(exc.messages))
        return redirect("visits:detail", visit.pk)
    messages.success(request, _("The visit was withdrawn."))
    return redirect("visits:list")


# Visit lists


@login_required
def visit_list(request: HttpRequest) -> HttpResponse:
    queries.require_area_scope(request.user)
    node = _node(request, default=False)
    household_id = int_param(request, "household")
    if request.GET.get("household", "").strip() and household_id is None:
        raise Http404
    household = get_for(request.user, Household.objects.select_related("area"), household_id) if household_id else None
    visitor = text_param(request, "visitor", 50)
    start, end = _date_param(request, "from"), _date_param(request, "to")
    rows = queries.visit_list(request.user, node=node, household=household, visitor=visitor, start=start, end=end)
    context = {
        "node": node,
        "nodes": _node_choices(request.user, node),
        "household": household,
        "visitor": visitor,
        "start": start,
        "end": end,
        "nav": "visits",
        **paginate(request, rows, ROWS_PER_PAGE),
    }
    return render(request, "visits/list.html", context)


# Coverage


@login_required
def coverage(request: HttpRequest) -> HttpResponse:
    queries.require_area_scope(request.user)
    node = _node(request)
    start, end = _period(request)
    by = "visitor" if request.GET.get("by") == "visitor" else "grid"
    rows = queries.coverage(node, start, end, by=by) if node is not None else []
    totals = None
    if node is not None and by == "grid":
        totals = queries.CoverageRow(
            node.pk,
            node.name,
            sum(r.households for r in rows),
            sum(r.visited for r in rows),
            sum(r.covered for r in rows),
        )
    context = {
        "node": node,
        "nodes": _node_choices(
            request.user, node, [Level.DISTRICT, Level.SUBDISTRICT, Level.COMMUNITY, Level.VILLAGE, Level.GRID]
        ),
        "start": start,
        "end": end,
        "by": by,
        "rows": rows,
        "can_cadence": services.may_manage_cadence(request.user),
        "totals": totals,
        "months": queries.whole_months(start, end),
        "nav": "visits",
    }
    return render(request, "visits/coverage.html", context)


WHICH = ("all", "visited", "covered", "not_covered", "never")


@login_required
def coverage_households(request: HttpRequest) -> HttpResponse:
    """The households behind a number of the coverage table."""
    queries.require_area_scope(request.user)
    node = _node(request)
    start, end = _period(request)
    which = request.GET.get("which", "all")
    if which not in WHICH:
        which = "all"
    qs = queries.coverage_households(node, start, end) if node is not None else Household.objects.none()
    if node is not None:
        if which == "visited":
            qs = qs.filter(n_visits__gt=0)
        elif which == "covered":
            qs = qs.filter(n_visits__gte=F("required"))
        elif which == "not_covered":
            qs = qs.filter(n_visits__lt=F("required"))
        elif which == "never":
            qs = qs.filter(n_visits=0)
        qs = qs.select_related("area", "grid").order_by("area__path", "number")
    context = {
        "node": node,
        "start": start,
        "end": end,
        "which": which,
        "nav": "visits",
        **paginate(request, qs, ROWS_PER_PAGE),
    }
    return render(request, "visits/coverage_households.html", context)


# 六清楚


@login_required
def facts(request: HttpRequest) -> HttpResponse:
    queries.require_area_scope(request.user)
    node = _node(request)
    today = timezone.localdate()
    rows = queries.six_facts(node, as_of=today) if node is not None else []
    if node is not None:
        missing_qs = (
            queries.six_facts_households(node, as_of=today)
            .exclude(queries.complete_q())
            .select_related("area", "grid")
            .order_by("area__path", "number")
        )
    else:
        missing_qs = Household.objects.none()
    page = paginate(request, missing_qs, ROWS_PER_PAGE)
    names = queries.category_names()
    households = [(h, [names.get(c, c) for c in queries.missing_facts(h)]) for h in page["rows"]]
    context = {
        "node": node,
        "nodes": _node_choices(
            request.user, node, [Level.DISTRICT, Level.SUBDISTRICT, Level.COMMUNITY, Level.VILLAGE, Level.GRID]
        ),
        "grid_rows": rows,
        "households": households,
        "complete": sum(r.complete for r in rows),
        "all_households": sum(r.households for r in rows),
        "nav": "visits",
        **page,
    }
    return render(request, "visits/facts.html", context)


# Cadence


def _kinds() -> list[tuple[str, str]]:
    return [(ORDINARY, _("Ordinary household")), *[(c.code, str(c)) for c in CareCategory.objects.all()]]


@login_required
@require_http_methods(["GET", "POST"])
def cadence(request: HttpRequest) -> HttpResponse:
    if not services.may_manage_cadence(request.user):
        raise PermissionDenied
    kinds = _kinds()
    form = CadenceForm(request.POST if request.method == "POST" else None, kinds=kinds)
    if request.method == "POST":
        if request.POST.get("remove"):
            try:
                services.cadence_remove(actor=request.user, category_code=request.POST["remove"][:40])
            except DomainError as exc:
                messages.error(request, "; ".join(exc.messages))
            return redirect("visits:cadence")
        if form.is_valid():
            try:
                services.cadence_set(actor=request.user, **form.cleaned_data)
            except DomainError as exc:
                add_domain_errors(form, exc)
            else:
                messages.success(request, _("Visit cadence saved."))
                return redirect("visits:cadence")
    names = dict(kinds)
    rows = [(c, names.get(c.category_code, c.category_code)) for c in VisitCadence.objects.all()]
    return render(
        request,
        "visits/cadence.html",
        {"rows": rows, "form": form, "ordinary": ORDINARY, "nav": "visits"},
        status=400 if request.method == "POST" else 200,
    )
