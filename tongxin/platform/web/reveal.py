"""The htmx answer to "show the full number": one view helper for every registry's pages."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.utils.html import format_html

from tongxin.platform.access.protect import reveal
from tongxin.platform.core.exceptions import DomainError, Forbidden
from tongxin.platform.core.people import ProtectedPhone


def reveal_view(request: HttpRequest, obj: ProtectedPhone) -> HttpResponse:
    """Answer an htmx reveal with the full number (audited) in place of the masked one."""
    field = request.POST.get("field", "")
    try:
        value = reveal(actor=request.user, obj=obj, field=field)
    except Forbidden:
        raise  # ForbiddenMiddleware answers 403
    except DomainError as exc:
        return HttpResponse(status=400, content=" ".join(exc.messages))
    return HttpResponse(
        format_html('<span class="masked revealed" id="{}-{}"><span class="num">{}</span></span>', field, obj.pk, value)
    )
