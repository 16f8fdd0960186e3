"""Helpers for commitments tests: members, pledge items, a pledge with entries."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

from tongxin.council.commitments import services
from tongxin.council.commitments.models import PledgeItem


def staff() -> Any:
    """A platform admin to act with in tests: the services check who acts."""
    from tongxin.platform.access.models import User

    return User.objects.get_or_create(username="t_commitments_staff", defaults={"is_superuser": True})[0]


def member(org: Any, name: str, *, resident: Any = None, left: bool = False) -> Any:
    from tongxin.platform.core.people import pinyin_of
    from tongxin.registry.party.models import PartyMember

    m = PartyMember(org=org, name=name, resident=resident)
    m.name_pinyin, m.name_initials = pinyin_of(name)
    if left:
        m.left_on = datetime.date(2025, 1, 1)
    m.save()
    return m


def red_six(community: Any) -> list[PledgeItem]:
    services.items_from_template(actor=staff(), community=community, template="red_six")
    return list(PledgeItem.objects.filter(community=community).order_by("position"))


def pledge(m: Any, community: Any, *, year: int | None = None, items: int = 2, entries: int = 0) -> Any:
    year = year or timezone.localdate().year
    chosen = (
        list(PledgeItem.objects.filter(community=community).order_by("position")[:items]) or red_six(community)[:items]
    )
    p = services.pledge_save(
        actor=staff(), member=m, community=community, year=year, items=chosen, words="每月清理楼道一次",
        pledged_on=datetime.date(year, 1, 10),
    )  # fmt: skip
    for n in range(entries):
        services.fulfilment_add(
            actor=staff(), pledge=p, done_on=datetime.date(year, 1, 11 + n), text=f"清理楼道{n + 1}"
        )
    return p


def card(m: Any, community: Any, *, post: str = "", shown: bool = True, consent: bool = False) -> Any:
    return services.card_save(
        actor=staff(), member=m, community=community, post=post, shown=shown, photo_consent=consent
    )
