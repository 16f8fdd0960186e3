"""Helpers for honours tests: awards at each state, nominations, wall entries with photos."""

from __future__ import annotations

import datetime
import io
from typing import Any

from django.core.files.base import ContentFile
from django.utils import timezone
from PIL import Image

from tongxin.council.honours.models import (
    Award,
    AwardState,
    Deed,
    Nomination,
    NominationSource,
    NominationState,
    NomineeKind,
    WallBoard,
)


def staff() -> Any:
    """A platform admin to act with in tests: the services check who acts."""
    from tongxin.platform.access.models import User

    return User.objects.get_or_create(username="t_honours_staff", defaults={"is_superuser": True})[0]


def jpeg(width: int = 64, height: int = 48, colour: tuple[int, int, int] = (200, 16, 46)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), colour).save(out, "JPEG")
    return out.getvalue()


def award(
    w: Any, *, kind: str = NomineeKind.HOUSEHOLD, places: int = 10, state: str = AwardState.OPEN, **extra: Any
) -> Award:
    values: dict[str, Any] = {
        "area": w.community,
        "name": "十佳孝老爱亲和谐家庭" if kind == NomineeKind.HOUSEHOLD else "优秀党员",
        "nominee_kind": kind,
        "places": places,
        "year": timezone.localdate().year,
        "state": state,
    }
    if state == AwardState.PUBLICITY:
        now = timezone.now()
        values.update(
            publicity_starts=now - datetime.timedelta(days=1), publicity_ends=now + datetime.timedelta(days=6)
        )
    values.update(extra)
    return Award.objects.create(**values)


def nomination(
    w: Any, a: Award, *, name: str = "张家", state: str = NominationState.SUBMITTED, place: Any = None, **extra: Any
) -> Nomination:
    values: dict[str, Any] = {
        "award": a,
        "place": place or w.building1,
        "display_name": name,
        "reason": "照顾瘫痪婆婆十年。",
        "source": NominationSource.STAFF,
        "state": state,
    }
    if a.nominee_kind == NomineeKind.HOUSEHOLD and "household" not in extra and place is None:
        values["household"] = w.household1
    values.update(extra)
    return Nomination.objects.create(**values)


def in_publicity(w: Any, name: str = "张家") -> Nomination:
    a = award(w, state=AwardState.PUBLICITY)
    return nomination(w, a, name=name, state=NominationState.ACCEPTED)


def deed(
    w: Any, *, consent: bool = True, photo: bool = True, board: str = WallBoard.DEEDS, title: str = "拾金不昧"
) -> Deed:
    d = Deed(
        area=w.community,
        board=board,
        title=title,
        story="在小区门口捡到钱包，交到社区。",
        happened_on=timezone.localdate() - datetime.timedelta(days=3),
        person_name="张三",
        photo_consent=consent and photo,
    )
    if photo:
        d.photo.save("photo.jpg", ContentFile(jpeg()), save=False)
        d.thumbnail.save("thumb.jpg", ContentFile(jpeg(32, 24)), save=False)
    d.save()
    return d
