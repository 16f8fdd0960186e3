"""Consultation and the case workflow: a case handed over to a council becomes a topic; the topic
carried out closes the case with its outcome."""

from __future__ import annotations

from tongxin.council.consultation.models import Topic
from tongxin.platform.access.actor import Actor


def case_closed_by_topic(topic: Topic, actor: Actor | None) -> None:
    """Return the handover with the outcome and close the case (see the council hand-over target)."""
    if topic.case_id is None:
        return
    # Filled in with the council hand-over target.
