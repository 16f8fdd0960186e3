"""Pages for residents without an account: a landing page per community, report a problem,
follow it, rate the result."""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from tongxin.grid.cases import photos as case_photos
from tongxin.grid.cases import services
from tongxin.grid.cases.exceptions import CaseChanged
from tongxin.grid.cases.models import Case
from tongxin.grid.cases.workflow import State
from tongxin.interfaces.public.forms import PublicReportForm, RateForm, TrackForm
from tongxin.platform.core.cache import attempt_add, attempts
from tongxin.platform.core.context import client_ip
from tongxin.platform.core.crypto import keyed_hash
from tongxin.platform.core.exceptions import DomainError
from tongxin.platform.core.forms_util import add_domain_errors
from tongxin.platform.core.personal import PHONE_KIND
from tongxin.platform.web.session import TRACKED_CASES, is_remembered, remember
from tongxin.registry.areas.models import COMMUNITY_LEVELS, Area, Level
from tongxin.registry.areas.public_parts import public_parts
from tongxin.registry.areas.queries import building_matches, community_buildings

# A building search answers with this many at most: "1" matches dozens, the resident types on.
PLACE_RESULTS = 12


def _community(community_id: Any) -> Area | None:
    if not str(community_id or "").isdigit():
        return None
    return Area.objects.filter(pk=int(community_id), level__in=COMMUNITY_LEVELS).first()


def _buildings(community_id: Any) -> list[tuple[int, str]]:
    """Buildings of a community, labelled with their grid, for the public form."""
    community = _community(community_id)
    return community_buildings(community) if community is not None else []


def index(request: HttpRequest) -> HttpResponse:
    """Choose your community: each has its own page of what residents can do without an account."""
    communities = list(Area.objects.filter(level__in=COMMUNITY_LEVELS).order_by("path").values_list("pk", "name"))
    if len(communities) == 1:
        return redirect("public:community", communities[0][0])
    return render(request, "public/index.html", {"communities": communities})


def community(request: HttpRequest, pk: int) -> HttpResponse:
    """A community's public page: report a problem, follow it, ask for a service, join a programme."""
    place = get_object_or_404(Area, pk=pk, level__in=COMMUNITY_LEVELS)
    return render(request, "public/community.html", {"community": place, "parts": public_parts(place)})


@case_photos.photo_uploads
@require_http_methods(["GET", "POST"])
def report(request: HttpRequest) -> HttpResponse:
    community_id = request.POST.get("community") or request.GET.get("community")
    # Coming from a community's page, the community is already chosen.
    initial = {"community": community_id} if _community(community_id) is not None else {}
    form = PublicReportForm(
        request.POST or None, request.FILES or None, buildings=_buildings(community_id), initial=initial
    )
    if request.method == "POST":
        ip = client_ip(request)
        since = timezone.now() - datetime.timedelta(hours=1)
        if services.public_reports_from(ip, since) >= settings.PUBLIC_REPORTS_PER_HOUR:
            return render(
                request,
                "public/report.html",
                {"form": form, "limited": True},
                status=429,
            )
        if form.is_valid():
            data = form.cleaned_data
            building = Area.objects.filter(
                pk=data["building"], level=Level.BUILDING, path__startswith=data["community"].path
            ).first()
            if building is None:
                form.add_error("building", _("Choose a building of that community."))
            else:
                try:
                    # Every photo is checked before anything is written: a bad one refuses the report.
                    photos = case_photos.photos_process(data["photos"], keep_location=data["keep_location"])
                    with case_photos.files_removed_on_failure():
                        case = services.case_report(
                            actor=None,
                            category=data["category"],
                            description=data["description"],
                            area=building,
                            photos=photos,
                            source=Case.Source.PUBLIC,
                            reporter_name=data["name"],
                            reporter_phone=data["phone"],
                            reporter_ip=ip,
                        )
                except DomainError as exc:
                    add_domain_errors(form, exc)
                else:
                    remember(request, TRACKED_CASES, case.pk)
                    return redirect("public:reported", case.tracking_code)
    # A file input cannot be refilled: say so when a form with photos comes back with errors.
    photos_dropped = bool(request.FILES) and form.is_bound and bool(form.errors)
    chosen = _chosen_building(form)
    context = {"form": form, "photos_dropped": photos_dropped, "chosen_building": chosen}
    return render(request, "public/report.html", context)


def _chosen_building(form: PublicReportForm) -> str:
    """The label of the building a returned form had chosen, so the picker shows it again."""
    value = str(form["building"].value() or "")
    if not value.isdigit():
        return ""
    choices: Any = getattr(form.fields["building"], "choices", [])
    return next((label for pk, label in choices if str(pk) == value), "")


def places(request: HttpRequest) -> HttpResponse:
    """Buildings of a community whose name holds what was typed ("12" → 12号楼), for the picker."""
    community = _community(request.GET.get("community"))
    q = (request.GET.get("q") or "").strip()[:20]
    rows: list[tuple[int, str, str]] = []
    if community is not None and q:
        rows = building_matches(community, q, limit=PLACE_RESULTS)
    context = {"rows": rows, "q": q, "community": community}
    return render(request, "includes/place_results.html", context)


def reported(request: HttpRequest, code: str) -> HttpResponse:
    """Right after a report: the tracking code, large, to copy or write down."""
    case = _tracked(request, code)
    community = Area.objects.filter(pk__in=case.area.ancestor_ids(), level__in=COMMUNITY_LEVELS).first()
    return render(request, "public/reported.html", {"case": case, "community": community})


@require_http_methods(["GET", "POST"])
def track(request: HttpRequest) -> HttpResponse:
    """Find a case by tracking code and phone number (POST: the number never goes in a URL)."""
    form = TrackForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        ip = client_ip(request) or "unknown"
        attempts_key = f"track-fail:{ip}"
        if attempts(attempts_key) >= settings.PUBLIC_TRACK_FAILURES_PER_HOUR:
            form.add_error(None, _("Too many tries. Please try again in an hour."))
        else:
            phone_hash = keyed_hash(PHONE_KIND, form.cleaned_data["phone"])
            case = Case.objects.filter(tracking_code=form.cleaned_data["code"], phone_hash=phone_hash).first()
            if case is None:
                attempt_add(attempts_key, window=3600)
                # One message whether the code or the number is wrong: nothing to guess from.
                form.add_error(None, _("No report matches this tracking code and phone number."))
            else:
                remember(request, TRACKED_CASES, case.pk)
                return redirect("public:case", case.tracking_code)
    return render(request, "public/track.html", {"form": form})


def _tracked(request: HttpRequest, code: str) -> Case:
    case = Case.objects.filter(tracking_code=code.upper()[:16]).select_related("category", "area", "grid").first()
    if case is None or not is_remembered(request, TRACKED_CASES, case.pk):
        raise Http404
    return case


def case_status(request: HttpRequest, code: str) -> HttpResponse:
    case = _tracked(request, code)
    steps = [{"at": t.at, "state": State(t.to_state).label, "comment": t.comment} for t in case.transitions.all()]
    context = {
        "case": case,
        "steps": steps,
        "rate_form": RateForm() if case.state == State.CLOSED and not case.rating else None,
    }
    return render(request, "public/case.html", context)


@require_POST
def rate(request: HttpRequest, code: str) -> HttpResponse:
    case = _tracked(request, code)
    form = RateForm(request.POST)
    if form.is_valid():
        try:
            services.case_rate(case=case, rating=form.cleaned_data["rating"], comment=form.cleaned_data["comment"])
        except (CaseChanged, DomainError) as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Thank you. Your rating has been recorded."))
    else:
        messages.error(request, _("Choose one of the three answers."))
    return redirect("public:case", case.tracking_code)
