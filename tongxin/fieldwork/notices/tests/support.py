"""Notices for tests, written through the services; households and residents of a hand-made
world; an outbound backend that fails for chosen numbers."""

from __future__ import annotations

import datetime
from typing import Any

from tongxin.fieldwork.notices import services
from tongxin.fieldwork.notices.models import Notice
from tongxin.platform.inbox.backends import LocmemBackend

# Numbers PickyBackend refuses (as an operator refuses a number that no longer exists).
FAILING: set[str] = set()


class PickyBackend(LocmemBackend):
    """The in-memory backend, failing for the numbers in FAILING."""

    def send(self, phone: str, text: str) -> None:
        if phone in FAILING:
            raise RuntimeError("the operator refused the number")
        super().send(phone, text)


def staff() -> Any:
    """A platform admin to act with in tests: the services check who acts."""
    from tongxin.platform.access.models import User

    return User.objects.get_or_create(username="t_notices_staff", defaults={"is_superuser": True})[0]


def household(
    building: Any, grid: Any, number: str, *people: tuple[str, str, datetime.date | None, tuple[str, ...]]
) -> Any:
    """A household with its residents: (name, phone or "", birth date or None, care category codes)."""
    from tongxin.platform.core.people import pinyin_of
    from tongxin.platform.core.personal import normalize_phone, protect_phone
    from tongxin.registry.areas.models import Household
    from tongxin.registry.people.models import CareCategory, Resident

    h = Household.objects.create(area=building, grid=grid, number=number)
    for i, (name, phone, born, categories) in enumerate(people):
        r = Resident(household=h, name=name, birth_date=born, relation="head" if i == 0 else "spouse")
        r.name_pinyin, r.name_initials = pinyin_of(name)
        if phone:
            r.set_phone(protect_phone(normalize_phone(phone)))
        r.save()
        if categories:
            r.care_categories.set(CareCategory.objects.filter(code__in=categories))
    return h


def draft_notice(area: Any, *, title: str = "疫苗接种通知", **extra: Any) -> Notice:
    return services.notice_save(
        actor=staff(), area=area, title=title, text="本周六上午在社区卫生服务站接种流感疫苗，请携带身份证。", **extra
    )


def sent_notice(area: Any, **extra: Any) -> Notice:
    """A notice sent (its texts queued: call services.deliver_texts to send them)."""
    return services.notice_send(actor=staff(), notice=draft_notice(area, **extra))
