"""Who is told when the care categories living in a household change.

Something kept per household from its residents' care categories (the visits app keeps each
household's visit interval on `Household.visit_interval`) registers a listener from its
AppConfig.ready(). Every write that gives or takes a resident's category, or moves a resident
from one household to another, calls `care_changed` with the households touched, inside its
transaction; a bulk load that wrote category links itself calls it with None (every household).
The registry lives here, below the capability packages, so the registry never imports them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

Listener = Callable[[set[int] | None], None]

LISTENERS: list[Listener] = []


def on_care_changed(listener: Listener) -> None:
    if listener not in LISTENERS:
        LISTENERS.append(listener)


def care_changed(household_ids: Iterable[int | None] | None) -> None:
    """The residents' categories of these households (None: of every household) may have changed."""
    ids = None if household_ids is None else {pk for pk in household_ids if pk is not None}
    if ids is not None and not ids:
        return
    for listener in LISTENERS:
        listener(ids)
