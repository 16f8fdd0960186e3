"""Public pages of programmes (no account): browse, enrol a child or oneself by phone number,
look the enrolment up again by phone + code, cancel it.

An enrolment's page opens only in the browser session that made it or looked it up with the
phone number (like a case's tracking page), so a code alone reveals nothing. Names and phone
numbers appear masked. Enrolments from one address are limited per hour, and wrong lookups too.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from tongxin.platform.core.cache import attempt_add, attempts
from tongxin.platform.core.context import client_ip
from tongxin.platform.core.crypto import keyed_hash
from tongxin.platform.core.exceptions import DomainError
from tongxin.platform.core.forms_util import add_domain_errors
from tongxin.platform.core.listing import int_param, paginate
from tongxin.platform.core.personal import PHONE_KIND
from tongxin.platform.web.session import is_remembered, remember
from tongxin.registry.areas.models import COMMUNITY_LEVELS, Area
from tongxin.volunteering.programmes import services
from tongxin.volunteering.programmes.forms import EnrolForm, LookupForm
from tongxin.volunteering.programmes.models import Audience, Enrolment, EnrolmentSource, EnrolmentStatus, Programme
from tongxin.volunteering.programmes.queries import public_programmes

SESSION_KEY = "programme_enrolments"
ROWS_PER_PAGE = 20


def mask_name(name: str) -> str:
    """张小明 → 张*明, 李四 → 李*: enough for a family to recognise, too little for a stranger."""
    if len(name) <= 1:
        return name
    if len(name) == 2:
        return name[0] + "*"
    return name[0] + "*" * (len(name) - 2) + name[-1]


def _published(pk: int) -> Programme:
    programme = (
        Programme.objects.filter(pk=pk, is_published=True).select_related("area").prefetch_related("teachers").first()
    )
    if programme is None:
        raise Http404
    return programme


def _remembered(request: HttpRequest, code: str) -> Enrolment:
    enrolment = Enrolment.objects.filter(code=code.upper()[:16]).select_related("programme", "programme__area").first()
    if enrolment is None or not is_remembered(request, SESSION_KEY, enrolment.pk):
        raise Http404
    return enrolment


def public_list(request: HttpRequest) -> HttpResponse:
    communities = list(
        Area.objects.filter(
            level__in=COMMUNITY_LEVELS,
            programmes__is_published=True,
            programmes__end_date__gte=timezone.localdate(),
        )
        .distinct()
        .order_by("path")
        .values_list("pk", "name")
    )
    community_id = int_param(request, "community")
    community = Area.objects.filter(pk=community_id, level__in=COMMUNITY_LEVELS).first() if community_id else None
    rows = public_programmes(community=community)
    context = {"communities": communities, "community": community, **paginate(request, rows, ROWS_PER_PAGE)}
    return render(request, "programmes/public/list.html", context)


def public_detail(request: HttpRequest, pk: int) -> HttpResponse:
    programme = _published(pk)
    today = timezone.localdate()
    sessions = list(programme.sessions.filter(date__gte=today).order_by("date", "starts_at")[:10])
    return render(
        request,
        "programmes/public/detail.html",
        {
            "programme": programme,
            "sessions": sessions,
            "session_total": programme.sessions.count(),
            "open": programme.end_date >= today,
        },
    )


@require_http_methods(["GET", "POST"])
def public_enrol(request: HttpRequest, pk: int) -> HttpResponse:
    programme = _published(pk)
    child = programme.audience == Audience.CHILDREN
    form = EnrolForm(request.POST if request.method == "POST" else None, public=True, child=child)
    context = {"form": form, "programme": programme, "child": child}
    if request.method == "POST":
        ip = client_ip(request)
        since = timezone.now() - datetime.timedelta(hours=1)
        if services.public_enrolments_from(ip, since) >= settings.PUBLIC_ENROLMENTS_PER_HOUR:
            return render(request, "programmes/public/enrol.html", {**context, "limited": True}, status=429)
        if form.is_valid():
            data = form.cleaned_data
            try:
                enrolment = services.enrolment_create(
                    actor=None,
                    programme=programme,
                    name=data["name"],
                    phone=data["phone"],
                    birth_date=data["birth_date"],
                    guardian_name=data["guardian_name"],
                    source=EnrolmentSource.PUBLIC,
                    ip=ip,
                )
            except DomainError as exc:
                add_domain_errors(form, exc)
            else:
                remember(request, SESSION_KEY, enrolment.pk)
                return redirect("programmes:public_enrolment", enrolment.code)
    return render(request, "programmes/public/enrol.html", context)


def public_enrolment(request: HttpRequest, code: str) -> HttpResponse:
    enrolment = _remembered(request, code)
    return render(
        request,
        "programmes/public/enrolment.html",
        {
            "enrolment": enrolment,
            "programme": enrolment.programme,
            "masked_name": mask_name(enrolment.name),
            "masked_guardian": mask_name(enrolment.guardian_name),
            "position": services.waiting_rank(enrolment),
            "can_cancel": enrolment.status != EnrolmentStatus.CANCELLED
            and enrolment.programme.end_date >= timezone.localdate(),
        },
    )


@require_http_methods(["GET", "POST"])
def public_lookup(request: HttpRequest) -> HttpResponse:
    """Find an enrolment by phone number and lookup code (POST: the number never goes in a URL)."""
    form = LookupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        attempts_key = f"programme-lookup-fail:{client_ip(request) or 'unknown'}"
        if attempts(attempts_key) >= settings.PUBLIC_TRACK_FAILURES_PER_HOUR:
            form.add_error(None, _("Too many tries. Please try again in an hour."))
        else:
            phone_hash = keyed_hash(PHONE_KIND, form.cleaned_data["phone"])
            enrolment = Enrolment.objects.filter(code=form.cleaned_data["code"], phone_hash=phone_hash).first()
            if enrolment is None:
                attempt_add(attempts_key, window=3600)
                # One message whether the code or the number is wrong: nothing to guess from.
                form.add_error(None, _("No enrolment matches this phone number and lookup code."))
            else:
                remember(request, SESSION_KEY, enrolment.pk)
                return redirect("programmes:public_enrolment", enrolment.code)
    return render(request, "programmes/public/lookup.html", {"form": form})


@require_POST
def public_cancel(request: HttpRequest, code: str) -> HttpResponse:
    enrolment = _remembered(request, code)
    if enrolment.programme.end_date < timezone.localdate():
        messages.error(request, _("This programme has ended."))
    else:
        try:
            # The browser proved the enrolment is its own (`_remembered`): no staff check applies.
            services.enrolment_cancel_apply(actor=None, enrolment=enrolment)
        except DomainError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(
                request, _("The enrolment is cancelled. Thank you for telling us: the seat goes to the next in line.")
            )
    return redirect("programmes:public_enrolment", enrolment.code)
