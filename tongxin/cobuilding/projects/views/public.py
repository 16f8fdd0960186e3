"""A completed project's public rating page (/public/projects/<rating_token>/): no sign-in; the
project's title, unit, what it did and its photos' thumbnails, and 1–5 stars with an optional
comment (seen by staff only).

One rating per device: a random cookie, kept a year, and the rating's voter key is a keyed hash of
it with the project (the cookie itself is never stored). Rate-limited per address, so clearing the
cookie does not let one phone stuff the count."""

from __future__ import annotations

import secrets
from typing import Any

from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from tongxin.cobuilding.projects import services
from tongxin.cobuilding.projects.forms import RatingForm
from tongxin.cobuilding.projects.models import Evidence, Project
from tongxin.cobuilding.projects.queries import rating_summary
from tongxin.cobuilding.projects.views.common import get_one
from tongxin.platform.core.cache import attempt_add, attempts
from tongxin.platform.core.context import client_ip
from tongxin.platform.core.crypto import keyed_hash
from tongxin.platform.core.exceptions import DomainError
from tongxin.platform.core.forms_util import add_domain_errors
from tongxin.platform.core.stored_files import stored_file_response

COOKIE = "tx_rater"
COOKIE_AGE = 365 * 24 * 3600
RATINGS_PER_HOUR = 20


def _project(token: str) -> Project:
    if not token or len(token) > 32:
        raise Http404
    project = (
        Project.objects.filter(rating_token=token, state=Project.State.COMPLETED)
        .select_related("unit", "member", "community")
        .first()
    )
    if project is None:
        raise Http404
    return project


def voter_key(project: Project, device: str) -> str:
    return keyed_hash("project-rating", f"{project.pk}:{device}")


@require_http_methods(["GET", "POST"])
def public_rating(request: HttpRequest, token: str) -> HttpResponse:
    project = _project(token)
    device = request.COOKIES.get(COOKIE, "")
    if not device or len(device) > 64:
        device = secrets.token_urlsafe(24)
    rated = project.ratings.filter(voter_key=voter_key(project, device)).exists()
    form = RatingForm(request.POST if request.method == "POST" else None)
    status = 200
    limited = False
    thanks = False
    if request.method == "POST" and not rated:
        key = f"project-rate:{client_ip(request) or 'unknown'}"
        if attempts(key) >= RATINGS_PER_HOUR:
            limited, status = True, 429
        elif form.is_valid():
            attempt_add(key, window=3600)
            try:
                services.rating_add(
                    project=project,
                    score=form.cleaned_data["score"],
                    comment=form.cleaned_data["comment"],
                    voter_key=voter_key(project, device),
                )
            except DomainError as exc:
                add_domain_errors(form, exc)
            else:
                thanks = rated = True
    context: dict[str, Any] = {
        "project": project,
        "photos": list(project.evidence.filter(kind=Evidence.Kind.PHOTO).order_by("uploaded_at", "id")[:12]),
        "form": form,
        "rated": rated,
        "thanks": thanks,
        "limited": limited,
        "rating": rating_summary(project),
        "title": _("Rate a co-building project"),
    }
    response = render(request, "projects/public_rating.html", context, status=status)
    response.set_cookie(COOKIE, device, max_age=COOKIE_AGE, httponly=True, samesite="Lax", secure=request.is_secure())
    return response


@require_GET
def public_photo(request: HttpRequest, token: str, evidence_pk: int) -> FileResponse:
    """A completed project's photo thumbnail, for its public page (never a document)."""
    project = _project(token)
    item = get_one(Evidence.objects.filter(project=project, kind=Evidence.Kind.PHOTO), evidence_pk)
    from tongxin.cobuilding.projects.views.projects import _Thumb

    return stored_file_response(_Thumb(item) if item.thumbnail else item)
