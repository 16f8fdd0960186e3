"""Case photos served through the scope gate: never from a public media URL."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest
from django.views.decorators.http import require_GET

from tongxin.grid.cases.models import Case, CasePhoto
from tongxin.platform.access.scope import get_for


@login_required
@require_GET
def photo(request: HttpRequest, pk: int, photo_pk: int, thumbnail: bool = False) -> FileResponse:
    """One photo of a case the user may see; 404 for anything else (nothing leaks)."""
    case = get_for(request.user, Case, pk)
    row = CasePhoto.objects.filter(pk=photo_pk, case=case).first()
    if row is None:
        raise Http404
    stored = row.thumbnail if thumbnail else row.image
    try:
        handle = stored.open("rb")
    except (OSError, ValueError) as exc:  # the row outlived its file
        raise Http404 from exc
    response = FileResponse(handle, content_type=row.content_type or "image/jpeg")
    # The photo is personal data of this case: browsers may keep it, shared caches may not.
    response["Cache-Control"] = "private, max-age=86400"
    response["Content-Disposition"] = f'inline; filename="{case.tracking_code}-{row.pk}.jpg"'
    return response
