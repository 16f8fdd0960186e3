"""Who acts: the type every write service takes as its `actor`.

Pages pass `request.user`, which is a signed-in `User` or, before sign-in, an `AnonymousUser`;
the scoping gate gives an anonymous actor no rights, so a service refuses it like any other
actor without the right (`Forbidden`). Writes the system makes itself (the deadline job, a
service request handed to a team) have no actor: they call the service's apply step directly,
after the place where the user-facing service checks its actor.
"""

from __future__ import annotations

from typing import Any, TypeAlias

from django.contrib.auth.models import AnonymousUser
from django.utils.translation import gettext_lazy

from tongxin.platform.access.models import User
from tongxin.platform.access.scope import scope_for
from tongxin.platform.core.exceptions import Forbidden

Actor: TypeAlias = User | AnonymousUser

# What a refused actor is told when the rule needs no words of its own (the API shows it; a page
# shows the 403 page).
REFUSED = gettext_lazy("Your role may not do this here.")


def check(allowed: bool, message: Any = REFUSED) -> None:
    """Refuse (`Forbidden`) unless the rule the service computed allows the actor."""
    if not allowed:
        raise Forbidden(message)


def check_perm(actor: Actor, perm: str, message: Any = REFUSED) -> None:
    """Refuse (`Forbidden`, with the user-facing `message`) unless the actor holds `perm` somewhere."""
    if not scope_for(actor).has_perm(perm):
        raise Forbidden(message)


def check_at(actor: Actor, perm: str, tree: str, path: str, message: Any = REFUSED) -> None:
    """Refuse unless the actor holds `perm` at the node with materialized `path` or above it."""
    if not scope_for(actor).allows_path(perm, tree, path):
        raise Forbidden(message)


def signed_in(actor: Actor | None) -> User | None:
    """The user to record as author of a row (`created_by`…): nobody for the system or a visitor."""
    return actor if isinstance(actor, User) else None
