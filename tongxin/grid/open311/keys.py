"""API keys of Open311 clients: issued once, stored hashed, revocable."""

from __future__ import annotations

import secrets

from django.db import transaction
from django.utils.translation import gettext as _

from tongxin.grid.open311.models import Open311Client
from tongxin.platform.core.audit import audit_record
from tongxin.platform.core.exceptions import DomainError
from tongxin.registry.areas.models import Area, Level

# The offices a key may belong to: those that can place a request by hand (位置待核实).
OFFICE_LEVELS = (Level.SUBDISTRICT, Level.COMMUNITY, Level.VILLAGE)

# token_urlsafe(32) gives 43 characters; anything much longer is not one of ours.
MAX_KEY_LENGTH = 200
NAME_MAX_LENGTH = Open311Client._meta.get_field("name").max_length or 50


@transaction.atomic
def client_issue(*, name: str, office: Area | None = None) -> str:
    """Register a client and return its key: the only time the key is ever seen.

    `office` (a subdistrict, community or village) receives the client's requests that no grid
    holds, to place them by hand; without one such requests are refused.
    """
    name = (name or "").strip()
    if not name:
        raise DomainError(_("Give the client a name."), code="name")
    if len(name) > NAME_MAX_LENGTH:
        raise DomainError(
            _("A client name has at most %(limit)d characters.") % {"limit": NAME_MAX_LENGTH}, code="name"
        )
    if office is not None and office.level not in OFFICE_LEVELS:
        raise DomainError(_("The office of a key is a subdistrict, a community or a village."), code="office")
    key = secrets.token_urlsafe(32)
    client = Open311Client.objects.create(
        name=name, prefix=key[:8], key_hash=Open311Client.hash_key(key), office=office
    )
    # The prefix is recorded so an administrator can tell keys apart; never the key.
    audit_record(
        actor=None,
        action="create",
        obj=client,
        changes={"name": name, "prefix": client.prefix, "office": office.pk if office is not None else None},
    )
    return key


@transaction.atomic
def client_revoke(*, name: str) -> int:
    """Revoke every key of the clients with this name; returns how many were revoked."""
    clients = list(Open311Client.objects.filter(name=(name or "").strip(), revoked=False))
    for client in clients:
        client.revoked = True
        client.save(update_fields=["revoked"])
        audit_record(actor=None, action="update", obj=client, changes={"revoked": [False, True]})
    return len(clients)


def client_for_key(key: object) -> Open311Client | None:
    """The client a key belongs to, or None for an unknown, revoked or malformed key."""
    if not isinstance(key, str) or not key or len(key) > MAX_KEY_LENGTH:
        return None
    return (
        Open311Client.objects.filter(key_hash=Open311Client.hash_key(key), revoked=False)
        .select_related("office")
        .defer("office__outline")
        .first()
    )
