"""Party dues on the workbench (registered in DuesConfig.ready()).

Who keeps or reads dues sees the members owing this year, the organizations with the most first
(`arrears_by_org` over the months fallen due, as `/dues/` shows them); a member sees what they
owe today (`owed_now`, as /me/ and their dues page show it).
"""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tongxin.partylife.dues import months
from tongxin.partylife.dues.queries import arrears_by_org, owed_now
from tongxin.platform.access.roles import Perm, Role
from tongxin.platform.access.scope import Scope
from tongxin.platform.core.money import format_yuan
from tongxin.platform.core.trees import ORG
from tongxin.platform.web.workbench import TOP_ROWS, Item, Row, Source, Today, Urgency, register
from tongxin.registry.party.queries import own_member_record

KEEPERS = frozenset({Role.COMMUNITY, Role.ORG_SECRETARY, Role.SUBDISTRICT})


def _arrears_items(user: Any, scope: Scope, when: Today) -> list[Item]:
    if not scope.is_admin and not scope.prefixes(ORG, Perm.VIEW_DUES):
        return []
    year = when.today.year
    rows = arrears_by_org(user, None, year * 100 + 1, months.of(when.today))
    owing = sum(r.totals.members_owing for r in rows)
    owed = sum((r.totals.owed for r in rows), start=0)
    ranked = sorted((r for r in rows if r.totals.members_owing), key=lambda r: (-r.totals.members_owing, r.org.path))
    return [
        Item(
            key="dues.owing",
            label=gettext_lazy("Members behind on Party dues this year"),
            count=owing,
            url=reverse("dues:overview"),
            urgency=Urgency.SOON,
            note=_("%(amount)s owed in all") % {"amount": format_yuan(owed)} if owing else "",
            rows=[
                Row(
                    label=r.org.name,
                    url=reverse("dues:org", args=[r.org.pk]) + f"?year={year}",
                    note=_("%(n)s members owing · %(amount)s")
                    % {"n": r.totals.members_owing, "amount": format_yuan(r.totals.owed)},
                )
                for r in ranked[:TOP_ROWS]
            ],
            order=45,
        )
    ]


def _own_items(user: Any, scope: Scope, when: Today) -> list[Item]:
    member = own_member_record(user)
    if member is None:
        return []
    owed = owed_now([member.pk], months.of(when.today))[member.pk]
    return [
        Item(
            key="dues.mine",
            label=gettext_lazy("My Party dues owed"),
            count=1 if owed > 0 else 0,
            display=format_yuan(owed),
            url=reverse("dues:member", args=[member.pk]),
            urgency=Urgency.SOON,
            order=30,
        )
    ]


def register_sources() -> None:
    register(
        Source(
            code="dues",
            applies=lambda scope: scope.is_admin or bool(scope.roles & KEEPERS),
            items=_arrears_items,
            queries=4,
        )
    )
    register(
        Source(
            code="dues.mine",
            applies=lambda scope: Role.PARTY_MEMBER in scope.roles,
            items=_own_items,
            # the member's record, then the dues bases and payments
            queries=3,
        )
    )
