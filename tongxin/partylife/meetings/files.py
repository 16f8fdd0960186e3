"""Checking a meeting's photos and documents before they are stored.

The type is read from the content, never from the name or the browser's claim: pictures must
open in Pillow as JPEG, PNG or WebP, documents must start like a PDF.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

from tongxin.platform.core.exceptions import DomainError

IMAGE_TYPES = {"JPEG": ("image/jpeg", "jpg"), "PNG": ("image/png", "png"), "WEBP": ("image/webp", "webp")}
PDF = ("application/pdf", "pdf")


def max_bytes() -> int:
    return settings.MEETING_FILE_MAX_MB * 1024 * 1024


def max_files() -> int:
    return settings.MEETING_FILE_MAX_COUNT


@dataclass(frozen=True)
class CheckedFile:
    upload: UploadedFile
    name: str
    content_type: str
    extension: str
    size: int


def clean_name(name: str) -> str:
    """The upload's name without path separators, control or reserved characters, at most 120 long."""
    kept = "".join(c for c in name if c >= " " and c not in '\\/:*?"<>|\x7f').strip()
    return (kept or "file")[-120:]


def checked_size(upload: UploadedFile, name: str, limit: int) -> int:
    """The upload's size in bytes; DomainError when it is empty or larger than ``limit``."""
    size = upload.size or 0
    if size > limit:
        raise DomainError(_("%(name)s is larger than %(mb)s MB.") % {"name": name, "mb": limit // (1024 * 1024)})
    if size == 0:
        raise DomainError(_("%(name)s is empty.") % {"name": name})
    return size


def image_type(upload: UploadedFile) -> tuple[str, str] | None:
    """(content type, extension) of a JPEG, PNG or WebP picture that Pillow opens; None for anything else."""
    try:
        with Image.open(upload) as image:
            fmt = image.format or ""
            image.verify()
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError):
        return None
    finally:
        upload.seek(0)
    return IMAGE_TYPES.get(fmt)


def check_upload(upload: UploadedFile) -> CheckedFile:
    name = clean_name(upload.name or "")
    size = checked_size(upload, name, max_bytes())
    upload.seek(0)
    head = upload.read(5)
    upload.seek(0)
    if head == b"%PDF-":
        return CheckedFile(upload, name, PDF[0], PDF[1], size)
    image = image_type(upload)
    if image is None:
        raise DomainError(_("%(name)s is neither a photo (JPEG, PNG, WebP) nor a PDF document.") % {"name": name})
    content_type, extension = image
    return CheckedFile(upload, name, content_type, extension, size)
