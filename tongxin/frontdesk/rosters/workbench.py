"""The rosters on the workbench, on the community's public page and in the figures (registered in
RostersConfig.ready()).

The office (Perm.FRONT_DESK) and the subdistrict see who is on duty today, the shifts of the next
7 days short of people, people not checked in 30 minutes after the start, and the swaps waiting
for approval; each count is the page its link opens. Whoever holds a staff role sees their own
next shift (and the swaps asked of them). The public page shows today's shifts with the display
names of the people on them, never a phone number.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tongxin.frontdesk.rosters.models import Rota, Shift
from tongxin.frontdesk.rosters.queries import (
    covered_by_community,
    gaps,
    missed,
    my_assignments,
    on_duty,
    shift_rows,
    swaps_for_me,
    swaps_waiting,
)
from tongxin.platform.access.roles import Perm, Role
from tongxin.platform.access.scope import Scope
from tongxin.platform.calendar import SHANGHAI
from tongxin.platform.core.trees import AREA
from tongxin.platform.web import indicators as ind
from tongxin.platform.web.workbench import STAFF_ROLES, TOP_ROWS, Item, Row, Source, Today, Urgency, register
from tongxin.registry.areas.models import Area
from tongxin.registry.areas.public_parts import register_public_part


def _when(shift: Shift) -> str:
    local = timezone.localtime(shift.starts, SHANGHAI)
    return f"{local:%m-%d %H:%M}–{shift.end_time:%H:%M}"


def _names(shift: Any) -> str:
    return "、".join(str(a.user) for a in shift.assignments.all()) or "—"


def _office_items(user: Any, scope: Scope, when: Today) -> list[Item]:
    today = on_duty(user, when.today)
    duty = list(today[:TOP_ROWS])
    short = gaps(user, when.now)
    short_rows = list(short[:TOP_ROWS])
    late = missed(user, when.now)
    late_rows = list(late[:TOP_ROWS])
    waiting = swaps_waiting(user)
    waiting_rows = list(waiting[:TOP_ROWS])
    gaps_url = reverse("rosters:gaps")
    return [
        Item(
            key="rosters.today",
            label=gettext_lazy("On duty today"),
            count=today.count(),
            url=reverse("rosters:list"),
            urgency=Urgency.INFO,
            order=40,
            rows=[
                Row(label=f"{s.rota.name} {_when(s)}", url=reverse("rosters:shift", args=[s.pk]), note=_names(s))
                for s in duty
            ],
        ),
        Item(
            key="rosters.missed",
            label=gettext_lazy("On duty but not checked in 30 minutes after the start"),
            count=late.count(),
            url=f"{gaps_url}#missed",
            urgency=Urgency.OVERDUE,
            order=41,
            rows=[
                Row(
                    label=str(a.user),
                    url=reverse("rosters:shift", args=[a.shift_id]),
                    note=f"{a.shift.rota.name} {_when(a.shift)}",
                    urgency=Urgency.OVERDUE,
                    badge=_("Missed"),
                )
                for a in late_rows
            ],
        ),
        Item(
            key="rosters.gaps",
            label=gettext_lazy("Shifts of the next 7 days short of people"),
            count=short.count(),
            url=f"{gaps_url}#gaps",
            urgency=Urgency.SOON,
            order=42,
            rows=[
                Row(
                    label=f"{s.rota.name} {_when(s)}",
                    url=reverse("rosters:shift", args=[s.pk]),
                    note=_("%(n)d of %(m)d people") % {"n": getattr(s, "assigned", 0), "m": s.needed},
                    urgency=Urgency.SOON,
                    badge=_("Short"),
                )
                for s in short_rows
            ],
        ),
        Item(
            key="rosters.swaps",
            label=gettext_lazy("Shift swaps waiting for approval"),
            count=waiting.count(),
            url=reverse("rosters:swaps"),
            urgency=Urgency.SOON,
            order=43,
            rows=[
                Row(
                    label=f"{w.from_user} → {w.to_user}",
                    url=reverse("rosters:swaps"),
                    note=f"{w.assignment.shift.rota.name} {_when(w.assignment.shift)}",
                )
                for w in waiting_rows
            ],
        ),
    ]


def _area_paths(scope: Scope) -> list[str]:
    return [path for _role, tree, path in scope.grants if tree == AREA]


def _my_items(user: Any, scope: Scope, when: Today) -> list[Item]:
    mine = my_assignments(user, when.now)
    rows = list(mine[:TOP_ROWS])
    asked = swaps_for_me(user, _area_paths(scope))
    asked_rows = list(asked[:TOP_ROWS])
    url = reverse("rosters:mine")
    items = [
        Item(
            key="rosters.mine",
            label=gettext_lazy("My next shifts"),
            count=mine.count(),
            url=url,
            urgency=Urgency.INFO,
            order=39,
            rows=[
                Row(
                    label=f"{a.shift.rota.name} {_when(a.shift)}",
                    url=url,
                    note=a.shift.rota.location,
                    badge=_("Checked in") if a.checked_in_at else "",
                )
                for a in rows
            ],
        ),
    ]
    items.append(
        Item(
            key="rosters.asked",
            label=gettext_lazy("Shifts others ask you to take"),
            count=asked.count(),
            url=f"{url}#asked",
            urgency=Urgency.SOON,
            order=38,
            rows=[
                Row(
                    label=f"{w.assignment.shift.rota.name} {_when(w.assignment.shift)}",
                    url=f"{url}#asked",
                    note=str(w.from_user),
                )
                for w in asked_rows
            ],
        )
    )
    return items


def _reads(scope: Scope) -> bool:
    return scope.has_perm(Perm.FRONT_DESK) or Role.SUBDISTRICT in scope.roles


def _on_a_rota(scope: Scope) -> bool:
    return not scope.is_admin and bool(scope.roles & STAFF_ROLES)


def _public(community: Area) -> dict[str, Any] | None:
    today = timezone.localdate()
    start = datetime.datetime.combine(today, datetime.time.min, tzinfo=SHANGHAI)
    end = start + datetime.timedelta(days=1)
    shifts = list(
        shift_rows(
            Shift.objects.filter(
                rota__community=community,
                rota__active=True,
                rota__kind__in=[Rota.Kind.FRONT_DESK, Rota.Kind.CHECKPOINT],
                starts__lt=end,
                ends__gt=start,
            )
        )
    )
    if not shifts:
        return None
    for s in shifts:
        # Display names only: an account's user name may be a phone number.
        s.names = "、".join(a.user.display_name or _("staff on duty") for a in s.assignments.all())  # type: ignore[attr-defined]
    return {"shifts": shifts}


def _covered(place: Any, start: datetime.date, end: datetime.date) -> ind.Values:
    rows = covered_by_community(place, start, end, timezone.now())
    return ind.Values(
        by_path={r["rota__community__path"]: ind.Ratio(r["part"], r["whole"]) for r in rows}, zero=ind.Ratio()
    )


def register_parts() -> None:
    register(Source(code="rosters", applies=_reads, items=_office_items, queries=10))
    register(Source(code="rosters.mine", applies=_on_a_rota, items=_my_items, queries=4))
    register_public_part("rosters.today", "rosters/public_part.html", _public, order=20)
    ind.register(
        ind.Indicator(
            key="rosters.shifts_covered",
            group=gettext_lazy("Front desk"),
            label=gettext_lazy("Duty shifts covered"),
            kind=ind.Kind.RATIO,
            compute=_covered,
            may_read=_reads,
            href=lambda node, start, end: reverse("rosters:list"),
            definition=gettext_lazy(
                "Shifts of the period that have started with at least the people needed checked in, "
                "of all those started."
            ),
            order=30,
        )
    )
