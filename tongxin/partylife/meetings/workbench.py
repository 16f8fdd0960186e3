"""Required meetings on the workbench (registered in MeetingsConfig.ready()).

Who records meetings sees those due this period and the organizations behind; a subdistrict
sees the organizations behind, ranked; a member sees the minutes they have not read. Counts come
from the compliance matrix the compliance page shows (`compliance_matrix`, from the same root)
and from `unread_minutes` (the /me/ card and `/meetings/mine/?unread=1`).
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tongxin.partylife.meetings.compliance import State, compliance_matrix
from tongxin.partylife.meetings.queries import compliance_root, unread_minutes
from tongxin.platform.access.roles import Perm, Role
from tongxin.platform.access.scope import Scope
from tongxin.platform.web.workbench import TOP_ROWS, Item, Row, Source, Today, Urgency, register

# The matrix is for who keeps or supervises organizational life.
MATRIX_ROLES = frozenset({Role.SUBDISTRICT, Role.COMMUNITY, Role.ORG_SECRETARY})
SOON_DAYS = 7


def _compliance_url(**params: Any) -> str:
    url = reverse("meetings:compliance")
    return url + "?" + urlencode(params) if params else url


def _matrix_items(user: Any, scope: Scope, when: Today) -> list[Item]:
    root = compliance_root(user)
    if root is None and not scope.is_admin:
        return []
    matrix = compliance_matrix(root=root, year=when.today.year, at=when.now)
    items = []
    if scope.has_perm(Perm.MEETINGS):
        due_rows = []
        for o in matrix.orgs:
            for r in o.rows:
                for c in r.cells:
                    if c.state == State.DUE:
                        soon = (c.end - when.today).days < SOON_DAYS
                        due_rows.append(
                            (
                                c.end,
                                o.org.path,
                                Row(
                                    label=f"{o.org.name} · {r.kind_label}",
                                    url=reverse("meetings:create") + "?" + urlencode({"org": o.org.pk, "kind": r.kind}),
                                    note=_("to hold by %(date)s") % {"date": date_format(c.end, "DATE_FORMAT")},
                                    urgency=Urgency.SOON if soon else Urgency.NORMAL,
                                    badge=_("Period ends soon") if soon else "",
                                ),
                            )
                        )
        due_rows.sort(key=lambda t: (t[0], t[1]))
        items.append(
            Item(
                key="meetings.due",
                label=gettext_lazy("Required meetings due this period"),
                count=len(due_rows),
                url=_compliance_url(),
                urgency=Urgency.SOON,
                rows=[r for _end, _path, r in due_rows[:TOP_ROWS]],
                order=30,
            )
        )
    behind = matrix.behind
    items.append(
        Item(
            key="meetings.behind",
            label=gettext_lazy("Organizations behind on required meetings"),
            count=len(behind),
            url=_compliance_url(),
            urgency=Urgency.OVERDUE,
            rows=[
                Row(
                    label=o.org.name,
                    url=_compliance_url(node=o.org.pk, year=matrix.year),
                    note=" · ".join(f"{r.kind_label} × {r.missed}" for r in o.rows if r.missed),
                    urgency=Urgency.OVERDUE,
                    badge=_("%(n)s missed") % {"n": o.missed},
                )
                for o in behind[:TOP_ROWS]
            ],
            order=35,
        )
    )
    return items


def _member_items(user: Any, scope: Scope, when: Today) -> list[Item]:
    unread = unread_minutes(user, when.today)
    count = unread.count()
    rows = []
    if count:
        for a in unread[:TOP_ROWS]:
            title = a.meeting.get_kind_display() + (f": {a.meeting.title}" if a.meeting.title else "")
            rows.append(
                Row(
                    label=title,
                    url=reverse("meetings:detail", args=[a.meeting_id]),
                    note=date_format(a.meeting.starts_at, "DATE_FORMAT") + " · " + a.meeting.org.name,
                )
            )
    return [
        Item(
            key="meetings.unread",
            label=gettext_lazy("Meeting minutes to read"),
            count=count,
            url=reverse("meetings:mine") + "?unread=1",
            rows=rows,
            order=20,
        )
    ]


def register_sources() -> None:
    register(
        Source(
            code="meetings",
            applies=lambda scope: scope.is_admin or bool(scope.roles & MATRIX_ROLES),
            items=_matrix_items,
            # the root, the requirements, the organizations with their members, the meetings held
            queries=5,
        )
    )
    register(
        Source(
            code="meetings.mine",
            applies=lambda scope: Role.PARTY_MEMBER in scope.roles,
            items=_member_items,
            queries=2,
        )
    )
