"""Real files for photo tests, made on the spot: photos with and without EXIF, and hostile ones."""

from __future__ import annotations

import io
import struct
import zlib
from typing import Any

import pillow_heif
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import ExifTags, Image

# 31°13'48.6"N 121°28'12"E: 31.230167, 121.470000 (central Shanghai).
SHANGHAI = {
    ExifTags.GPS.GPSLatitudeRef: "N",
    ExifTags.GPS.GPSLatitude: (31.0, 13.0, 48.6),
    ExifTags.GPS.GPSLongitudeRef: "E",
    ExifTags.GPS.GPSLongitude: (121.0, 28.0, 12.0),
}


def _exif(gps: dict[int, Any] | None, orientation: int | None) -> Image.Exif:
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "TestPhone"
    exif[ExifTags.Base.Model] = "TX-1"
    if orientation:
        exif[ExifTags.Base.Orientation] = orientation
    if gps:
        exif[ExifTags.IFD.GPSInfo] = gps
    return exif


def jpeg(
    size: tuple[int, int] = (800, 600), *, gps: dict[int, Any] | None = None, orientation: int | None = None
) -> bytes:
    img = Image.new("RGB", size, (180, 40, 40))
    img.paste((40, 40, 180), (0, 0, size[0] // 2, size[1] // 4))  # a mark to see which way is up
    out = io.BytesIO()
    img.save(out, "JPEG", quality=90, exif=_exif(gps, orientation))
    return out.getvalue()


def png(size: tuple[int, int] = (640, 480)) -> bytes:
    img = Image.new("RGBA", size, (20, 120, 60, 255))
    img.paste((0, 0, 0, 0), (0, 0, size[0] // 3, size[1] // 3))  # transparent corner
    out = io.BytesIO()
    img.save(out, "PNG")
    return out.getvalue()


def heic(size: tuple[int, int] = (640, 480), *, gps: dict[int, Any] | None = None) -> bytes:
    pillow_heif.register_heif_opener()
    out = io.BytesIO()
    Image.new("RGB", size, (200, 160, 40)).save(out, "HEIF", exif=_exif(gps, None).tobytes())
    return out.getvalue()


def bomb_png(width: int = 30_000, height: int = 30_000) -> bytes:
    """A PNG of about 100 KB that declares (and would decode to) a picture of `width × height`."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    row = b"\0" * (1 + (width + 7) // 8)  # filter byte + one bit per pixel
    packer = zlib.compressobj(9)
    data = b"".join(packer.compress(row) for _ in range(height)) + packer.flush()
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", data) + chunk(b"IEND", b"")


def pdf() -> bytes:
    return (
        b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
        b"2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
    )


def huge(megabytes: int = 30) -> bytes:
    """A JPEG start followed by padding: a file far over the size limit."""
    return b"\xff\xd8\xff\xe0" + b"\0" * (megabytes * 1024 * 1024)


def upload(name: str, data: bytes, content_type: str = "image/jpeg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type=content_type)


def case_photo(case: Any, actor: Any = None) -> Any:
    """A stored photo of `case` (through the real processing)."""
    from tongxin.grid.cases.photos import photos_process, photos_save

    processed = photos_process([upload("leak.jpg", jpeg((320, 240)))])
    return photos_save(case=case, photos=processed, actor=actor)[0]
