"""What consultation's writes share: the actor check, text cleaning, codes, telling the raiser."""

from __future__ import annotations

import secrets
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from tongxin.council.consultation.models import CODE_LENGTH, Topic
from tongxin.platform.access.actor import Actor, check_at
from tongxin.platform.access.roles import Perm
from tongxin.platform.core import crypto
from tongxin.platform.core.exceptions import DomainError
from tongxin.platform.core.trees import AREA
from tongxin.platform.inbox.services import notify, queue_message

# No 0/O, 1/I/L: a code read out on the phone is typed back right.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"


def check_runs(actor: Actor, area: Any) -> None:
    """Refuse (`Forbidden`) unless the actor runs the councils (Perm.CONSULT) over this place."""
    check_at(actor, Perm.CONSULT, AREA, area.path)


def clean(value: Any, limit: int, *, field: str = "", required: bool = False) -> str:
    text = "".join(c for c in str(value or "") if c >= " " or c in "\n\t").replace("\x7f", "").strip()
    if required and not text:
        raise DomainError({field or "text": _("This field is required.")})
    if len(text) > limit:
        raise DomainError({field or "text": _("At most %(limit)d characters.") % {"limit": limit}})
    return text


def new_code() -> str:
    while True:
        code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
        if not Topic.objects.filter(tracking_code=code).exists():
            return code


def tell_raiser(topic: Topic, what: str) -> None:
    """The raiser learns what became of their topic: in the inbox if they have an account, by a
    text message if they left a number; a resident also sees it with the tracking code."""
    title = f"{topic.title}: {what}"
    if topic.raised_by_id:
        notify(
            recipients=[topic.raised_by],
            kind="status",
            title=title[:200],
            url=reverse("consultation:topic", args=[topic.pk]),
            topic=what[:40],
        )
    if topic.phone_enc:
        queue_message(
            phone=crypto.decrypt(topic.phone_enc),
            text=_("[Tongxin] Your topic %(code)s: %(what)s") % {"code": topic.tracking_code, "what": what},
        )
