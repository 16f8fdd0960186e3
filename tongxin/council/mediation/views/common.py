"""The gates every mediation page goes through: who may open the pages at all (403), which rows
they see (404 outside), and who may write (the service checks; a form page asks first)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone

from tongxin.council.mediation.models import Committee, MediationCase, Mediator
from tongxin.council.mediation.queries import cases_visible_to, committees_visible_to, reads_mediation
from tongxin.platform.access.roles import Perm
from tongxin.platform.access.scope import scope_for
from tongxin.platform.core.exceptions import DomainError, Forbidden
from tongxin.platform.core.trees import AREA


def require_reader(user: Any) -> None:
    if not reads_mediation(user):
        raise PermissionDenied


def require_writer_at(user: Any, path: str) -> None:
    if not scope_for(user).allows_path(Perm.MEDIATE, AREA, path):
        raise PermissionDenied


def writes(user: Any, path: str) -> bool:
    return scope_for(user).allows_path(Perm.MEDIATE, AREA, path)


def case_for(user: Any, pk: Any) -> MediationCase:
    require_reader(user)
    qs: QuerySet[MediationCase] = cases_visible_to(user).select_related("committee__area", "area", "handover")
    return _get(qs, pk)


def committee_for(user: Any, pk: Any) -> Committee:
    require_reader(user)
    return _get(committees_visible_to(user).select_related("area"), pk)


def _get(qs: QuerySet[Any], pk: Any) -> Any:
    from django.http import Http404

    try:
        key = int(pk)
    except (TypeError, ValueError) as exc:
        raise Http404 from exc
    if not 0 < key < 2**62:
        raise Http404
    obj = qs.filter(pk=key).first()
    if obj is None:
        raise Http404
    return obj


def serving_choices(committee: Committee) -> list[tuple[int, str]]:
    today = timezone.localdate()
    rows = Mediator.objects.filter(committee=committee).order_by("name_pinyin", "id")
    return [
        (m.pk, f"{m.name}（{m.get_speciality_display()}）" if m.speciality else m.name)
        for m in rows
        if m.serves_on(today)
    ]


def fail(request: HttpRequest, form: Any, exc: DomainError) -> None:
    """A refusal next to its field (a form) or as a message (a button)."""
    from tongxin.platform.core.forms_util import add_domain_errors

    if isinstance(exc, Forbidden):
        raise exc
    if form is not None:
        add_domain_errors(form, exc)
    else:
        messages.error(request, " ".join(exc.messages))
