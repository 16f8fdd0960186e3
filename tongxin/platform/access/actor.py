"""Who acts: the type every write service takes as its `actor`.

Pages pass `request.user`, which is a signed-in `User` or, before sign-in, an `AnonymousUser`;
the scoping gate gives an anonymous actor no rights, so a service refuses it like any other
actor without the right (`Forbidden`). Writes the system makes itself (the deadline job, a
service request handed to a team) have no actor: they call the service's apply step directly,
after the place where the user-facing service checks its actor.
"""

from __future__ import annotations

from typing import TypeAlias

from django.contrib.auth.models import AnonymousUser

from tongxin.platform.access.models import User

Actor: TypeAlias = User | AnonymousUser
