from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from tongxin.platform.core.listing import paginate
from tongxin.platform.inbox import services
from tongxin.platform.inbox.models import Notification


@login_required
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    assert request.user.is_authenticated  # login_required; for the type checker
    qs = Notification.objects.filter(recipient=request.user).order_by("-created_at", "-id")
    return render(request, "inbox/list.html", {"nav": "inbox", **paginate(request, qs)})


@login_required
@require_POST
def read(request: HttpRequest, pk: str) -> HttpResponse:
    # Only the user's own notification: another user's id is a 404, as if it did not exist.
    assert request.user.is_authenticated  # login_required; for the type checker
    note = Notification.objects.filter(pk=int(pk), recipient=request.user).only("pk", "url").first()
    if note is None:
        raise Http404
    services.mark_read(user=request.user, notification_ids=[note.pk])
    if note.url and services.is_local_url(note.url):
        return redirect(note.url)
    return redirect("inbox:list")


@login_required
@require_POST
def read_all(request: HttpRequest) -> HttpResponse:
    if services.mark_read(user=request.user):
        messages.success(request, _("All messages are marked as read."))
    return redirect("inbox:list")
