"""Checking a candidate's documents before they are stored: PDF, photos and Word files.

As for meetings, the type is read from the content, never from the name or the browser's
claim; a Word file must be a real .docx package (or an old .doc compound file).
"""

from __future__ import annotations

import zipfile

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

from tongxin.partylife.meetings.files import PDF, CheckedFile, checked_size, clean_name, image_type
from tongxin.platform.core.exceptions import DomainError

DOCX = ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx")
DOC = ("application/msword", "doc")
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ACCEPT = "image/jpeg,image/png,image/webp,.pdf,.doc,.docx"


def max_bytes() -> int:
    return settings.DEVELOPMENT_FILE_MAX_MB * 1024 * 1024


def max_files() -> int:
    return settings.DEVELOPMENT_FILE_MAX_COUNT


def _refuse(name: str) -> DomainError:
    return DomainError(_("%(name)s is not a PDF, a photo (JPEG, PNG, WebP) or a Word document.") % {"name": name})


def _is_docx(upload: UploadedFile) -> bool:
    try:
        with zipfile.ZipFile(upload) as package:
            names = set(package.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return False
    finally:
        upload.seek(0)
    return "word/document.xml" in names and "[Content_Types].xml" in names


def check_upload(upload: UploadedFile) -> CheckedFile:
    name = clean_name(upload.name or "")
    size = checked_size(upload, name, max_bytes())
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    if head.startswith(b"%PDF-"):
        return CheckedFile(upload, name, PDF[0], PDF[1], size)
    if head.startswith(b"PK\x03\x04"):
        if _is_docx(upload):
            return CheckedFile(upload, name, DOCX[0], DOCX[1], size)
        raise _refuse(name)
    if head == OLE_MAGIC:
        # The compound format also holds Excel and PowerPoint files; the name tells them apart.
        if name.lower().endswith(".doc"):
            return CheckedFile(upload, name, DOC[0], DOC[1], size)
        raise _refuse(name)
    image = image_type(upload)
    if image is None:
        raise _refuse(name)
    content_type, extension = image
    return CheckedFile(upload, name, content_type, extension, size)
