"""Refusals of consultation's rules. `StepRefused` and `TopicChanged` answer 409 in the API."""

from __future__ import annotations

from tongxin.platform.core.exceptions import DomainError


class StepRefused(DomainError):
    """The step cannot be taken now: out of order, during publicity, with objections or tasks open."""


class TopicChanged(DomainError):
    """Someone else has just moved the topic (or closed the vote): reload."""
