"""A project's evidence: photos (re-encoded, no EXIF, by grid/cases/photos.py) and documents (PDF,
Word, Excel), checked by their first bytes — never by the name or the type the browser claims —
and size-limited; stored under random names and served only through the scoped view."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

from tongxin.cobuilding.projects.models import Evidence, Milestone, Project
from tongxin.platform.access.actor import Actor, signed_in
from tongxin.platform.core.exceptions import DomainError

DOCUMENT_MAX_MB = 10
DOCUMENT_MAX_COUNT = 5
MB = 1024 * 1024

# What a document's first bytes say it is: PDF, the Office Open XML zip (docx, xlsx), the older
# Office compound file (doc, xls). The extension must agree.
_KINDS: dict[str, tuple[bytes, str]] = {
    ".pdf": (b"%PDF-", "application/pdf"),
    ".docx": (b"PK\x03\x04", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    ".xlsx": (b"PK\x03\x04", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    ".doc": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "application/msword"),
    ".xls": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "application/vnd.ms-excel"),
}


def _name(upload: UploadedFile) -> str:
    return (upload.name or "").replace("\\", "/").rsplit("/", 1)[-1][:100] or "document"


def documents_check(files: Sequence[UploadedFile]) -> list[tuple[str, str, bytes]]:
    """(name, content type, bytes) of each document; DomainError on `documents` naming each refusal."""
    files = [f for f in files if f is not None]
    if len(files) > DOCUMENT_MAX_COUNT:
        raise DomainError({"documents": _("At most %(max)d documents at a time.") % {"max": DOCUMENT_MAX_COUNT}})
    checked, refusals = [], []
    for upload in files:
        name = _name(upload)
        ext = name[name.rfind(".") :].lower() if "." in name else ""
        size = upload.size or 0
        if size > DOCUMENT_MAX_MB * MB:
            refusals.append(_("“%(name)s” is larger than %(max)d MB.") % {"name": name, "max": DOCUMENT_MAX_MB})
            continue
        kind = _KINDS.get(ext)
        upload.seek(0)
        data = upload.read(DOCUMENT_MAX_MB * MB + 1)
        if kind is None or not data.startswith(kind[0]):
            refusals.append(_("“%(name)s” is not a PDF, Word or Excel file.") % {"name": name})
            continue
        checked.append((name, kind[1], data))
    if refusals:
        raise DomainError({"documents": refusals})
    return checked


def evidence_store(
    *,
    actor: Actor,
    project: Project,
    milestone: Milestone | None,
    photos: Iterable[Any],
    documents: Iterable[tuple[str, str, bytes]],
) -> list[Evidence]:
    saved = []
    user = signed_in(actor)
    for photo in photos:
        row = Evidence(
            project=project,
            milestone=milestone,
            kind=Evidence.Kind.PHOTO,
            name=photo.name[:100],
            content_type="image/jpeg",
            size=len(photo.image),
            uploaded_by=user,
        )
        row.file.save("photo.jpg", ContentFile(photo.image), save=False)
        row.thumbnail.save("thumb.jpg", ContentFile(photo.thumbnail), save=False)
        row.save()
        saved.append(row)
    for name, content_type, data in documents:
        ext = name[name.rfind(".") :].lower()
        row = Evidence(
            project=project,
            milestone=milestone,
            kind=Evidence.Kind.DOCUMENT,
            name=name,
            content_type=content_type,
            size=len(data),
            uploaded_by=user,
        )
        row.file.save(f"document{ext}", ContentFile(data), save=False)
        row.save()
        saved.append(row)
    return saved
