from __future__ import annotations

from tongxin.platform.core.exceptions import DomainError, Forbidden


class TransitionNotAllowed(DomainError):
    """The case cannot go to that state from where it is, or not by this person."""


class CaseChanged(DomainError):
    """Someone else acted on the case first: the caller's view of it is out of date."""


class TransitionForbidden(Forbidden, TransitionNotAllowed):
    """The step exists, but this person may not take it on this case (403, not a message)."""
