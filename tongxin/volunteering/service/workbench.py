"""Service hours on the workbench (registered in ServiceConfig.ready()).

Staff with SERVICE and team leaders see the hours waiting for their confirmation
(`pending_hours`, the page `/service/hours/`); a volunteer sees their own hours not confirmed
yet (the "waiting" column of `/service/me/hours/`). One query each.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, Sum
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tongxin.platform.access.roles import Perm
from tongxin.platform.access.scope import Scope
from tongxin.platform.web.workbench import Item, Source, Today, Urgency, is_self_service, register
from tongxin.volunteering.service.models import Volunteer
from tongxin.volunteering.service.queries import pending_hours


def _hours(value: Decimal | None) -> str:
    return _("%(h)s h") % {"h": f"{(value or Decimal(0)).normalize():f}"}


def _to_confirm(user: Any, scope: Scope, when: Today) -> list[Item]:
    counts = pending_hours(user).aggregate(n=Count("pk"), h=Sum("hours"))
    staff = scope.has_perm(Perm.SERVICE)
    if not staff and not counts["n"]:
        # A volunteer who leads no team would be offered a page they cannot open.
        return []
    return [
        Item(
            key="service.to_confirm",
            label=gettext_lazy("Service hours to confirm"),
            count=counts["n"],
            url=reverse("service:hours_pending"),
            urgency=Urgency.SOON,
            note=_("%(hours)s in all") % {"hours": _hours(counts["h"])} if counts["n"] else "",
            order=40,
        )
    ]


def _own_waiting(user: Any, scope: Scope, when: Today) -> list[Item]:
    row = Volunteer.objects.filter(user_id=user.pk).aggregate(
        records=Count("pk", distinct=True),
        n=Count("hours", filter=Q(hours__confirmed_at__isnull=True)),
        h=Sum("hours__hours", filter=Q(hours__confirmed_at__isnull=True)),
    )
    if not row["records"]:
        return []
    return [
        Item(
            key="service.my_waiting",
            label=gettext_lazy("My service hours waiting for confirmation"),
            count=row["n"],
            display=_hours(row["h"]) if row["n"] else "",
            url=reverse("service:my_hours"),
            order=60,
        )
    ]


def register_sources() -> None:
    register(
        Source(
            code="service.to_confirm",
            applies=lambda scope: scope.has_perm(Perm.SERVICE) or is_self_service(scope),
            items=_to_confirm,
            queries=1,
        )
    )
    register(Source(code="service.mine", applies=is_self_service, items=_own_waiting, queries=1))
