"""Case photos: stored after tongxin.platform.core.images has checked and re-encoded them.

The checks (formats, size and pixel limits, EXIF stripped, the location read only with the
reporter's consent) live in tongxin.platform.core.images, shared with every other upload of a
photo; the names this module always exported are re-exported here, so callers are unchanged.
`photos_save` stores processed photos of a case inside the caller's transaction.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.core.files.base import ContentFile

from tongxin.grid.cases.models import Case, CasePhoto, CaseTransition
from tongxin.platform.core.images import (
    FORMATS,
    JPEG_QUALITY,
    MB,
    PDF_MAGIC,
    THUMBNAIL_EDGE,
    PhotoUploadHandler,
    ProcessedPhoto,
    RefusedUpload,
    _delete,
    _encode,
    _flatten,
    _gps,
    _jpeg,
    _process,
    _stored,
    files_delete,
    files_removed_on_failure,
    photo_uploads,
    photos_process,
    signed_scan_bytes,
    stored_track,
)

__all__ = [
    "FORMATS",
    "JPEG_QUALITY",
    "MB",
    "PDF_MAGIC",
    "THUMBNAIL_EDGE",
    "PhotoUploadHandler",
    "ProcessedPhoto",
    "RefusedUpload",
    "_delete",
    "files_delete",
    "_encode",
    "_flatten",
    "_gps",
    "_jpeg",
    "_process",
    "_stored",
    "files_removed_on_failure",
    "photo_uploads",
    "photos_process",
    "photos_save",
    "signed_scan_bytes",
    "stored_track",
]


def photos_save(
    *,
    case: Case,
    photos: Sequence[ProcessedPhoto],
    actor: Any = None,
    transition: CaseTransition | None = None,
) -> list[CasePhoto]:
    """Store processed photos of a case (or of one step of it); call inside a transaction."""
    saved: list[CasePhoto] = []
    written: list[str] = []
    try:
        for photo in photos:
            row = CasePhoto(
                case=case,
                transition=transition,
                content_type="image/jpeg",
                width=photo.width,
                height=photo.height,
                size=len(photo.image),
                latitude=photo.latitude,
                longitude=photo.longitude,
                uploaded_by=actor if actor is not None and actor.is_authenticated else None,
            )
            row.image.save("photo.jpg", ContentFile(photo.image), save=False)
            written.append(row.image.name)
            row.thumbnail.save("thumb.jpg", ContentFile(photo.thumbnail), save=False)
            written.append(row.thumbnail.name)
            row.save()
            saved.append(row)
    except BaseException:
        files_delete(written)
        raise
    stored_track(written)
    return saved
