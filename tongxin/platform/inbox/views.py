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
    """The user's notices, newest first; repeated unread ones (same kind and topic) as one line
    each, opening `?kind=…&topic=…`, the list of them. Four queries whatever the number."""
    assert request.user.is_authenticated  # login_required; for the type checker
    qs = Notification.objects.filter(recipient=request.user).order_by("-created_at", "-id")
    kind = request.GET.get("kind", "")
    topic = request.GET.get("topic", "")
    group = None
    if kind:
        if kind not in Notification.Kind.values:
            raise Http404
        qs = qs.filter(kind=kind, topic=topic)
        group = {"kind": kind, "kind_label": Notification.Kind(kind).label, "topic": topic}
        groups = []
    else:
        groups = services.unread_groups(request.user)
        if groups:
            qs = qs.exclude(services.grouped_q(groups))
    context = {"nav": "inbox", "groups": groups, "group": group, **paginate(request, qs)}
    return render(request, "inbox/list.html", context)


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
    """Mark all as read, or one group only (`kind` and `topic` posted with the button)."""
    kind = request.POST.get("kind", "")
    if kind and kind not in Notification.Kind.values:
        raise Http404
    marked = services.inbox_mark_all_read(actor=request.user, kind=kind, topic=request.POST.get("topic", ""))
    if marked:
        messages.success(request, _("All messages are marked as read."))
    return redirect("inbox:list")
