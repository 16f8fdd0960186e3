"""The gate of every ratings page: who reads ratings (403), and the round or scheme within the
user's part of the tree (404 outside it); who keeps them (Perm.RECOGNISE over the community)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied

from tongxin.council.ratings.models import RatingRound, RatingScheme
from tongxin.council.ratings.queries import reads_ratings
from tongxin.platform.access.roles import Perm
from tongxin.platform.access.scope import get_for, scope_for
from tongxin.platform.core.trees import AREA

NAV = "ratings"


def require_reader(user: Any) -> None:
    if not reads_ratings(user):
        raise PermissionDenied


def keeps(user: Any, community: Any) -> bool:
    return scope_for(user).allows_path(Perm.RECOGNISE, AREA, community.path)


def scheme_for(user: Any, pk: int) -> RatingScheme:
    require_reader(user)
    return get_for(user, RatingScheme.objects.select_related("community", "panel"), pk)


def round_for(user: Any, pk: int) -> RatingRound:
    require_reader(user)
    return get_for(user, RatingRound.objects.select_related("scheme", "scheme__community", "scheme__panel"), pk)
