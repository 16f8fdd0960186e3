"""Places for tests, written through the services."""

from __future__ import annotations

from typing import Any

from tongxin.registry.places import services
from tongxin.registry.places.models import Place

WEEKDAY_HOURS = {d: "08:30-12:00 14:00-17:30" for d in "12345"}


def staff() -> Any:
    """A platform admin to act with in tests: the services check who acts."""
    from tongxin.platform.access.models import User

    return User.objects.get_or_create(username="t_places_staff", defaults={"is_superuser": True})[0]


def centre(area: Any, *, name: str = "党群服务中心", kind: str = "service_centre", **extra: Any) -> Place:
    values: dict[str, Any] = {
        "address": "幸福路1号",
        "hours": WEEKDAY_HOURS,
        "hours_note": "节假日休息",
        "services": ["代缴水电费", "老年证办理"],
        "facilities": ["阅览室", "无障碍通道"],
        "phone": "010-6512 3456",
        "capacity": 80,
    }
    values.update(extra)
    return services.place_save(actor=staff(), area=area, kind=kind, name=name, **values)


def jpeg_bytes(size: tuple[int, int] = (64, 48)) -> bytes:
    import io

    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", size, (200, 30, 40)).save(out, "JPEG")
    return out.getvalue()


def upload(name: str = "门口.jpg", data: bytes | None = None) -> Any:
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, data if data is not None else jpeg_bytes(), "image/jpeg")


def with_photo(place: Place, *, public: bool = True) -> Any:
    from tongxin.platform.core.images import photos_process

    return services.photos_add(
        actor=staff(), place=place, photos=photos_process([upload()]), caption="正门", public=public
    )[0]
