"""Activities on the workbench of a volunteer or a member who serves (ActivitiesConfig.ready()).

Their next dates signed up for (`my_signups`, the "coming" part of `/activities/mine/`) and the
dates of this week they may join (`upcoming(days=7)`, the list page `/activities/` by default).
Four queries at most.
"""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tongxin.platform.access.scope import Scope
from tongxin.platform.web.workbench import TOP_ROWS, Item, Row, Source, Today, Urgency, is_self_service, register
from tongxin.volunteering.activities.models import SignUp
from tongxin.volunteering.activities.queries import my_signups, my_volunteers, upcoming

WEEK = 7


def _when(starts_at: Any) -> str:
    local = timezone.localtime(starts_at)
    return date_format(local, "MONTH_DAY_FORMAT") + " " + local.strftime("%H:%M")


def _items(user: Any, scope: Scope, when: Today) -> list[Item]:
    if not my_volunteers(user).exists():
        return []
    coming = my_signups(user, since=when.today).filter(occurrence__ends_at__gt=when.now)
    n_coming = coming.count()
    mine_rows = []
    if n_coming:
        for s in coming[:TOP_ROWS]:
            waiting = s.state == SignUp.State.WAITING
            mine_rows.append(
                Row(
                    label=s.occurrence.activity.title,
                    url=reverse("activities:occurrence", args=[s.occurrence_id]),
                    note=_when(s.occurrence.starts_at),
                    urgency=Urgency.SOON if s.occurrence.date == when.today else Urgency.NORMAL,
                    badge=_("Waiting list") if waiting else (_("Today") if s.occurrence.date == when.today else ""),
                )
            )
    week = upcoming(user, now=when.now, days=WEEK)
    n_week = week.count()
    return [
        Item(
            key="activities.mine",
            label=gettext_lazy("My next activities"),
            count=n_coming,
            url=reverse("activities:mine"),
            rows=mine_rows,
            order=10,
        ),
        Item(
            key="activities.week",
            label=gettext_lazy("Activities this week to sign up for"),
            count=n_week,
            url=reverse("activities:list"),
            rows=[
                Row(
                    label=o.activity.title,
                    url=reverse("activities:occurrence", args=[o.pk]),
                    note=_when(o.starts_at) + " · " + o.activity.area.name,
                )
                for o in week[:3]
            ]
            if n_week
            else [],
            order=15,
        ),
    ]


def register_sources() -> None:
    register(
        Source(
            code="activities",
            # Staff plan activities from the menu; volunteers and members who serve sign up here.
            applies=is_self_service,
            items=_items,
            # whether a volunteer, the dates coming and their first rows, the week's and its first rows
            queries=6,
        )
    )
