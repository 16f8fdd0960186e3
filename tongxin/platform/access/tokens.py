"""Bearer tokens for the JSON API.

Only the SHA-256 of a key is stored: a leaked database does not leak working keys, and the
key is shown once, when it is issued. A key is 32 random bytes, so a plain (unsalted) hash
is enough; a slow password hash would only slow down every API request.
"""

from __future__ import annotations

import datetime
import secrets

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tongxin.platform.access.actor import Actor
from tongxin.platform.access.models import ApiToken, User
from tongxin.platform.core.audit import audit_record
from tongxin.platform.core.exceptions import DomainError

# Writing last_used_at on every request would turn each read into a write (and, on SQLite,
# serialize API readers behind the one writer); a minute is precise enough to spot stale keys.
LAST_USED_PRECISION = datetime.timedelta(minutes=1)
# token_urlsafe(32) gives 43 characters; anything much longer is not one of ours.
MAX_KEY_LENGTH = 200
NAME_MAX_LENGTH = ApiToken._meta.get_field("name").max_length or 100


@transaction.atomic
def token_issue(*, user: User, name: str = "", actor: Actor | None = None) -> str:
    """Create a token for `user` and return its key: the only time the key is ever seen."""
    name = (name or "").strip()
    if len(name) > NAME_MAX_LENGTH:
        raise DomainError(_("A token name has at most %(limit)d characters.") % {"limit": NAME_MAX_LENGTH}, code="name")
    key = secrets.token_urlsafe(32)
    token = ApiToken.objects.create(user=user, name=name, prefix=key[:8], key_hash=ApiToken.hash_key(key))
    # The prefix is recorded so an administrator can tell tokens apart; never the key.
    audit_record(
        actor=actor,
        action="create",
        obj=token,
        object_repr=f"{user.get_username()} {token.prefix}…",
        changes={"user": user.get_username(), "name": name, "prefix": token.prefix},
    )
    return key


def token_user(key: str | None) -> User | None:
    """The active user a key belongs to, or None for an unknown, revoked or malformed key."""
    if not key or len(key) > MAX_KEY_LENGTH:
        return None
    token = ApiToken.objects.select_related("user").filter(key_hash=ApiToken.hash_key(key), revoked=False).first()
    if token is None or not token.user.is_active:
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_PRECISION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user
