"""Campaign figures for the community-work page (registered in CampaignsConfig.ready()).

- campaigns.coverage: of the targets of campaigns (started) whose period overlaps the period,
  the share checked (now).
- campaigns.problems: targets found with a problem by checks dated in the period.
- campaigns.cases_open: of those problems, the ones whose case is still open now.

Each is one query grouped by the campaign's community, whatever the size of the place.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from tongxin.fieldwork.campaigns.models import Campaign, Target
from tongxin.grid.cases.workflow import OPEN_STATES
from tongxin.platform.access.roles import Perm, Role
from tongxin.platform.access.scope import Scope
from tongxin.platform.web.indicators import Indicator, Kind, Ratio, Values, period_instants, register

GROUP = _("Campaigns")
COMMUNITY = "campaign__community__path"


def may_read(scope: Scope) -> bool:
    return scope.has_perm(Perm.CAMPAIGN) or Role.SUBDISTRICT in scope.roles


def _targets(place: Any) -> QuerySet[Target]:
    return Target.objects.filter(place__path__startswith=place.path).exclude(campaign__status=Campaign.Status.DRAFT)


def coverage(place: Any, start: datetime.date, end: datetime.date) -> Values:
    rows = (
        _targets(place)
        .filter(campaign__starts_on__lte=end, campaign__ends_on__gte=start)
        .order_by()
        .values(COMMUNITY)
        .annotate(total=Count("pk"), checked=Count("pk", filter=Q(checked_at__isnull=False)))
    )
    return Values({r[COMMUNITY]: Ratio(r["checked"], r["total"]) for r in rows}, Ratio())


def _problems(place: Any, start: datetime.date, end: datetime.date) -> QuerySet[Target]:
    first, after = period_instants(start, end)
    return _targets(place).filter(result=Target.Result.PROBLEM, checked_at__gte=first, checked_at__lt=after)


def problems(place: Any, start: datetime.date, end: datetime.date) -> Values:
    rows = _problems(place, start, end).order_by().values(COMMUNITY).annotate(n=Count("pk"))
    return Values({r[COMMUNITY]: r["n"] for r in rows})


def cases_open(place: Any, start: datetime.date, end: datetime.date) -> Values:
    rows = (
        _problems(place, start, end)
        .filter(case__state__in=OPEN_STATES)
        .order_by()
        .values(COMMUNITY)
        .annotate(n=Count("pk"))
    )
    return Values({r[COMMUNITY]: r["n"] for r in rows})


def _href(place: Any, start: datetime.date, end: datetime.date) -> str:
    return reverse("campaigns:list") + f"?node={place.pk}"


def register_indicators() -> None:
    register(
        Indicator(
            key="campaigns.coverage",
            group=GROUP,
            label=_("Campaign targets checked"),
            kind=Kind.RATIO,
            compute=coverage,
            may_read=may_read,
            href=_href,
            definition=_(
                "Of the targets of the campaigns whose period overlaps the period (drafts left out), the share checked."
            ),
            order=20,
        )
    )
    register(
        Indicator(
            key="campaigns.problems",
            group=GROUP,
            label=_("Problems found by campaigns"),
            kind=Kind.COUNT,
            compute=problems,
            may_read=may_read,
            href=_href,
            definition=_("Targets found with a problem by checks made in the period."),
            order=21,
        )
    )
    register(
        Indicator(
            key="campaigns.cases_open",
            group=GROUP,
            label=_("Of those, cases still open"),
            kind=Kind.COUNT,
            compute=cases_open,
            may_read=may_read,
            href=_href,
            definition=_("Of the problems found in the period, those whose case is still open today."),
            order=22,
        )
    )
