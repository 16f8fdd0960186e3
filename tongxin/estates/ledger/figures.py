"""The ledgers' figures for the community-work page (registered in LedgerConfig.ready()).

ledger.income / ledger.expense: the sum of the approved entries dated in the period (correcting
entries included, with their sign), by the estate's community. ledger.questions_answered: of
the owners' questions asked in the period, the share answered (by now). One query each.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, Sum
from django.utils.translation import gettext_lazy as _

from tongxin.estates.ledger.models import Direction, Entry, Question
from tongxin.platform.access.roles import Perm, Role
from tongxin.platform.access.scope import Scope
from tongxin.platform.core.money import to_fen
from tongxin.platform.web.indicators import Indicator, Kind, Ratio, Values, period_instants, register

GROUP = _("Estates' ledgers")


def may_read(scope: Scope) -> bool:
    return scope.has_perm(Perm.ESTATE) or Role.SUBDISTRICT in scope.roles


def _money(direction: str) -> Any:
    def compute(place: Any, start: datetime.date, end: datetime.date) -> Values:
        rows = (
            Entry.objects.filter(
                status=Entry.Status.APPROVED,
                direction=direction,
                occurred_on__gte=start,
                occurred_on__lte=end,
                estate__community__path__startswith=place.path,
            )
            .values("estate__community__path")
            .annotate(total=Sum("amount"))
            .order_by()
        )
        return Values({r["estate__community__path"]: to_fen(r["total"]) for r in rows}, zero=Decimal("0.00"))

    return compute


def answered(place: Any, start: datetime.date, end: datetime.date) -> Values:
    low, high = period_instants(start, end)
    rows = (
        Question.objects.filter(
            created_at__gte=low, created_at__lt=high, entry__estate__community__path__startswith=place.path
        )
        .values("entry__estate__community__path")
        .annotate(asked=Count("pk"), answered=Count("pk", filter=Q(answered_at__isnull=False)))
        .order_by()
    )
    return Values({r["entry__estate__community__path"]: Ratio(r["answered"], r["asked"]) for r in rows}, zero=Ratio())


def register_indicators() -> None:
    register(
        Indicator(
            key="ledger.income",
            group=GROUP,
            label=_("Estates' income"),
            kind=Kind.MONEY,
            compute=_money(Direction.INCOME),
            may_read=may_read,
            definition=_("The sum of the approved income entries of the estates' ledgers dated in the period."),
            order=80,
        )
    )
    register(
        Indicator(
            key="ledger.expense",
            group=GROUP,
            label=_("Estates' expense"),
            kind=Kind.MONEY,
            compute=_money(Direction.EXPENSE),
            may_read=may_read,
            definition=_("The sum of the approved expense entries of the estates' ledgers dated in the period."),
            order=81,
        )
    )
    register(
        Indicator(
            key="ledger.questions_answered",
            group=GROUP,
            label=_("Owners' questions answered"),
            kind=Kind.RATIO,
            compute=answered,
            may_read=may_read,
            definition=_("Of the owners' questions on the ledgers asked in the period, the share answered."),
            order=82,
        )
    )
