"""The meeting pages: the list, a new meeting, the meeting itself, its minutes and their exports.
Reading takes Perm.VIEW over the council's place; running the meeting takes Perm.CONSULT (the
services check it again on every write)."""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from tongxin.council.consultation import minutes as minutes_export
from tongxin.council.consultation import services
from tongxin.council.consultation.models import Council, MemberRole
from tongxin.council.consultation.views_meetings.common import NAV, meeting_for, runs
from tongxin.council.consultation.views_meetings.forms import (
    AgendaAddForm,
    DiscussionForm,
    MeetingForm,
    MinutesForm,
    VoteOpenForm,
)
from tongxin.council.consultation.views_meetings.queries import meeting_page, meeting_rows, topics_for_agenda, vote_of
from tongxin.platform.access.roles import Perm
from tongxin.platform.access.scope import get_for, scope_for, visible_to
from tongxin.platform.core.audit import audit_record
from tongxin.platform.core.exceptions import DomainError
from tongxin.platform.core.forms_util import add_domain_errors
from tongxin.platform.core.listing import int_param, paginate
from tongxin.platform.web.perms import require
from tongxin.registry.areas.models import COMMUNITY_LEVELS, Area

MAX_CHOICES = 400
ROWS_PER_PAGE = 30


@login_required
@require_GET
def meeting_list(request: HttpRequest) -> HttpResponse:
    require(request.user, Perm.VIEW)
    council_id, community_id = int_param(request, "council"), int_param(request, "community")
    council = get_for(request.user, Council.objects.select_related("area"), council_id) if council_id else None
    community = (
        get_for(request.user, Area.objects.filter(level__in=COMMUNITY_LEVELS), community_id) if community_id else None
    )
    rows = meeting_rows(request.user, council=council, community=community)
    councils = visible_to(Council.objects.filter(is_active=True), request.user)
    if community is not None:
        councils = councils.filter(area__path__startswith=community.path)
    context = {
        "council": council,
        "community": community,
        "councils": list(councils.order_by("area__path", "name").values_list("pk", "name", "area__name")[:MAX_CHOICES]),
        "communities": list(
            visible_to(Area.objects.filter(level__in=COMMUNITY_LEVELS), request.user)
            .order_by("path")
            .values_list("pk", "name")[:MAX_CHOICES]
        ),
        "can_create": council is not None
        and scope_for(request.user).allows_path(Perm.CONSULT, "area", council.area.path),
        "nav": NAV,
        **paginate(request, rows, ROWS_PER_PAGE),
    }
    return render(request, "consultation/meeting_list.html", context)


def _member_names(council: Council) -> tuple[list[str], str, str]:
    today = timezone.localdate()
    rows = list(
        council.members.filter(term_start__lte=today)
        .filter(Q(term_end__isnull=True) | Q(term_end__gte=today))
        .order_by("name_pinyin", "id")
        .values_list("name", "role")
    )
    chair = next((n for n, r in rows if r == MemberRole.CHAIR), "")
    clerk = next((n for n, r in rows if r == MemberRole.CLERK), "")
    return [n for n, _r in rows], chair, clerk


@login_required
@require_http_methods(["GET", "POST"])
def meeting_create(request: HttpRequest, council_pk: int) -> HttpResponse:
    council = get_for(request.user, Council.objects.select_related("kind", "area"), council_pk, perm=Perm.CONSULT)
    topics = topics_for_agenda(request.user, council)
    names, chair, clerk = _member_names(council)
    evening = timezone.localtime().replace(hour=19, minute=0, second=0, microsecond=0) + datetime.timedelta(days=1)
    form = MeetingForm(
        request.POST if request.method == "POST" else None,
        initial={"starts_at": evening, "chaired_by": chair, "recorded_by_name": clerk},
        topics=[(t.pk, f"{t.title} · {t.area.name}") for t in topics],
        members=names,
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        chosen = set(data.pop("topics"))
        try:
            meeting = services.meeting_create(
                council=council, actor=request.user, topics=[t for t in topics if t.pk in chosen], **data
            )
        except DomainError as exc:
            add_domain_errors(form, exc)
        else:
            messages.success(request, _("The meeting was planned. Open the attendance list when it begins."))
            return redirect("consultation:meeting", meeting.pk)
    context = {"form": form, "council": council, "nav": NAV}
    return render(request, "consultation/meeting_form.html", context)


@login_required
@require_GET
def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = meeting_for(request.user, pk)
    page = meeting_page(meeting)
    can_run = runs(request.user, meeting)
    on_agenda = [item.topic_id for item in page.items]
    addable = topics_for_agenda(request.user, meeting.council, exclude=on_agenda) if can_run else []
    items = []
    for item in page.items:
        vote = vote_of(item)
        items.append(
            {
                "item": item,
                "vote": vote,
                "named": page.ballots.get(vote.pk, {}) if vote is not None else {},
                "discussion_form": DiscussionForm(initial={"discussion": item.discussion}, prefix=f"item{item.pk}"),
                "vote_form": VoteOpenForm(
                    initial={"question": _("Agree to the plan for “%(title)s”?") % {"title": item.topic.title}},
                    prefix=f"vote{item.pk}",
                ),
            }
        )
    context = {
        "meeting": meeting,
        "page": page,
        "quorum": page.quorum,
        "items": items,
        "can_run": can_run,
        "agenda_form": AgendaAddForm(topics=[(t.pk, f"{t.title} · {t.area.name}") for t in addable])
        if addable
        else None,
        "rule": _rule(meeting),
        "nav": NAV,
    }
    return render(request, "consultation/meeting_detail.html", context)


def _rule(meeting: Any) -> str:
    from tongxin.council.consultation.rules import describe

    return describe(meeting.council.kind)


@login_required
@require_http_methods(["GET", "POST"])
def minutes(request: HttpRequest, pk: int) -> HttpResponse:
    """The secretary's minutes: the generated text until saved once, then what was saved."""
    meeting = meeting_for(request.user, pk, perm=Perm.CONSULT)
    page = meeting_page(meeting)
    generated = minutes_export.minutes_text(page)
    text = meeting.minutes if meeting.minutes_edited_at and meeting.minutes else generated
    form = MinutesForm(request.POST if request.method == "POST" else None, initial={"text": text})
    if request.method == "POST" and form.is_valid():
        try:
            services.minutes_save(meeting=meeting, actor=request.user, text=form.cleaned_data["text"])
        except DomainError as exc:
            add_domain_errors(form, exc)
        else:
            messages.success(request, _("The minutes were saved."))
            return redirect("consultation:minutes", meeting.pk)
    context = {
        "meeting": meeting,
        "form": form,
        "edited": bool(meeting.minutes_edited_at and meeting.minutes),
        "nav": NAV,
    }
    return render(request, "consultation/meeting_minutes.html", context)


def _download(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    meeting = meeting_for(request.user, pk)
    page = meeting_page(meeting)
    if kind == "docx":
        body = minutes_export.minutes_docx(page)
        content_type = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        disposition = "attachment"
    else:
        body = minutes_export.minutes_pdf(page)
        content_type, disposition = "application/pdf", "inline"
    audit_record(actor=request.user, action="export", obj=meeting, changes={"minutes": kind, "title": meeting.title})
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'{disposition}; filename="meeting-minutes-{meeting.pk}.{kind}"'
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_GET
def minutes_docx(request: HttpRequest, pk: int) -> HttpResponse:
    return _download(request, pk, "docx")


@login_required
@require_GET
def minutes_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    return _download(request, pk, "pdf")
