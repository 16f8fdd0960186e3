from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import pgettext_lazy

from tongxin.platform.access.roles import Perm, Role
from tongxin.platform.access.scope import Scope, scope_for
from tongxin.registry.party.models import PartyMember
from tongxin.volunteering.service.queries import teams_led_by


@dataclass(frozen=True)
class Tab:
    """A destination of the phone's bottom tab bar."""

    key: str
    label: str | Promise
    url_name: str
    icon: str
    # Other pages that belong to this tab (it shows as current there), by view name or namespace.
    also: tuple[str, ...] = ()


HOME = Tab("home", pgettext_lazy("phone tab", "Workbench"), "home", "home")
CASES = Tab("cases", pgettext_lazy("phone tab", "Cases"), "cases:list", "list", ("cases:",))
REPORT = Tab("report", pgettext_lazy("phone tab", "Report"), "cases:report", "plus")
VISITS = Tab("visits", pgettext_lazy("phone tab", "Visits"), "visits:due", "door", ("visits:",))
RESIDENTS = Tab(
    "residents", pgettext_lazy("phone tab", "Residents"), "residents:list", "people", ("residents:", "households:")
)
MAP = Tab("map", pgettext_lazy("phone tab", "Map"), "cases:map", "pin")
MEETINGS = Tab("meetings", pgettext_lazy("phone tab", "Meetings"), "meetings:list", "flag", ("meetings:",))
MY_MEETINGS = Tab("my_meetings", pgettext_lazy("phone tab", "Meetings"), "meetings:mine", "flag")
MEMBERS = Tab("members", pgettext_lazy("phone tab", "Members"), "members:list", "people", ("members:",))
MY_ACTIVITIES = Tab(
    "my_activities", pgettext_lazy("phone tab", "Activities"), "activities:mine", "heart", ("activities:",)
)
MY_HOURS = Tab("my_hours", pgettext_lazy("phone tab", "Hours"), "service:my_hours", "clock")
HANDOVERS = Tab("handovers", pgettext_lazy("phone tab", "Handed over"), "cases:handovers", "list")
UNITS = Tab("units", pgettext_lazy("phone tab", "Units"), "units:list", "building", ("units:",))
PORTAL = Tab("portal", pgettext_lazy("phone tab", "Our unit"), "portal:portal", "building", ("portal:",))
INBOX = Tab("inbox", pgettext_lazy("phone tab", "Messages"), "inbox:list", "bell", ("inbox:",))
ME = Tab("me", pgettext_lazy("phone tab", "Me"), "me", "user")

# Four or five destinations per role, each one a page the role can open (the menu test follows
# them). The first role a user holds in this order decides: a grid worker who is also a party
# member works as a grid worker.
ROLE_TABS: list[tuple[str | None, tuple[Tab, ...]]] = [
    (Role.ADMIN, (HOME, CASES, RESIDENTS, INBOX, ME)),
    (Role.SUBDISTRICT, (HOME, CASES, MAP, INBOX, ME)),
    (Role.COMMUNITY, (HOME, CASES, REPORT, RESIDENTS, ME)),
    (Role.GRID_WORKER, (HOME, CASES, REPORT, VISITS, ME)),
    (Role.BUILDING_LEADER, (HOME, CASES, REPORT, VISITS, ME)),
    (Role.ORG_SECRETARY, (HOME, MEETINGS, MEMBERS, INBOX, ME)),
    (Role.UNIT_CONTACT, (HOME, PORTAL, HANDOVERS, INBOX, ME)),
    (Role.PARTY_MEMBER, (HOME, MY_MEETINGS, MY_ACTIVITIES, INBOX, ME)),
    (None, (HOME, MY_ACTIVITIES, MY_HOURS, INBOX, ME)),
]


def role_tabs(scope: Scope) -> tuple[Tab, ...]:
    for role, tabs in ROLE_TABS:
        if role is None or role in scope.roles:
            return tabs
    return ROLE_TABS[-1][1]


def _tab_rows(request: HttpRequest, scope: Scope) -> list[dict[str, Any]]:
    match = getattr(request, "resolver_match", None)
    view_name = match.view_name if match else ""
    tabs = role_tabs(scope)
    exact = next((t.key for t in tabs if reverse(t.url_name) == request.path), None)
    current = exact or next(
        (t.key for t in tabs if any(view_name == a or (a.endswith(":") and view_name.startswith(a)) for a in t.also)),
        None,
    )
    return [
        {"key": t.key, "label": t.label, "url": reverse(t.url_name), "icon": t.icon, "current": t.key == current}
        for t in tabs
    ]


def menu(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    scope = scope_for(user)
    # Each asked only by the menu entry that needs it (one small query each): a menu never
    # offers a page the role cannot open.
    return {
        "is_party_member": lambda: PartyMember.objects.filter(user_id=user.pk).exists(),
        # Hours to confirm (/service/hours/) are for service staff and team leaders.
        "leads_a_team": lambda: teams_led_by(user).exists(),
        # Member development, transfers, reporting in, meetings, posts and points are the Party
        # side's work (branch and community secretaries, and the subdistrict that reads them);
        # a grid worker or a building leader could open the lists of their grid's branch, but
        # nothing there is theirs to do, so the menu does not offer them.
        "party_side": scope.is_admin
        or scope.has_perm(Perm.PARTY_WORK)
        or scope.has_perm(Perm.MEETINGS)
        or scope.has_perm(Perm.VIEW_DUES),
        "phone_tabs": lambda: _tab_rows(request, scope),
    }
