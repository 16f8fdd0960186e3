"""Honours' writes: awards and nominations (awards.py), the good-deeds wall (deeds.py)."""

from tongxin.council.honours.services.awards import (
    award_confer,
    award_create,
    award_publish,
    nomination_review,
    nomination_submit,
    objection_answer,
    objection_raise,
)
from tongxin.council.honours.services.deeds import deed_consent, deed_create, deed_delete, deed_photo_process

__all__ = [
    "award_confer",
    "award_create",
    "award_publish",
    "deed_consent",
    "deed_create",
    "deed_delete",
    "deed_photo_process",
    "nomination_review",
    "nomination_submit",
    "objection_answer",
    "objection_raise",
]
