"""Uploaded images: checked and re-encoded before anything is written (case photos, places'
photos, scans of signed papers, good deeds…).

An image is judged by its bytes, never its name: Pillow must recognise it as JPEG, PNG or
HEIF/HEIC (iPhones), its declared size must stay under a pixel limit before anything is
decoded (a "decompression bomb" is a small file that claims to be gigapixels), and what is
stored is the app's own JPEG — turned upright, resized, without EXIF. The location stored in
a photo is read only when the caller asks (the reporter consented), and then kept on a row,
never in a file.

`photos_process` does all of that in memory and raises one DomainError naming every refused
file, so a view can refuse a form before it writes anything. The limits are the settings
CASE_PHOTO_MAX_COUNT, CASE_PHOTO_MAX_MB, CASE_PHOTO_MAX_EDGE and CASE_PHOTO_MAX_MEGAPIXELS
(their names kept from when only cases had photos: deployments set them).
"""

from __future__ import annotations

import io
import math
import warnings
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from decimal import Decimal
from functools import wraps
from typing import Any

from django.conf import settings
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import TemporaryFileUploadHandler
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from PIL import ExifTags, Image, ImageOps, UnidentifiedImageError
from pillow_heif import register_heif_opener

from tongxin.platform.core.exceptions import DomainError

register_heif_opener()

# What Pillow may even try to parse: fewer parsers, less attack surface.
FORMATS = ("JPEG", "PNG", "HEIF")
THUMBNAIL_EDGE = 360
JPEG_QUALITY = 82
MB = 1024 * 1024


@dataclass(frozen=True)
class ProcessedPhoto:
    name: str  # as uploaded, for messages only
    image: bytes  # JPEG, no EXIF
    thumbnail: bytes
    width: int
    height: int
    latitude: Decimal | None = None
    longitude: Decimal | None = None


class _Refused(Exception):
    pass


def photos_process(files: Sequence[UploadedFile], *, keep_location: bool = False) -> list[ProcessedPhoto]:
    """Check and re-encode uploads; DomainError on the `photos` field names every refused one."""
    files = [f for f in files if f is not None]
    if len(files) > settings.CASE_PHOTO_MAX_COUNT:
        raise DomainError(
            {
                "photos": _("You sent %(count)d photos: at most %(max)d fit on one report. Leave some out.")
                % {"count": len(files), "max": settings.CASE_PHOTO_MAX_COUNT}
            }
        )
    processed: list[ProcessedPhoto] = []
    refusals: list[str] = []
    for upload in files:
        try:
            processed.append(_process(upload, keep_location=keep_location))
        except _Refused as exc:
            refusals.append(str(exc))
    if refusals:
        raise DomainError({"photos": refusals})
    return processed


def _display_name(upload: UploadedFile) -> str:
    name = (upload.name or "").replace("\\", "/").rsplit("/", 1)[-1]
    return name[:80] or _("(no name)")


def _process(upload: UploadedFile, *, keep_location: bool) -> ProcessedPhoto:
    name = _display_name(upload)
    size = upload.size or 0
    if getattr(upload, "refused", "") == "too_big" or size > settings.CASE_PHOTO_MAX_MB * MB:
        raise _Refused(
            _("“%(name)s” is %(size)s MB: a photo may be at most %(max)d MB. Send a smaller one.")
            % {"name": name, "size": f"{size / MB:.1f}", "max": settings.CASE_PHOTO_MAX_MB}
        )
    not_a_photo = _("“%(name)s” is not a photo: send JPEG, PNG or HEIC.") % {"name": name}
    too_large = _("“%(name)s” has too many pixels to be opened safely (at most %(max)d megapixels).") % {
        "name": name,
        "max": settings.CASE_PHOTO_MAX_MEGAPIXELS,
    }
    if size == 0:
        raise _Refused(_("“%(name)s” is empty.") % {"name": name})
    try:
        upload.seek(0)
        with warnings.catch_warnings():
            # Pillow only warns between its own limit and twice it: make that a refusal too.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(upload, formats=FORMATS) as opened:
                if opened.width * opened.height > settings.CASE_PHOTO_MAX_MEGAPIXELS * 1_000_000:
                    raise _Refused(too_large)
                location = _gps(opened) if keep_location else None
                return _encode(opened, name, location)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise _Refused(too_large) from exc
    except UnidentifiedImageError as exc:
        raise _Refused(not_a_photo) from exc
    except (OSError, SyntaxError, ValueError, EOFError, IndexError, KeyError, TypeError, MemoryError) as exc:
        # Truncated or corrupt: the header looked right, the pixels did not decode.
        raise _Refused(_("“%(name)s” could not be read: it may be damaged. Take it again.") % {"name": name}) from exc


def _encode(opened: Image.Image, name: str, location: tuple[Decimal, Decimal] | None) -> ProcessedPhoto:
    edge = settings.CASE_PHOTO_MAX_EDGE
    scale = min(1.0, edge / max(opened.width, opened.height))
    # A JPEG can be decoded at 1/2, 1/4 or 1/8 scale directly: far less memory for a big photo.
    opened.draft("RGB", (math.ceil(opened.width * scale), math.ceil(opened.height * scale)))
    icc = opened.info.get("icc_profile")
    img = ImageOps.exif_transpose(opened)
    img = _flatten(img)
    img.thumbnail((edge, edge), Image.Resampling.LANCZOS)
    thumb = img.copy()
    thumb.thumbnail((THUMBNAIL_EDGE, THUMBNAIL_EDGE), Image.Resampling.LANCZOS)
    return ProcessedPhoto(
        name=name,
        image=_jpeg(img, icc),
        thumbnail=_jpeg(thumb, icc),
        width=img.width,
        height=img.height,
        latitude=location[0] if location else None,
        longitude=location[1] if location else None,
    )


def _flatten(img: Image.Image) -> Image.Image:
    """RGB on white: transparency (PNG screenshots) would turn black in a JPEG."""
    if img.mode in ("RGBA", "LA", "PA") or (img.mode == "P" and "transparency" in img.info):
        rgba = img.convert("RGBA")
        flat = Image.new("RGB", rgba.size, "white")
        flat.paste(rgba, mask=rgba.getchannel("A"))
        return flat
    if img.mode == "I" or img.mode.startswith("I;16"):
        # 16-bit greyscale: scale to 8 bits rather than clip everything above 255 to white.
        img = img.convert("I").point(lambda v: v / 256).convert("L")
    return img.convert("RGB")


def _jpeg(img: Image.Image, icc: bytes | None) -> bytes:
    # A fresh image carries no EXIF, XMP or comment; only the colour profile is worth keeping
    # (HEIC from iPhones is Display P3: without it the colours go dull).
    clean = Image.new("RGB", img.size)
    clean.paste(img)
    out = io.BytesIO()
    options: dict[str, Any] = {"quality": JPEG_QUALITY, "optimize": True}
    if icc:
        options["icc_profile"] = icc
    clean.save(out, "JPEG", **options)
    return out.getvalue()


def _gps(img: Image.Image) -> tuple[Decimal, Decimal] | None:
    """The photo's EXIF location as decimal degrees, or None if it has none (or nonsense)."""
    try:
        gps = img.getexif().get_ifd(ExifTags.IFD.GPSInfo)
        latitude = _degrees(gps.get(ExifTags.GPS.GPSLatitude), gps.get(ExifTags.GPS.GPSLatitudeRef), 90)
        longitude = _degrees(gps.get(ExifTags.GPS.GPSLongitude), gps.get(ExifTags.GPS.GPSLongitudeRef), 180)
    except (AttributeError, KeyError, TypeError, ValueError, ZeroDivisionError, OSError, SyntaxError):
        return None
    if latitude is None or longitude is None or (latitude == 0 and longitude == 0):
        return None
    return latitude, longitude


def _degrees(value: Any, ref: Any, limit: int) -> Decimal | None:
    """EXIF degrees, minutes, seconds and N/S/E/W → signed decimal degrees."""
    if not value or len(value) != 3:
        return None
    degrees = float(value[0]) + float(value[1]) / 60 + float(value[2]) / 3600
    if not math.isfinite(degrees) or not 0 <= degrees <= limit:
        return None
    if isinstance(ref, bytes):
        ref = ref.decode("ascii", "replace")
    if str(ref).strip().upper() in ("S", "W"):
        degrees = -degrees
    return Decimal(f"{degrees:.6f}")


# Files stored (photos_save, a place's photos…) inside a files_removed_on_failure() block.
_stored: ContextVar[list[str] | None] = ContextVar("stored_image_files", default=None)


@contextmanager
def files_removed_on_failure() -> Iterator[None]:
    """Delete the image files stored inside the block if the block fails.

    Rows vanish with a rolled-back transaction, files do not: wrap the service call (its
    transaction commits or rolls back inside the block) so a failed report leaves nothing.
    """
    stored: list[str] = []
    token = _stored.set(stored)
    try:
        yield
    except BaseException:
        files_delete(stored)
        raise
    finally:
        _stored.reset(token)


def stored_track(names: Sequence[str]) -> None:
    """Files just stored: removed again if the enclosing files_removed_on_failure() block fails."""
    tracked = _stored.get()
    if tracked is not None:
        tracked.extend(names)


def files_delete(names: Sequence[str]) -> None:
    for name in names:
        try:
            default_storage.delete(name)
        except OSError:
            pass  # best effort: a leftover file is never served (no row points at it)


_delete = files_delete  # the name tongxin.grid.cases.photos always had


class RefusedUpload(UploadedFile):
    """Stands in for an upload whose bytes were not kept: the checks still see its name and size."""

    def __init__(self, name: str, content_type: str, size: int, reason: str) -> None:
        super().__init__(io.BytesIO(), name, content_type, size)
        self.refused = reason


class PhotoUploadHandler(TemporaryFileUploadHandler):
    """Stores at most CASE_PHOTO_MAX_MB of each file and nothing of files past the count.

    A 30 MB upload is read off the connection but not written anywhere; it reaches the view
    as a RefusedUpload with its real size, and the form says why it was refused.
    """

    def __init__(self, request: HttpRequest | None = None) -> None:
        super().__init__(request)
        self.limit = settings.CASE_PHOTO_MAX_MB * MB
        self.files_seen = 0
        self.refused = ""

    def new_file(self, *args: Any, **kwargs: Any) -> None:
        super().new_file(*args, **kwargs)
        self.files_seen += 1
        self.refused = "too_many" if self.files_seen > settings.CASE_PHOTO_MAX_COUNT else ""

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes | None:
        if not self.refused and start + len(raw_data) > self.limit:
            self.refused = "too_big"
            self.file.truncate(0)
        if self.refused:
            return None
        return super().receive_data_chunk(raw_data, start)

    def file_complete(self, file_size: int) -> UploadedFile | None:
        if self.refused:
            self.file.close()
            return RefusedUpload(self.file_name or "", self.content_type or "", file_size, self.refused)
        return super().file_complete(file_size)


def photo_uploads(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Parse the view's uploads with PhotoUploadHandler.

    The handler must be in place before anything reads request.POST, and the CSRF middleware
    does: so the middleware skips this view and the same check runs inside it instead (the
    pattern Django's upload-handler documentation gives).
    """
    protected = csrf_protect(view)

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        request.upload_handlers = [PhotoUploadHandler(request)]
        return protected(request, *args, **kwargs)

    return csrf_exempt(wrapper)


PDF_MAGIC = b"%PDF-"


def signed_scan_bytes(upload: UploadedFile, *, max_mb: int) -> tuple[bytes, str, str]:
    """A scan of a signed paper (an agreement): the bytes to keep, their type and extension — a PDF
    as sent (checked complete), or a photo re-encoded without EXIF as cases' photos are. Errors name
    the form's `scan` field."""
    size = upload.size or 0
    if size > max_mb * MB:
        raise DomainError(
            {"scan": _("The file is %(size)s MB: at most %(max)d MB.") % {"size": f"{size / MB:.1f}", "max": max_mb}}
        )
    if size == 0:
        raise DomainError({"scan": _("The file is empty.")})
    upload.seek(0)
    head = upload.read(5)
    upload.seek(0)
    if head == PDF_MAGIC:
        data = upload.read()
        if b"%%EOF" not in data[-1024:]:
            raise DomainError({"scan": _("The PDF is incomplete: scan it again.")})
        return data, "application/pdf", ".pdf"
    try:
        processed = photos_process([upload])
    except DomainError as exc:
        raise DomainError({"scan": _("Send a PDF or a photo (JPEG, PNG or HEIC) of the signed agreement.")}) from exc
    return processed[0].image, "image/jpeg", ".jpg"
