"""What happens during a meeting: the agenda changed, attendance opened and ticked, votes opened,
counted and closed. Each write is a service call; a refusal comes back as a message on the page
it was made from."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from tongxin.council.consultation import services
from tongxin.council.consultation.models import Choice, QuorumBasis, Vote, VoteMethod
from tongxin.council.consultation.views_meetings.common import (
    NAV,
    check_runs,
    ids_from,
    item_for,
    meeting_for,
    not_found_message,
    refused,
    vote_for,
)
from tongxin.council.consultation.views_meetings.forms import (
    AgendaAddForm,
    CountForm,
    DiscussionForm,
    VillagersForm,
    VoteOpenForm,
)
from tongxin.council.consultation.views_meetings.queries import meeting_page, topics_for_agenda
from tongxin.platform.access.roles import Perm
from tongxin.platform.core.exceptions import DomainError, Forbidden
from tongxin.platform.core.forms_util import add_domain_errors


def _to_meeting(pk: int, anchor: str = "") -> HttpResponse:
    return redirect(reverse("consultation:meeting", args=[pk]) + (f"#{anchor}" if anchor else ""))


def _form_errors(request: HttpRequest, form: object) -> None:
    errors = getattr(form, "errors", {})
    messages.error(request, " ".join(str(e) for field in errors.values() for e in field))


@login_required
@require_POST
def agenda_add(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = meeting_for(request.user, pk)
    check_runs(request.user, meeting)
    topics = topics_for_agenda(request.user, meeting.council)
    form = AgendaAddForm(request.POST, topics=[(t.pk, t.title) for t in topics])
    if not form.is_valid():
        _form_errors(request, form)
        return _to_meeting(meeting.pk, "agenda")
    topic = next(t for t in topics if t.pk == form.cleaned_data["topic"])
    try:
        services.agenda_add(meeting=meeting, actor=request.user, topic=topic)
    except DomainError as exc:
        refused(request, exc)
    else:
        messages.success(request, _("“%(title)s” is on the agenda.") % {"title": topic.title})
    return _to_meeting(meeting.pk, "agenda")


@login_required
@require_POST
def agenda_remove(request: HttpRequest, pk: int) -> HttpResponse:
    item = item_for(request.user, pk)
    check_runs(request.user, item.meeting)
    try:
        services.agenda_remove(item=item, actor=request.user)
    except DomainError as exc:
        refused(request, exc)
    else:
        messages.success(request, _("“%(title)s” was taken off the agenda.") % {"title": item.topic.title})
    return _to_meeting(item.meeting_id, "agenda")


@login_required
@require_POST
def item_discussion(request: HttpRequest, pk: int) -> HttpResponse:
    item = item_for(request.user, pk)
    check_runs(request.user, item.meeting)
    form = DiscussionForm(request.POST, prefix=f"item{item.pk}")
    if not form.is_valid():
        _form_errors(request, form)
        return _to_meeting(item.meeting_id, f"item-{item.pk}")
    try:
        services.item_discussion(item=item, actor=request.user, discussion=form.cleaned_data["discussion"])
    except DomainError as exc:
        refused(request, exc)
    else:
        messages.success(request, _("The discussion notes were saved."))
    return _to_meeting(item.meeting_id, f"item-{item.pk}")


@login_required
@require_POST
def attendance_open(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = meeting_for(request.user, pk)
    check_runs(request.user, meeting)
    meeting = services.attendance_open(meeting=meeting, actor=request.user)
    messages.success(
        request, _("The attendance list is open: %(n)d entitled to attend.") % {"n": meeting.entitled_count or 0}
    )
    return redirect("consultation:meeting_attendance", meeting.pk)


@login_required
@require_http_methods(["GET", "POST"])
def attendance(request: HttpRequest, pk: int) -> HttpResponse:
    """Who came: a tick list made for a phone at the door, or a villagers' meeting's two counts."""
    meeting = meeting_for(request.user, pk, perm=Perm.CONSULT)
    villagers = meeting.council.kind.quorum_basis == QuorumBasis.VILLAGERS
    form = None
    if villagers:
        initial = {
            "present": meeting.present_entered or 0,
            "households_present": meeting.households_present_entered or 0,
        }
        form = VillagersForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST":
        try:
            if form is not None:
                if form.is_valid():
                    services.villagers_present(meeting=meeting, actor=request.user, **form.cleaned_data)
                    messages.success(request, _("The counts were saved."))
                    return redirect("consultation:meeting", meeting.pk)
            else:
                ids = ids_from(request.POST.getlist("present"))
                if ids is None:
                    messages.error(request, not_found_message())
                    return redirect("consultation:meeting_attendance", meeting.pk)
                n = services.attendance_mark(meeting=meeting, actor=request.user, present=ids)
                messages.success(request, _("Attendance saved: %(n)d present.") % {"n": n})
                return redirect("consultation:meeting", meeting.pk)
        except DomainError as exc:
            if form is not None:
                add_domain_errors(form, exc)
            else:
                refused(request, exc)
                return redirect("consultation:meeting_attendance", meeting.pk)
    page = meeting_page(meeting)
    context = {
        "meeting": meeting,
        "page": page,
        "quorum": page.quorum,
        "villagers": villagers,
        "form": form,
        "nav": NAV,
    }
    return render(request, "consultation/meeting_attendance.html", context)


@login_required
@require_POST
def vote_open(request: HttpRequest, pk: int) -> HttpResponse:
    item = item_for(request.user, pk)
    check_runs(request.user, item.meeting)
    form = VoteOpenForm(request.POST, prefix=f"vote{item.pk}")
    if not form.is_valid():
        _form_errors(request, form)
        return _to_meeting(item.meeting_id, f"item-{item.pk}")
    try:
        vote = services.vote_open(item=item, actor=request.user, **form.cleaned_data)
    except DomainError as exc:
        refused(request, exc)
        return _to_meeting(item.meeting_id, f"item-{item.pk}")
    return redirect("consultation:meeting_vote", vote.pk)


def _record(request: HttpRequest, vote: Vote) -> tuple[bool, CountForm | None]:
    """Save the ballots or the counts posted; (saved, the count form to show again)."""
    if vote.method == VoteMethod.NAMED:
        choices: dict[int, str] = {}
        for key in request.POST:
            if not key.startswith("ballot-"):
                continue
            value = request.POST.get(key, "")
            ids = ids_from([key.removeprefix("ballot-")])
            if not ids:
                raise DomainError({"ballots": _("Only members present may vote.")})
            choices[ids[0]] = value
        services.ballots_record(vote=vote, actor=request.user, choices=choices)
        return True, None
    form = CountForm(request.POST)
    if not form.is_valid():
        return False, form
    try:
        services.vote_count(vote=vote, actor=request.user, **form.cleaned_data)
    except DomainError as exc:
        if isinstance(exc, Forbidden):
            raise
        add_domain_errors(form, exc)
        return False, form
    return True, form


@login_required
@require_http_methods(["GET", "POST"])
def vote(request: HttpRequest, pk: int) -> HttpResponse:
    """One item's vote: the ballots by name or the counts, then closed with its result."""
    vote = vote_for(request.user, pk)
    meeting = meeting_for(request.user, vote.item.meeting_id, perm=Perm.CONSULT)
    form = None
    if request.method == "POST":
        try:
            saved, form = _record(request, vote)
            if saved and request.POST.get("close"):
                vote.refresh_from_db()
                vote = services.vote_close(vote=vote, actor=request.user)
                messages.success(request, _("The vote is closed: %(result)s.") % {"result": vote.get_result_display()})
                return _to_meeting(meeting.pk, f"item-{vote.item_id}")
            if saved:
                messages.success(request, _("The votes were saved."))
                return redirect("consultation:meeting_vote", vote.pk)
        except DomainError as exc:
            refused(request, exc)
            return redirect("consultation:meeting_vote", vote.pk)
    vote.refresh_from_db()
    page = meeting_page(meeting)
    mine = dict(vote.ballots.values_list("attendance_id", "choice"))
    if form is None:
        form = CountForm(initial={"yes": vote.yes, "no": vote.no, "abstain": vote.abstain})
    context = {
        "meeting": meeting,
        "vote": vote,
        "item": vote.item,
        "quorum": page.quorum,
        "present": [(a, mine.get(a.pk, "")) for a in page.present],
        "choices": Choice.choices,
        "form": form,
        "named": vote.method == VoteMethod.NAMED,
        "nav": NAV,
    }
    return render(request, "consultation/meeting_vote.html", context)


@login_required
@require_POST
def vote_close(request: HttpRequest, pk: int) -> HttpResponse:
    vote = vote_for(request.user, pk)
    check_runs(request.user, vote.item.meeting)
    try:
        vote = services.vote_close(vote=vote, actor=request.user)
    except DomainError as exc:
        refused(request, exc)
    else:
        messages.success(request, _("The vote is closed: %(result)s.") % {"result": vote.get_result_display()})
    return _to_meeting(vote.item.meeting_id, f"item-{vote.item_id}")
