"""Honours on the community's public board (registered in HonoursConfig.ready()).

"honours": this year's and last year's awards of the community (or of a place above it) in
publicity or awarded, with the nominees of this community — named as the publicity names them,
never a number. "deeds": the four boards of the good-deeds wall, a photo only with consent.
Each builds in a fixed number of queries whatever the community's size.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, Q
from django.utils.translation import gettext_lazy as _

from tongxin.council.boards.sections import Section, register
from tongxin.council.honours.models import Award, AwardState, Deed, Nomination, NominationState, WallBoard
from tongxin.registry.areas.models import Area

DEEDS_PER_BOARD = 6


def honours_section(community: Area, year: int) -> dict[str, Any] | None:
    shown = Nomination.objects.filter(
        place__path__startswith=community.path, state__in=(NominationState.ACCEPTED, NominationState.WINNER)
    ).order_by("display_name", "pk")
    awards = list(
        Award.objects.filter(
            Q(area_id__in=[community.pk, *community.ancestor_ids()]),
            year__in=(year, year - 1),
            state__in=(AwardState.PUBLICITY, AwardState.AWARDED),
        )
        .select_related("area")
        .prefetch_related(Prefetch("nominations", queryset=shown, to_attr="shown"))
        .order_by("-year", "state", "name", "pk")
    )
    awards = [a for a in awards if getattr(a, "shown", None)]
    if not awards:
        return None
    return {"awards": awards, "community": community}


def deeds_section(community: Area, year: int) -> dict[str, Any] | None:
    deeds = list(
        Deed.objects.filter(area=community)
        .only("pk", "board", "title", "story", "happened_on", "person_name", "photo", "photo_consent")
        .order_by("board", "-happened_on", "-pk")
    )
    if not deeds:
        return None
    boards = []
    for code, label in WallBoard.choices:
        entries = [d for d in deeds if d.board == code][:DEEDS_PER_BOARD]
        boards.append({"code": code, "label": label, "entries": entries})
    return {"boards": boards}


def register_sections() -> None:
    register(Section("honours", _("Honours (评先评优)"), "honours/board_honours.html", honours_section, order=30))
    register(Section("deeds", _("Good-deeds wall (善行善举墙)"), "honours/board_deeds.html", deeds_section, order=40))
