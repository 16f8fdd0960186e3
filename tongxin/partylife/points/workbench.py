"""A member's posts (设岗定责) on their workbench (registered in PointsConfig.ready()): the posts
they hold today (`current_holdings`, as /me/ lists them). Two queries."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy

from tongxin.partylife.points.queries import current_holdings
from tongxin.platform.access.roles import Role
from tongxin.platform.access.scope import Scope
from tongxin.platform.web.workbench import TOP_ROWS, Item, Row, Source, Today, Urgency, register
from tongxin.registry.party.queries import own_member_record


def _items(user: Any, scope: Scope, when: Today) -> list[Item]:
    member = own_member_record(user)
    if member is None:
        return []
    holdings = list(
        current_holdings(when.today).filter(member=member).select_related("post", "post__org").order_by("from_on")
    )
    me = reverse("me")
    return [
        Item(
            key="points.posts",
            label=gettext_lazy("My posts"),
            count=len(holdings),
            url=me,
            urgency=Urgency.INFO,
            rows=[
                Row(label=h.post.title, url=me, note=f"{h.post.get_kind_display()} · {h.post.org.name}")
                for h in holdings[:TOP_ROWS]
            ],
            order=70,
        )
    ]


def register_sources() -> None:
    register(
        Source(code="points.posts", applies=lambda scope: Role.PARTY_MEMBER in scope.roles, items=_items, queries=2)
    )
