"""The projects list (项目清单) with its state tabs, a project's page, and what is done on it:
start, milestones (add, report done with photos and documents), complete, cancel, ratings
collected by staff; and the scoped view that serves its files."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from tongxin.cobuilding.projects import queries, services
from tongxin.cobuilding.projects.evidence import documents_check
from tongxin.cobuilding.projects.forms import CancelForm, CompleteForm, MilestoneForm, ReportForm, StaffRatingForm
from tongxin.cobuilding.projects.models import Evidence, Milestone, Project, Rating
from tongxin.cobuilding.projects.views.common import get_one, require_reader
from tongxin.cobuilding.projects.workbench import PROJECT_WAITING
from tongxin.grid.cases.photos import files_removed_on_failure, photo_uploads, photos_process
from tongxin.platform.access.roles import Perm
from tongxin.platform.access.scope import scope_for, visible_to
from tongxin.platform.core.crypto import keyed_hash
from tongxin.platform.core.exceptions import DomainError
from tongxin.platform.core.forms_util import add_domain_errors
from tongxin.platform.core.listing import clean_text, paginate
from tongxin.platform.core.stored_files import stored_file_response

STATES = Project.State.values


@login_required
@require_GET
def project_list(request: HttpRequest) -> HttpResponse:
    require_reader(request.user)
    base = visible_to(Project.objects.all(), request.user)
    q = clean_text(request.GET.get("q", ""), 50)
    if q:
        base = base.filter(title__icontains=q)
    waiting = request.GET.get("waiting", "")
    if waiting in PROJECT_WAITING:
        base = base.filter(PROJECT_WAITING[waiting](timezone.localdate()))
    counts = queries.project_counts(base)
    state = request.GET.get("state", "")
    qs = base.filter(state=state) if state in STATES else base
    page = paginate(request, queries.project_rows(qs).order_by("-created_at", "-id"), 50)
    context: dict[str, Any] = {
        **page,
        "state": state if state in STATES else "",
        "states": [(s, label, counts[s]) for s, label in Project.State.choices],
        "all_count": sum(counts.values()),
        "q": q,
        "waiting": waiting if waiting in PROJECT_WAITING else "",
        "today": timezone.localdate(),
        "nav": "projects",
    }
    return render(request, "projects/project_list.html", context)


def _project(user: Any, pk: Any) -> Project:
    qs = queries.projects_visible_to(user).select_related("need", "community", "unit", "member", "commitment")
    return get_one(qs, pk)


def _acting(user: Any, pk: Any) -> Project:
    project = _project(user, pk)
    if not queries.may_act_on(user, project):
        raise PermissionDenied
    return project


@login_required
@require_GET
def project_detail(request: HttpRequest, pk: int) -> HttpResponse:
    project = _project(request.user, pk)
    evidence = list(project.evidence.all())
    milestones = list(
        project.milestones.prefetch_related(
            Prefetch("evidence", queryset=Evidence.objects.order_by("uploaded_at", "id"), to_attr="files")
        )
    )
    staff = services.may_run(request.user, project.community)
    live = project.state in (Project.State.CLAIMED, Project.State.IN_PROGRESS)
    context: dict[str, Any] = {
        "project": project,
        "milestones": milestones,
        "photos": [e for e in evidence if e.kind == Evidence.Kind.PHOTO],
        "documents": [e for e in evidence if e.kind == Evidence.Kind.DOCUMENT],
        "rating": queries.rating_summary(project),
        "comments": list(project.ratings.exclude(comment="").order_by("-rated_at")[:20]) if staff else [],
        "can_act": queries.may_act_on(request.user, project),
        "staff": staff,
        "live": live,
        "resources": list(project.resources.select_related("unit")),
        "public_url": request.build_absolute_uri(f"/public/projects/{project.rating_token}/")
        if project.state == Project.State.COMPLETED
        else "",
        "nav": "projects" if queries.reads_cobuild(request.user) else "portal",
    }
    return render(request, "projects/project_detail.html", context)


@login_required
@require_POST
def project_start(request: HttpRequest, pk: int) -> HttpResponse:
    project = _acting(request.user, pk)
    try:
        services.project_start(actor=request.user, project=project)
    except DomainError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The project is under way."))
    return redirect("projects:project", project.pk)


@login_required
@require_http_methods(["GET", "POST"])
def milestone_new(request: HttpRequest, pk: int) -> HttpResponse:
    project = _acting(request.user, pk)
    form = MilestoneForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.milestone_add(actor=request.user, project=project, **form.cleaned_data)
        except DomainError as exc:
            add_domain_errors(form, exc)
        else:
            messages.success(request, _("Milestone added."))
            return redirect("projects:project", project.pk)
    return render(
        request,
        "projects/form.html",
        {"project": project, "form": form, "title": _("Add a milestone"), "nav": "projects"},
    )


@photo_uploads
@login_required
@require_http_methods(["GET", "POST"])
def milestone_report(request: HttpRequest, pk: int, milestone_pk: int) -> HttpResponse:
    project = _acting(request.user, pk)
    milestone = get_one(Milestone.objects.filter(project=project), milestone_pk)
    milestone.project = project
    posted = request.method == "POST"
    form = ReportForm(
        request.POST if posted else None, request.FILES if posted else None, initial={"done_on": timezone.localdate()}
    )
    if posted and form.is_valid():
        try:
            photos = photos_process(form.cleaned_data["photos"])
            documents = documents_check(form.cleaned_data["documents"])
            with files_removed_on_failure():
                services.milestone_report(
                    actor=request.user,
                    milestone=milestone,
                    report=form.cleaned_data["report"],
                    done_on=form.cleaned_data["done_on"],
                    photos=photos,
                    documents=documents,
                )
        except DomainError as exc:
            add_domain_errors(form, exc)
        else:
            messages.success(request, _("Milestone “%(title)s” reported.") % {"title": milestone.title})
            return redirect("projects:project", project.pk)
    return render(
        request,
        "projects/report_form.html",
        {"project": project, "milestone": milestone, "form": form, "nav": "projects"},
    )


@photo_uploads
@login_required
@require_http_methods(["GET", "POST"])
def project_complete(request: HttpRequest, pk: int) -> HttpResponse:
    project = _acting(request.user, pk)
    posted = request.method == "POST"
    form = CompleteForm(
        request.POST if posted else None,
        request.FILES if posted else None,
        initial={"completed_on": timezone.localdate(), "volunteer_hours": 0},
    )
    if posted and form.is_valid():
        d = form.cleaned_data
        try:
            photos = photos_process(d["photos"])
            with files_removed_on_failure():
                if photos:
                    services.evidence_add(actor=request.user, project=project, photos=photos)
                services.project_complete(
                    actor=request.user,
                    project=project,
                    summary=d["summary"],
                    people_served=d["people_served"],
                    completed_on=d["completed_on"],
                    spent=d["spent"],
                    volunteer_hours=d["volunteer_hours"],
                )
        except DomainError as exc:
            add_domain_errors(form, exc)
        else:
            messages.success(request, _("Project completed. Residents can now rate it."))
            return redirect("projects:project", project.pk)
    return render(request, "projects/complete_form.html", {"project": project, "form": form, "nav": "projects"})


@login_required
@require_http_methods(["GET", "POST"])
def project_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    project = _acting(request.user, pk)
    form = CancelForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.project_cancel(actor=request.user, project=project, reason=form.cleaned_data["reason"])
        except DomainError as exc:
            add_domain_errors(form, exc)
        else:
            messages.success(request, _("Project cancelled; its need is open to claim again."))
            return redirect("projects:project", project.pk)
    return render(
        request,
        "projects/form.html",
        {"project": project, "form": form, "title": _("Cancel the project"), "nav": "projects"},
    )


@login_required
@require_http_methods(["GET", "POST"])
def rating_new(request: HttpRequest, pk: int) -> HttpResponse:
    """Staff record a rating a resident gave on a visit: one per household."""
    project = _project(request.user, pk)
    if not scope_for(request.user).has_perm(Perm.COBUILD) or not services.may_run(request.user, project.community):
        raise PermissionDenied
    form = StaffRatingForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        household = "".join(d["household"].split())
        try:
            services.rating_add(
                project=project,
                score=d["score"],
                comment=d["comment"],
                channel=Rating.Channel.STAFF,
                voter_key=keyed_hash("project-rating-household", f"{project.pk}:{household}"),
                actor=request.user,
            )
        except DomainError as exc:
            add_domain_errors(form, exc)
        else:
            messages.success(request, _("Rating recorded."))
            return redirect("projects:project", project.pk)
    return render(
        request,
        "projects/form.html",
        {"project": project, "form": form, "title": _("Record a rating collected on a visit"), "nav": "projects"},
    )


@login_required
@require_GET
def evidence_file(request: HttpRequest, pk: int, evidence_pk: int) -> FileResponse:
    project = _project(request.user, pk)
    item = get_one(Evidence.objects.filter(project=project), evidence_pk)
    if request.GET.get("thumb") == "1":
        if not item.thumbnail:
            raise Http404
        return stored_file_response(_Thumb(item))
    return stored_file_response(item)


class _Thumb:
    """A photo's thumbnail, shaped for stored_file_response."""

    def __init__(self, item: Evidence) -> None:
        self.file = item.thumbnail
        self.name = "thumb.jpg"
        self.content_type = "image/jpeg"
        self.is_image = True
