"""Door to door on a phone: the grid worker's (or building leader's) households still to take a
notice to, by building and door number, one large button per household (Perm.VISIT in their
place)."""

from __future__ import annotations

import re

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tongxin.fieldwork.notices import services
from tongxin.fieldwork.notices.models import Notice, NoticeDelivery
from tongxin.fieldwork.notices.queries import delivers, to_deliver, to_deliver_rows, why_not
from tongxin.fieldwork.notices.views.office import get_or_404
from tongxin.platform.access.roles import Perm
from tongxin.platform.access.scope import visible_to
from tongxin.platform.core.exceptions import DomainError, Forbidden
from tongxin.platform.core.listing import paginate

PER_PAGE = 100


@login_required
def deliver(request: HttpRequest) -> HttpResponse:
    if not delivers(request.user):
        raise PermissionDenied
    notice_id = _id(request.GET.get("notice", ""))
    notice = None
    if notice_id is not None:
        # A notice with a household of this person's place, or 404.
        mine = visible_to(NoticeDelivery.objects.all(), request.user, Perm.VISIT).values("notice_id")
        notice = get_or_404(Notice.objects.filter(pk__in=mine), notice_id)
    count = to_deliver(request.user, notice_id=notice_id).count()
    page = paginate(request, to_deliver_rows(request.user, notice_id=notice_id), PER_PAGE, count=count)
    rows = list(page["rows"])
    for d in rows:
        d.why = why_not(d)
    page["rows"] = rows
    return render(request, "notices/deliver.html", {**page, "notice": notice, "nav": "notices"})


@login_required
@require_POST
def confirm(request: HttpRequest, pk: int) -> HttpResponse:
    if not delivers(request.user):
        raise PermissionDenied
    delivery = get_or_404(visible_to(NoticeDelivery.objects.all(), request.user, Perm.VISIT), pk)
    nobody_home = request.POST.get("nobody_home") == "1"
    try:
        services.confirm_door(actor=request.user, delivery=delivery, nobody_home=nobody_home)
    except Forbidden:
        raise
    except DomainError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        if nobody_home:
            messages.info(request, _("Noted: nobody home. The household stays on the list."))
        else:
            messages.success(request, _("Delivered: %(place)s") % {"place": _door(delivery)})
    back = reverse("notices:deliver")
    notice_id = _id(request.POST.get("notice", ""))
    if notice_id is not None:
        back += f"?notice={notice_id}"
    return redirect(back)


def _id(value: str) -> int | None:
    """An id typed in ASCII digits (not "²" nor "٣"), within the column's range."""
    value = value.strip()
    return int(value) if re.fullmatch(r"[0-9]{1,18}", value) else None


def _door(d: NoticeDelivery) -> str:
    h = d.household
    return f"{h.area.name} {h.number}"
