"""What commitments puts on the public board and on a member's own page.

- "members" (党员信息公开): the community's members shown on the board, by courtyard (the grid
  of the building they live in) or, for those without a household in the community, by branch;
  each with name, branch, post, this year's pledge items and a photo only with consent. Never a
  personal number. With the two figures of seed 001 (coverage, participation). Queries: one for
  the figures, one for the chooser, three for the members (members, pledges, items).
- "convention" (居民公约 / 村规民约): the articles of the latest adopted version.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db.models import Prefetch
from django.urls import reverse
from django.utils.translation import gettext as _

from tongxin.council.commitments.models import Convention, Pledge
from tongxin.council.commitments.queries import board_figures, community_members, shown_q
from tongxin.registry.areas.models import Area, Level
from tongxin.registry.party.models import PartyMember

BRANCH_PREFIX = "b"  # ?place=b<org id>: members without a household here, under their branch
# Past this many members, the board on a phone or a desk opens on its courtyards (with their counts)
# rather than on every card of the community; the lobby screen pages through them all.
CARDS_AT_ONCE = 40


def _courtyard_choices(community: Area) -> list[tuple[str, str]]:
    grids = Area.objects.filter(path__startswith=community.path, level=Level.GRID).order_by("path")
    return [(str(pk), name) for pk, name in grids.values_list("pk", "name")]


def members_section(community: Area, year: int, params: Mapping[str, str]) -> dict[str, Any] | None:
    figures = board_figures(community, year)
    if not figures.members:
        return None
    courtyards = _courtyard_choices(community)
    path = community.path
    pledges = Pledge.objects.filter(year=year).prefetch_related("items")
    rows = list(
        community_members(community)
        .filter(shown_q())
        .select_related("org", "board_card", "resident__household__area", "resident__household__grid")
        .prefetch_related(Prefetch("pledges", queryset=pledges, to_attr="year_pledges"))
        .order_by("name_pinyin", "pk")
    )
    chosen = str(params.get("place", ""))[:12]
    groups: dict[tuple[int, str, str], list[dict[str, Any]]] = {}
    branches: list[tuple[str, str]] = []
    for m in rows:
        household = m.resident.household if m.resident_id and m.resident else None
        lives_here = household is not None and household.area.path.startswith(path)
        if lives_here and household is not None:
            grid = household.grid
            key = (0, str(grid.pk) if grid else "", grid.name if grid else _("Other buildings"))
            where = household.area.name
        else:
            key = (1, f"{BRANCH_PREFIX}{m.org_id}", m.org.name)
            where = ""
            if (key[1], key[2]) not in branches:
                branches.append((key[1], key[2]))
        if chosen and key[1] != chosen:
            continue
        card = m.board_card
        pledge = m.year_pledges[0] if m.year_pledges else None
        groups.setdefault(key, []).append(
            {
                "name": m.name,
                "branch": m.org.name,
                "post": card.post,
                "where": where,
                "items": [i.title for i in pledge.items.all()] if pledge else [],
                "words": pledge.words if pledge else "",
                "photo": reverse("commitments:member_photo", args=[card.pk]) if card.photo_public else "",
            }
        )
    # Courtyards in the tree's order (第一网格, 第二网格 … as the chooser lists them), then branches by name.
    position = {pk: i for i, (pk, _name) in enumerate(courtyards)}

    def order(key: tuple[int, str, str]) -> tuple[int, int, str]:
        return (key[0], position.get(key[1], len(position)), key[2])

    in_order = sorted(groups.items(), key=lambda kv: order(kv[0]))
    ordered = [{"key": k[1], "label": k[2], "members": v} for k, v in in_order]
    return {
        "figures": figures,
        "year": year,
        "choices": courtyards + sorted(branches, key=lambda b: b[1]),
        "chosen": chosen,
        "groups": ordered,
        "community": community,
        "by_courtyard": not chosen and sum(len(g["members"]) for g in ordered) > CARDS_AT_ONCE,
    }


def convention_section(community: Area, year: int) -> dict[str, Any] | None:
    convention = Convention.objects.filter(community=community).first()
    if convention is None:
        return None
    version = convention.versions.select_related("topic").order_by("-number").first()
    if version is None:
        return None
    return {"convention": convention, "version": version, "articles": version.article_list()}


def own_pledge_part(member: PartyMember, year: int) -> dict[str, Any] | None:
    """The member's own pledge of the year and what they did to keep it (on /me/): 3 queries."""
    pledge = Pledge.objects.filter(member=member, year=year).prefetch_related("items").first()
    if pledge is None:
        return None
    entries = list(pledge.fulfilments.order_by("-done_on", "-id")[:10])
    return {"pledge": pledge, "items": list(pledge.items.all()), "entries": entries, "year": year}
