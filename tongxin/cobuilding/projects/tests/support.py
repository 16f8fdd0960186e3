"""Helpers for needs and projects tests: a need raised by staff, a claimed project, a photo."""

from __future__ import annotations

import datetime
import io
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from tongxin.cobuilding.projects import services
from tongxin.cobuilding.projects.models import Need, Project


def staff() -> Any:
    """A platform admin to act with in tests: the services check who acts."""
    from tongxin.platform.access.models import User

    return User.objects.get_or_create(username="t_projects_staff", defaults={"is_superuser": True})[0]


def need(community: Any, title: str = "楼道照明维修", **extra: Any) -> Need:
    extra.setdefault("category", "facilities")
    extra.setdefault("people_affected", 30)
    return services.raise_need(actor=staff(), community=community, title=title, **extra)


def project(n: Need, unit: Any, **extra: Any) -> Project:
    return services.claim_need(actor=staff(), need=n, unit=unit, **extra)


def jpeg(name: str = "photo.jpg", colour: tuple[int, int, int] = (200, 40, 40)) -> SimpleUploadedFile:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), colour).save(buffer, "JPEG")
    return SimpleUploadedFile(name, buffer.getvalue(), "image/jpeg")


def with_photo(p: Project, milestone: Any = None) -> Project:
    from tongxin.grid.cases.photos import photos_process

    services.evidence_add(actor=staff(), project=p, milestone=milestone, photos=photos_process([jpeg()]))
    return p


def completed(p: Project, day: datetime.date = datetime.date(2026, 3, 2)) -> Project:
    with_photo(p)
    return services.project_complete(
        actor=staff(), project=p, summary="更换了12盏楼道灯。", people_served=30, completed_on=day
    )
