"""The office's pages: the list of notices, writing a draft, one notice (reached per grid, the
not-yet-reached list, remind, close). Perm.CAMPAIGN writes; the subdistrict reads."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tongxin.fieldwork.notices import services
from tongxin.fieldwork.notices.forms import NoticeForm
from tongxin.fieldwork.notices.models import Notice
from tongxin.fieldwork.notices.queries import (
    delivering_notices,
    delivers,
    grid_progress,
    not_reached,
    notice_list,
    notices_visible_to,
    reads_notices,
    status_counts,
    totals,
    why_not,
)
from tongxin.platform.access.roles import Perm
from tongxin.platform.access.scope import scope_for, visible_to
from tongxin.platform.core.exceptions import DomainError, Forbidden
from tongxin.platform.core.forms_util import add_domain_errors
from tongxin.platform.core.listing import paginate, text_param
from tongxin.platform.core.trees import node_choices
from tongxin.registry.areas.models import COMMUNITY_LEVELS, Area, Level
from tongxin.registry.people.models import CareCategory

NOT_REACHED_SHOWN = 200


def get_or_404(qs: QuerySet[Any], pk: Any) -> Any:
    try:
        key = int(pk)
    except (TypeError, ValueError) as exc:
        raise Http404 from exc
    obj = qs.filter(pk=key).first() if 0 < key < 2**62 else None
    if obj is None:
        raise Http404
    return obj


def notice_for(user: Any, pk: Any) -> Notice:
    if not reads_notices(user):
        raise PermissionDenied
    return get_or_404(notices_visible_to(user).select_related("community", "area", "care_category"), pk)


def _require_runs(user: Any, notice: Notice) -> None:
    if not services.may_run(user, notice.community):
        raise PermissionDenied


@login_required
def notices(request: HttpRequest) -> HttpResponse:
    """Staff and the subdistrict: every notice in their place; a grid worker or building leader:
    the notices with households left for them to deliver."""
    if not reads_notices(request.user):
        if not delivers(request.user):
            raise PermissionDenied
        rows = list(delivering_notices(request.user)[:100])
        return render(
            request,
            "notices/delivering.html",
            {"rows": rows, "left": sum(n.left for n in rows), "nav": "notices"},  # type: ignore[attr-defined]
        )
    status = text_param(request, "status", 10)
    status = status if status in Notice.Status.values else ""
    qs = notice_list(request.user, status=status)
    counts = status_counts(notices_visible_to(request.user))
    page = paginate(request, qs, 50, count=counts[status] if status else counts["total"])
    return render(
        request,
        "notices/notice_list.html",
        {
            **page,
            "nav": "notices",
            "counts": counts,
            "status": status,
            "statuses": Notice.Status.choices,
            "can_write": scope_for(request.user).has_perm(Perm.CAMPAIGN),
            "delivers": delivers(request.user),
        },
    )


def _places(user: Any) -> QuerySet[Area]:
    return visible_to(Area.objects.filter(level__in=[*COMMUNITY_LEVELS, Level.GRID]), user, Perm.CAMPAIGN)


def _form(request: HttpRequest, initial: dict[str, Any] | None = None) -> NoticeForm:
    categories = [(c.pk, str(c)) for c in CareCategory.objects.all()]
    return NoticeForm(
        request.POST or None, initial=initial, places=node_choices(_places(request.user), 300), categories=categories
    )


def _form_page(request: HttpRequest, notice: Notice | None) -> HttpResponse:
    initial = None
    if notice is not None:
        fields = ("title", "text", "audience", "over_60", "by_text", "by_door")
        initial = {f: getattr(notice, f) for f in fields} | {
            "area": notice.area_id,
            "care_category": notice.care_category_id,
        }
    form = _form(request, initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        area = _places(request.user).filter(pk=data.pop("area")).first()
        category = CareCategory.objects.filter(pk=data.pop("care_category") or 0).first()
        try:
            saved = services.notice_save(actor=request.user, notice=notice, area=area, care_category=category, **data)
        except Forbidden:
            raise
        except DomainError as exc:
            add_domain_errors(form, exc)
        else:
            messages.success(request, _("Notice saved. Check it, then send it."))
            return redirect("notices:notice", saved.pk)
    title = _("Edit the notice") if notice else _("New notice to households")
    return render(request, "notices/form.html", {"form": form, "title": title, "notice": notice, "nav": "notices"})


@login_required
def notice_new(request: HttpRequest) -> HttpResponse:
    if not scope_for(request.user).has_perm(Perm.CAMPAIGN):
        raise PermissionDenied
    return _form_page(request, None)


@login_required
def notice_edit(request: HttpRequest, pk: int) -> HttpResponse:
    notice = notice_for(request.user, pk)
    _require_runs(request.user, notice)
    if notice.status != Notice.Status.DRAFT:
        messages.error(request, _("This notice was sent: it can no longer be changed."))
        return redirect("notices:notice", notice.pk)
    return _form_page(request, notice)


@login_required
def notice_detail(request: HttpRequest, pk: int) -> HttpResponse:
    notice = notice_for(request.user, pk)
    left = list(not_reached(notice)[: NOT_REACHED_SHOWN + 1])
    for d in left:
        d.why = why_not(d)  # type: ignore[attr-defined]
    return render(
        request,
        "notices/notice_detail.html",
        {
            "notice": notice,
            "runs": services.may_run(request.user, notice.community),
            "totals": totals(notice),
            "grids": grid_progress(notice),
            "left": left[:NOT_REACHED_SHOWN],
            "more_left": len(left) > NOT_REACHED_SHOWN,
            "nav": "notices",
        },
    )


def _act(request: HttpRequest, pk: int, act: Any, done: str) -> HttpResponse:
    notice = notice_for(request.user, pk)
    _require_runs(request.user, notice)
    try:
        result = act(notice)
    except Forbidden:
        raise
    except DomainError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, done % result if isinstance(result, dict) else done)
    return redirect("notices:notice", notice.pk)


@login_required
@require_POST
def notice_send(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(
        request,
        pk,
        lambda n: services.notice_send(actor=request.user, notice=n),
        _("The notice is sent: texts go out now, and the grid workers have their to-deliver lists."),
    )


@login_required
@require_POST
def notice_remind(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(
        request,
        pk,
        lambda n: services.notice_remind(actor=request.user, notice=n),
        _("Reminder sent: %(texts)d texts again, %(told)d grid workers told of %(left)d households left."),
    )


@login_required
@require_POST
def notice_close(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(request, pk, lambda n: services.notice_close(actor=request.user, notice=n), _("The notice is closed."))
