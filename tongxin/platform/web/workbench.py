"""The workbench (工作台): what waits for a person today, gathered from the apps that keep it.

The home page (`tongxin.interfaces.home`) shows it, but it cannot know every capability: cases,
visits, meetings, dues, member development, transfers, service hours, activities… each app
registers a `Source` here from its AppConfig.ready(), so a capability added later (consultation,
campaigns) puts its work on the workbench without the home page importing it.

A source says, from the user's roles alone (no query), whether it applies to them, and then
gives its items in a fixed number of queries whatever the size of the place. Each item counts
rows with the same query function as the page its link opens, filtered to show exactly those
rows (one definition per figure), and may name its first few rows, each a link to the row.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.utils.functional import Promise

from tongxin.platform.access.actor import Actor
from tongxin.platform.access.roles import Role
from tongxin.platform.access.scope import Scope, scope_for


class Urgency:
    """How soon an item needs the person: the status colours of UI.md, each with a word too."""

    OVERDUE = "overdue"  # red: late, or a red card
    SOON = "soon"  # amber: due soon, a yellow card, waiting for this person
    NORMAL = "normal"  # neutral: work to look at, nothing late
    INFO = "info"  # grey: something to know, not to do (the posts a member holds)
    CLEAR = "clear"  # green: nothing waiting (count 0)


RANK = {Urgency.OVERDUE: 0, Urgency.SOON: 1, Urgency.NORMAL: 2, Urgency.INFO: 3, Urgency.CLEAR: 4}
# How many rows an item names at most: the rest is one tap away on its page.
TOP_ROWS = 5
STAFF_ROLES = frozenset({Role.ADMIN, Role.SUBDISTRICT, Role.COMMUNITY, Role.GRID_WORKER, Role.BUILDING_LEADER})


@dataclass(frozen=True)
class Row:
    """One row an item names: a case, a household, a branch…, opening that row."""

    label: str
    url: str
    note: str = ""
    urgency: str = Urgency.NORMAL
    # A short word beside the row that says its status without colour (超期, 红牌…).
    badge: str = ""


@dataclass
class Item:
    key: str  # stable and unique ("cases.overdue"): tests and the page's data attribute
    label: str | Promise
    count: int  # how many rows wait (0: nothing; the item is listed as done)
    url: str  # the list page that shows exactly the rows counted
    urgency: str = Urgency.NORMAL
    note: str = ""
    rows: list[Row] = field(default_factory=list)
    # The figure to show instead of the count, formatted by the source (¥45.00, 3.5 小时).
    display: str = ""
    # Among items of the same urgency, the lower first (the order the source's role reads them).
    order: int = 50


@dataclass(frozen=True)
class Action:
    """A large button at the top of the workbench: the one thing a role does most (上报)."""

    key: str
    label: str | Promise
    url: str


@dataclass(frozen=True)
class Today:
    now: datetime.datetime
    today: datetime.date


@dataclass(frozen=True)
class Source:
    code: str
    # From the roles alone: no query for a user it does not concern.
    applies: Callable[[Scope], bool]
    items: Callable[[Actor, Scope, Today], list[Item]]
    # The most queries `items` costs, whatever the number of rows (the tests hold it to this).
    queries: int
    actions: Callable[[Scope], list[Action]] | None = None


SOURCES: dict[str, Source] = {}


def register(source: Source) -> Source:
    SOURCES[source.code] = source
    return source


def all_sources() -> list[Source]:
    return list(SOURCES.values())


@dataclass
class Workbench:
    actions: list[Action]
    items: list[Item]

    @property
    def waiting(self) -> list[Item]:
        """Items with something to do, the most urgent first."""
        return [i for i in self.items if i.urgency != Urgency.CLEAR]

    @property
    def clear(self) -> list[Item]:
        return [i for i in self.items if i.urgency == Urgency.CLEAR]


def sort_items(items: Iterable[Item]) -> list[Item]:
    result = []
    for item in items:
        if not item.count:
            item.urgency = Urgency.CLEAR
            item.rows = []
        result.append(item)
    return sorted(result, key=lambda i: (RANK[i.urgency], i.order, i.key))


def workbench_for(user: Actor, when: Today) -> Workbench:
    """Every registered source that applies to the user, its items sorted most urgent first."""
    scope = scope_for(user)
    actions: list[Action] = []
    items: list[Item] = []
    for source in SOURCES.values():
        if not source.applies(scope):
            continue
        if source.actions is not None:
            actions += source.actions(scope)
        items += source.items(user, scope, when)
    seen: set[str] = set()
    unique_actions = [a for a in actions if not (a.key in seen or seen.add(a.key))]  # type: ignore[func-returns-value]
    return Workbench(actions=unique_actions, items=sort_items(items))


def holds_any(scope: Scope, roles: Iterable[str]) -> bool:
    return scope.is_admin or bool(scope.roles & set(roles))


def is_self_service(scope: Scope) -> bool:
    """No staff role: a party member, a volunteer, a resident with an account."""
    return not scope.is_admin and not (scope.roles & STAFF_ROLES) and Role.ORG_SECRETARY not in scope.roles
