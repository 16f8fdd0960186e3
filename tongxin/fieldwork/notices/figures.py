"""The notices' figures for the community-work page (registered in NoticesConfig.ready()).

`notices.reached`: of the notices sent in the period (their day of sending), the households
reached over the households addressed, as a Ratio per community; `notices.sent`: how many notices
were sent in the period. One query each, grouped by the notice's community.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from tongxin.fieldwork.notices.models import Notice, NoticeDelivery
from tongxin.platform.access.roles import Perm, Role
from tongxin.platform.access.scope import Scope
from tongxin.platform.web.indicators import Indicator, Kind, Ratio, Values, register


def may_read(scope: Scope) -> bool:
    return scope.has_perm(Perm.CAMPAIGN) or Role.SUBDISTRICT in scope.roles


def reached(place: Any, start: datetime.date, end: datetime.date) -> Values:
    rows = (
        NoticeDelivery.objects.filter(
            notice__community__path__startswith=place.path,
            notice__sent_on__gte=start,
            notice__sent_on__lte=end,
        )
        .values("notice__community__path")
        .annotate(whole=Count("pk"), part=Count("pk", filter=Q(reached_at__isnull=False)))
        .order_by()
    )
    return Values({r["notice__community__path"]: Ratio(r["part"], r["whole"]) for r in rows}, zero=Ratio())


def sent(place: Any, start: datetime.date, end: datetime.date) -> Values:
    rows = (
        Notice.objects.filter(community__path__startswith=place.path, sent_on__gte=start, sent_on__lte=end)
        .values("community__path")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return Values({r["community__path"]: r["n"] for r in rows})


def _href(place: Any, start: datetime.date, end: datetime.date) -> str:
    from django.urls import reverse

    return reverse("notices:list")


def register_figures() -> None:
    group = _("Notices to households")
    register(
        Indicator(
            key="notices.reached",
            group=group,
            label=_("Households reached by notices"),
            kind=Kind.RATIO,
            compute=reached,
            may_read=may_read,
            href=_href,
            definition=_(
                "Of the notices sent in the period: the households reached (by text or at the door) over the "
                "households they were addressed to."
            ),
            order=40,
        )
    )
    register(
        Indicator(
            key="notices.sent",
            group=group,
            label=_("Notices sent"),
            kind=Kind.COUNT,
            compute=sent,
            may_read=may_read,
            href=_href,
            definition=_("Notices to households sent in the period."),
            order=41,
        )
    )
