"""Serving an uploaded file that only a scoped view may hand out (meeting photos, development documents)."""

from __future__ import annotations

from typing import Any

from django.http import FileResponse, Http404


def stored_file_response(item: Any) -> FileResponse:
    """`item` has `file`, `name`, `content_type` and `is_image`; the caller has checked the scope.

    Images show in the page; anything else downloads. The browser must not guess another type,
    and no shared cache keeps a copy.
    """
    try:
        handle = item.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    response = FileResponse(handle, content_type=item.content_type, as_attachment=not item.is_image, filename=item.name)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, max-age=3600"
    return response
