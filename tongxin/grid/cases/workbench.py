"""What cases put on each role's workbench (registered in CasesConfig.ready()).

Every count comes from `queue_counts` (the queue page's tabs) and every link opens the queue
filtered to exactly the rows counted. Three queries at most: the counts, the first rows, and
for a subdistrict its communities ranked by red cards and overdue cases.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.db.models import Count
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tongxin.grid.cases.handover import ACTIVE, handovers_answered_by
from tongxin.grid.cases.models import Case
from tongxin.grid.cases.queries import (
    carded_q,
    cases_visible_to,
    overdue_q,
    queue,
    queue_counts,
    red_carded_q,
)
from tongxin.grid.cases.workflow import SUPERVISORS
from tongxin.platform.access.roles import Role
from tongxin.platform.access.scope import Scope
from tongxin.platform.web.workbench import (
    TOP_ROWS,
    Action,
    Item,
    Row,
    Source,
    Today,
    Urgency,
    holds_any,
    is_self_service,
    register,
)

CASE_ROLES = frozenset({Role.SUBDISTRICT, Role.COMMUNITY, Role.GRID_WORKER, Role.BUILDING_LEADER})
HANDLING = frozenset({Role.SUBDISTRICT, Role.COMMUNITY, Role.GRID_WORKER})


def _list(**params: Any) -> str:
    return reverse("cases:list") + "?" + urlencode(params)


def case_row(case: Case, now: Any) -> Row:
    """A case as the workbench names it: what and where, then its deadline."""
    if case.grid is None:  # 位置待核实: waiting at an office for a person to place it
        place = f"{case.area.name} · {_('Location to be confirmed')}"
    elif case.area_id == case.grid_id:
        place = case.grid.name
    else:
        place = f"{case.grid.name} · {case.area.name}"
    overdue = getattr(case, "is_overdue", False)
    cards = getattr(case, "cards", 0)
    due = timezone.localtime(case.resolve_due)
    when = date_format(due, "MONTH_DAY_FORMAT") + " " + due.strftime("%H:%M")
    note = (_("was due %(when)s") if overdue else _("due %(when)s")) % {"when": when}
    badge = _("Overdue") if overdue else ""
    if cards:
        badge = (badge + " · " if badge else "") + _("%(n)s card(s)") % {"n": cards}
    soon = (case.resolve_due - now).total_seconds() < 24 * 3600
    urgency = Urgency.OVERDUE if overdue or cards else (Urgency.SOON if soon else Urgency.NORMAL)
    return Row(
        label=f"{case.category} · {place}",
        url=reverse("cases:detail", args=[case.pk]),
        note=f"{case.tracking_code} · {note}",
        urgency=urgency,
        badge=badge,
    )


def _rows(qs: Any, now: Any) -> list[Row]:
    return [case_row(c, now) for c in qs[:TOP_ROWS]]


def _communities(user: Any, now: Any, *, carded: bool) -> list[Row]:
    """A subdistrict's communities ranked (one query): red cards first, then the overdue or the
    carded cases, each row opening that community's part of the queue."""
    overdue, red, any_card = overdue_q(now), red_carded_q(), carded_q()
    ranked = (
        cases_visible_to(user)
        .filter(any_card if carded else overdue)
        .order_by()
        .values("grid__parent_id", "grid__parent__name")
        .annotate(
            n_overdue=Count("pk", filter=overdue), n_red=Count("pk", filter=red), n_carded=Count("pk", filter=any_card)
        )
        .order_by("-n_red", "-n_carded" if carded else "-n_overdue", "grid__parent__name")[:TOP_ROWS]
    )
    rows = []
    for r in ranked:
        if carded:
            url = _list(queue="open", carded="on", node=r["grid__parent_id"])
            note = _("%(c)s carded · %(r)s red card(s)") % {"c": r["n_carded"], "r": r["n_red"]}
            badge = _("Red card") if r["n_red"] else _("Yellow card")
        else:
            url = _list(queue="overdue", node=r["grid__parent_id"])
            note = _("%(o)s overdue · %(r)s red card(s)") % {"o": r["n_overdue"], "r": r["n_red"]}
            badge = _("Overdue")
        rows.append(Row(label=r["grid__parent__name"], url=url, note=note, urgency=Urgency.OVERDUE, badge=badge))
    return rows


def _items(user: Any, scope: Scope, when: Today) -> list[Item]:
    counts = queue_counts(user)
    now = when.now
    roles = scope.roles
    supervises = scope.is_admin or bool(roles & SUPERVISORS)
    ranks = scope.is_admin or Role.SUBDISTRICT in roles
    items: list[Item] = []
    if scope.is_admin or roles & HANDLING:
        overdue_rows: list[Row] = []
        if counts["overdue"]:
            overdue_rows = _communities(user, now, carded=False) if ranks else _rows(queue(user, "overdue"), now)
        items.append(
            Item(
                key="cases.overdue",
                label=gettext_lazy("Overdue cases"),
                count=counts["overdue"],
                url=_list(queue="overdue"),
                urgency=Urgency.OVERDUE,
                rows=overdue_rows,
                order=10,
            )
        )
        items.append(
            Item(
                key="cases.to_accept",
                label=gettext_lazy("Cases waiting to be accepted"),
                count=counts["ours_reported"],
                url=_list(queue="ours", state="reported"),
                urgency=Urgency.SOON,
                order=20,
            )
        )
    if supervises:
        items.append(
            Item(
                key="cases.carded",
                label=gettext_lazy("Cases with a yellow or red card"),
                count=counts["carded"],
                url=_list(queue="open", carded="on"),
                urgency=Urgency.OVERDUE,
                rows=(
                    (_communities(user, now, carded=True) if ranks else _rows(queue(user, "open", carded=True), now))
                    if counts["carded"]
                    else []
                ),
                order=15,
            )
        )
        items.append(
            Item(
                key="cases.to_assign",
                label=gettext_lazy("Cases waiting to be assigned"),
                count=counts["ours_accepted"],
                url=_list(queue="ours", state="accepted"),
                urgency=Urgency.SOON,
                order=25,
            )
        )
        items.append(
            Item(
                key="cases.to_verify",
                label=gettext_lazy("Resolved cases to verify"),
                count=counts["verify"],
                url=_list(queue="verify"),
                order=40,
            )
        )
    if Role.GRID_WORKER in roles and not supervises:
        # 格事格了: the grid's own open cases, the nearest deadline first, cards on the rows.
        items.append(
            Item(
                key="cases.ours",
                label=gettext_lazy("My grid's open cases, by deadline"),
                count=counts["ours"],
                url=_list(queue="ours"),
                rows=_rows(queue(user, "ours"), now) if counts["ours"] else [],
                order=5,
            )
        )
    if counts["mine"] and (scope.is_admin or roles & CASE_ROLES):
        items.append(
            Item(
                key="cases.mine",
                label=gettext_lazy("Cases assigned to me"),
                count=counts["mine"],
                url=_list(queue="mine"),
                order=30,
            )
        )
    if Role.BUILDING_LEADER in roles and not roles & HANDLING and not scope.is_admin:
        items.append(
            Item(
                key="cases.building",
                label=gettext_lazy("Open cases in my buildings"),
                count=counts["open"],
                url=_list(queue="open"),
                rows=_rows(queue(user, "open"), now) if counts["open"] else [],
                order=5,
            )
        )
    return items


def _actions(scope: Scope) -> list[Action]:
    # Field roles report most: the big 上报 button. Office roles have it in the menu.
    if scope.roles & {Role.GRID_WORKER, Role.BUILDING_LEADER}:
        return [Action(key="cases.report", label=gettext_lazy("Report a case"), url=reverse("cases:report"))]
    return []


def _handover_items(user: Any, scope: Scope, when: Today) -> list[Item]:
    incoming = handovers_answered_by(user).filter(status__in=ACTIVE)
    count = incoming.count()
    if not count and Role.UNIT_CONTACT not in scope.roles:
        return []  # a volunteer who leads no team that was handed a case: nothing to say
    rows = []
    if count:
        for h in incoming.select_related("case", "case__category", "case__grid", "case__area").order_by(
            "sent_at", "id"
        )[:TOP_ROWS]:
            row = case_row(h.case, when.now)
            rows.append(Row(label=row.label, url=row.url, note=h.target_name + " · " + row.note, badge=row.badge))
    return [
        Item(
            key="cases.handed_to_us",
            label=gettext_lazy("Cases handed to us"),
            count=count,
            url=reverse("cases:handovers"),
            urgency=Urgency.SOON,
            rows=rows,
            order=5,
        )
    ]


def register_sources() -> None:
    register(
        Source(
            code="cases",
            applies=lambda scope: holds_any(scope, CASE_ROLES),
            items=_items,
            # the counts, the overdue rows, the carded rows (ranked by community for a subdistrict)
            queries=3,
            actions=_actions,
        )
    )
    register(
        Source(
            code="cases.handovers",
            # A unit contact answers for the cases handed to the unit (首接负责), a team leader
            # for those handed to the team.
            applies=lambda scope: Role.UNIT_CONTACT in scope.roles or is_self_service(scope),
            items=_handover_items,
            queries=4,
        )
    )
