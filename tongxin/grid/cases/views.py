from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Exists, OuterRef
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from tongxin.grid.cases import handover_views, services
from tongxin.grid.cases import photos as case_photos
from tongxin.grid.cases import supervision as sup
from tongxin.grid.cases.deadlines import UNRESOLVED
from tongxin.grid.cases.exceptions import CaseChanged
from tongxin.grid.cases.forms import PlaceForm, QueueFilterForm, ReportForm, TransitionForm
from tongxin.grid.cases.models import Case, CaseEvent, CaseHandover, CasePhoto
from tongxin.grid.cases.queries import (
    QUEUES,
    category_phrases,
    place_choices,
    possible_assignees,
    queue,
    queue_counts,
    quick_categories,
    report_households,
    report_place_matches,
    report_places,
    with_overdue,
)
from tongxin.grid.cases.workflow import HANDLERS, PHOTO_STEPS, SUPERVISORS, State, action_label
from tongxin.platform.access.actor import Actor
from tongxin.platform.access.models import User
from tongxin.platform.access.roles import Perm
from tongxin.platform.access.scope import get_for, visible_to
from tongxin.platform.core.exceptions import DomainError, Forbidden
from tongxin.platform.core.forms_util import add_domain_errors
from tongxin.platform.core.listing import int_param, paginate
from tongxin.platform.web.perms import require
from tongxin.registry.areas.models import Area, Household
from tongxin.registry.areas.naming import area_place_name, community_names


def _require_view(request: HttpRequest) -> None:
    require(request.user, Perm.VIEW)


@login_required
def index(request: HttpRequest) -> HttpResponse:
    _require_view(request)
    name = request.GET.get("queue", "open")
    if name not in QUEUES:
        name = "open"
    form = QueueFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    node_id = int_param(request, "node")
    # A place to narrow the queue to (the subdistrict's workbench ranks its communities): 404
    # outside the user's scope, like every other fetch.
    node = get_for(request.user, Area, node_id) if node_id is not None else None
    now = timezone.now()
    state, category, search = data.get("state") or "", data.get("category"), data.get("q") or ""
    unplaced, carded = bool(data.get("unplaced")), bool(data.get("carded"))
    qs = queue(
        request.user,
        name,
        state=state,
        category=category,
        search=search,
        unplaced=unplaced,
        carded=carded,
        node=node,
        now=now,
    )
    filtered = bool(state or category or search or unplaced or carded or node)
    labels = {
        "ours": _("Waiting for us"),
        "mine": _("Assigned to me"),
        "open": _("Open"),
        "overdue": _("Overdue"),
        "verify": _("Awaiting verification"),
        "all": _("All"),
    }
    counts = queue_counts(request.user, now)
    tabs = [{"name": q, "label": labels[q], "count": counts[q], "current": q == name} for q in QUEUES]
    context = {
        "form": form,
        "tabs": tabs,
        "queue": name,
        "node": node,
        "now": now,
        "nav": "cases",
        # Unfiltered, the queue holds what its tab counted (at the same instant): no second count.
        **paginate(request, qs, count=None if filtered else counts[name]),
    }
    return render(request, "cases/queue.html", context)


@case_photos.photo_uploads
@login_required
@require_http_methods(["GET", "POST"])
def report(request: HttpRequest) -> HttpResponse:
    _require_view(request)
    places = report_places(request.user)
    chosen_area = _visible_area(request.user, request.POST.get("area"))
    chosen = area_place_name(chosen_area, community_names()) if chosen_area else ""
    form = ReportForm(
        request.POST or None,
        request.FILES or None,
        places=places,
        households=report_households(request.user, chosen_area),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        area = get_for(request.user, Area, data["area"]) if data["area"] else None
        household = get_for(request.user, Household, data["household"]) if data["household"] else None
        try:
            # Every photo is checked before anything is written: a bad one refuses the report.
            photos = case_photos.photos_process(data["photos"], keep_location=data["keep_location"])
            with case_photos.files_removed_on_failure():
                case = services.case_report(
                    actor=request.user,
                    category=data["category"],
                    description=data["description"],
                    area=area,
                    household=household,
                    latitude=data["latitude"],
                    longitude=data["longitude"],
                    people_involved=data["people_involved"],
                    photos=photos,
                    source=Case.Source.STAFF if data["reporter_name"] else Case.Source.GRID,
                    reporter_name=data["reporter_name"],
                    reporter_phone=data["reporter_phone"],
                    idempotency_key=data["idempotency_key"],
                )
        except DomainError as exc:
            add_domain_errors(form, exc)
        else:
            messages.success(
                request, _("Case %(code)s reported. It is in the grid's queue now.") % {"code": case.tracking_code}
            )
            return redirect("cases:detail", case.pk)
    context = {
        "form": form,
        # A file input cannot be refilled: say so when a form with photos comes back with errors.
        "photos_dropped": bool(request.FILES) and form.is_bound and bool(form.errors),
        "nav": "cases",
        "quick_categories": quick_categories(request.user),
        "category_phrases": category_phrases(),
        "chosen_place": chosen,
    }
    return render(request, "cases/report.html", context)


# A search of places answers with this many at most; the reporter types on for fewer.
PLACE_RESULTS = 12


@login_required
def places(request: HttpRequest) -> HttpResponse:
    """Grids and buildings the user may report in whose name holds what was typed (the report
    form's building search: "12" → 12号楼)."""
    _require_view(request)
    q = (request.GET.get("q") or "").strip()[:20]
    rows = report_place_matches(request.user, q, limit=PLACE_RESULTS) if q else []
    return render(request, "includes/place_results.html", {"rows": rows, "q": q})


def _visible_area(user: Actor, area_id: Any) -> Area | None:
    if not str(area_id or "").isdigit():
        return None
    return visible_to(Area.objects.all(), user).filter(pk=int(area_id)).first()


@login_required
def households(request: HttpRequest) -> HttpResponse:
    """The household options of a building for the report form (htmx fills the select)."""
    _require_view(request)
    area_id = request.GET.get("area", "")
    area = get_for(request.user, Area, area_id) if area_id else None
    return render(request, "cases/household_options.html", {"households": report_households(request.user, area)})


def _timeline(case: Case, photos: dict[int | None, list[CasePhoto]], events: list[CaseEvent]) -> list[dict[str, Any]]:
    """Transitions (with their photos) and events in one list, oldest first."""
    items: list[dict[str, Any]] = [
        {
            "at": t.at,
            "who": t.actor_name,
            "what": State(t.to_state).label,
            "comment": t.comment,
            "kind": "state",
            "photos": photos.get(t.pk, []),
        }
        for t in case.transitions.all()
    ]
    items += [
        {
            "at": e.at,
            "who": e.actor.__str__() if e.actor else _("system"),
            "what": e.get_kind_display(),
            "comment": e.text,
            "kind": e.kind,
        }
        for e in events
    ]
    return sorted(items, key=lambda item: item["at"])


@login_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    # Whether it has photos or handovers at all: most cases have neither, and then the page
    # does not ask for them.
    case = get_for(
        request.user,
        with_overdue(Case.objects.select_related("category", "area", "grid", "assignee", "household")).annotate(
            has_photos=Exists(CasePhoto.objects.filter(case=OuterRef("pk"))),
            has_handovers=Exists(CaseHandover.objects.filter(case=OuterRef("pk"))),
        ),
        pk,
    )
    # Read once for the timeline, the cards and the pending 督办 and extension request.
    events = list(case.events.select_related("actor"))
    for cards, kind in (("yellow_cards", CaseEvent.Kind.YELLOW_CARD), ("red_cards", CaseEvent.Kind.RED_CARD)):
        setattr(case, cards, sum(1 for e in events if e.kind == kind))
    allowed = services.allowed_transitions(request.user, case)
    actions = [
        {
            "to": to,
            "label": action_label(case.state, to),
            "form": TransitionForm(
                initial={"to": to, "version": case.version},
                assignees=possible_assignees(case) if to == State.ASSIGNED else None,
                auto_id=f"id_{to}_%s",  # several forms on one page: ids must stay unique
            ),
            "photos": to in PHOTO_STEPS,
        }
        for to in allowed
    ]
    # One query for every photo of the case, whatever their number: grouped by step here.
    photos: dict[int | None, list[CasePhoto]] = defaultdict(list)
    for photo in case.photos.all() if getattr(case, "has_photos", True) else ():
        photos[photo.transition_id].append(photo)
    roles = services.roles_on_case(request.user, case)
    unresolved = case.state in UNRESOLVED
    may_place = services.may_place(request.user, case)
    context = {
        "case": case,
        "timeline": _timeline(case, photos, events),
        "report_photos": photos.get(None, []),
        "actions": actions,
        "pending_supervision": sup.pending_supervision(case, events),
        "pending_extension": sup.pending_extension(case, events),
        **handover_views.detail_extras(request.user, case),
        "may_supervise": unresolved and bool(roles & SUPERVISORS),
        "may_handle": unresolved and bool(roles & {"assignee", *HANDLERS}),
        "max_extension": sup.MAX_EXTENSION_DAYS,
        # 定位: only for a case waiting to be placed, so other cases cost no query for it.
        "place_form": PlaceForm(
            initial={"version": case.version}, places=place_choices(request.user, case), auto_id="id_place_%s"
        )
        if may_place
        else None,
        "now": timezone.now(),
        "nav": "cases",
        "crumbs": [{"name": _("Cases"), "url": reverse("cases:list")}, {"name": case.tracking_code, "url": ""}],
    }
    return render(request, "cases/detail.html", context)


@case_photos.photo_uploads
@login_required
@require_POST
def transition(request: HttpRequest, pk: int) -> HttpResponse:
    case = get_for(request.user, Case.objects.select_related("area"), pk)
    form = TransitionForm(request.POST, request.FILES, assignees=possible_assignees(case))
    if not form.is_valid():
        messages.error(request, _("The form was incomplete. Please try again."))
        return redirect("cases:detail", case.pk)
    data = form.cleaned_data
    if data["version"] != case.version:
        messages.error(request, _("Someone else has just acted on this case. Reload it to see what changed."))
        return redirect("cases:detail", case.pk)
    assignee = User.objects.filter(pk=data["assignee"], is_active=True).first() if data["assignee"] else None
    try:
        photos = case_photos.photos_process(data["photos"])
        with case_photos.files_removed_on_failure():
            services.case_transition(
                case=case,
                to_state=data["to"],
                actor=request.user,
                comment=data["comment"],
                assignee=assignee,
                photos=photos,
            )
    except CaseChanged as exc:
        messages.error(request, " ".join(exc.messages))
    except Forbidden:
        raise  # ForbiddenMiddleware answers 403
    except DomainError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The case is now: %(state)s.") % {"state": State(data["to"]).label})
    return redirect("cases:detail", case.pk)


@login_required
@require_POST
def supervision(request: HttpRequest, pk: int) -> HttpResponse:
    """督办 and extensions: issue, answer, ask, decide — one form action each."""
    case = get_for(request.user, Case.objects.select_related("area", "category", "assignee"), pk)
    action = request.POST.get("action", "")
    text = request.POST.get("text", "")[:2000]
    try:
        if action == "supervise":
            sup.case_supervise(case=case, actor=request.user, text=text)
            done = _("Supervision notice sent.")
        elif action == "respond":
            sup.case_supervision_respond(case=case, actor=request.user, text=text)
            done = _("Answer sent.")
        elif action == "extend":
            days = request.POST.get("days", "")
            sup.case_extension_request(
                case=case, actor=request.user, days=int(days) if days.isdigit() and len(days) < 4 else 0, reason=text
            )
            done = _("Extension requested.")
        elif action in ("grant", "refuse"):
            sup.case_extension_decide(case=case, actor=request.user, grant=action == "grant", comment=text)
            done = _("Decision recorded.")
        else:
            messages.error(request, _("The form was incomplete. Please try again."))
            return redirect("cases:detail", case.pk)
    except Forbidden:
        raise  # ForbiddenMiddleware answers 403
    except DomainError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, done)
    return redirect("cases:detail", case.pk)


@login_required
@require_POST
def place(request: HttpRequest, pk: int) -> HttpResponse:
    """定位: put a case that waits at the office (位置待核实) in a grid or a building."""
    case = get_for(request.user, Case.objects.select_related("area", "category"), pk)
    form = PlaceForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose the grid or the building where the case is."))
        return redirect("cases:detail", case.pk)
    data = form.cleaned_data
    if data["version"] != case.version:
        messages.error(request, _("Someone else has just acted on this case. Reload it to see what changed."))
        return redirect("cases:detail", case.pk)
    area = visible_to(Area.objects.all(), request.user).filter(pk=data["area"]).first()
    try:
        if area is None:
            raise DomainError({"area": _("Choose the grid or the building where the case is.")})
        case = services.case_place(case=case, actor=request.user, area=area, comment=data["comment"])
    except Forbidden:
        raise  # ForbiddenMiddleware answers 403
    except DomainError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The case is placed in %(place)s.") % {"place": case.area.name})
    return redirect("cases:detail", case.pk)
