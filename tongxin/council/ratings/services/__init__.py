"""Every write of ratings: one function per use case, each checking its actor itself."""

from tongxin.council.ratings.services.rounds import (
    round_create,
    round_publicise,
    round_publish,
    round_reopen,
    round_start,
)
from tongxin.council.ratings.services.schemes import scheme_create, scheme_update
from tongxin.council.ratings.services.scoring import scores_save

__all__ = [
    "round_create",
    "round_publicise",
    "round_publish",
    "round_reopen",
    "round_start",
    "scheme_create",
    "scheme_update",
    "scores_save",
]
