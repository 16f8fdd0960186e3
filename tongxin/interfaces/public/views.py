"""Pages for residents without an account: report a problem, follow it, rate the result."""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
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
from tongxin.registry.areas.queries import community_buildings


def _buildings(community_id: Any) -> list[tuple[int, str]]:
    """Buildings of a community, labelled with their grid, for the public form."""
    community = (
        Area.objects.filter(pk=community_id, level__in=COMMUNITY_LEVELS).first()
        if str(community_id).isdigit()
        else None
    )
    return community_buildings(community) if community is not None else []


@case_photos.photo_uploads
@require_http_methods(["GET", "POST"])
def report(request: HttpRequest) -> HttpResponse:
    community_id = request.POST.get("community") or request.GET.get("community")
    form = PublicReportForm(request.POST or None, request.FILES or None, buildings=_buildings(community_id))
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
                    return redirect("public:case", case.tracking_code)
    # A file input cannot be refilled: say so when a form with photos comes back with errors.
    photos_dropped = bool(request.FILES) and form.is_bound and bool(form.errors)
    return render(request, "public/report.html", {"form": form, "photos_dropped": photos_dropped})


def places(request: HttpRequest) -> HttpResponse:
    """The building choices of a community (htmx fills the select with them)."""
    return render(request, "public/building_options.html", {"buildings": _buildings(request.GET.get("community"))})


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
    case = Case.objects.filter(tracking_code=code.upper()[:16]).select_related("category", "grid").first()
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
