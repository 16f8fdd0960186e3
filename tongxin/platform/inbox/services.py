"""Telling users things: in-app notifications and outbound messages."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.db import transaction
from django.db.models import Count, Max, Q
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from tongxin.platform.core.exceptions import Forbidden
from tongxin.platform.core.personal import mask_phone
from tongxin.platform.inbox.backends import BaseBackend
from tongxin.platform.inbox.models import BODY_MAX, TITLE_MAX, TOPIC_MAX, Notification

logger = logging.getLogger("tongxin.platform.inbox.outbound")


def is_local_url(url: str) -> bool:
    """A path on this site: starts with one slash, no scheme, no host (so never an open redirect)."""
    return (
        url.startswith("/")
        and not url.startswith("//")
        and "\\" not in url
        and url_has_allowed_host_and_scheme(url, allowed_hosts=None)
    )


def _clip(text: str, limit: int) -> str:
    # A notification must never make the action that sends it fail, so long text is cut.
    return text if len(text) <= limit else text[: limit - 1] + "…"


def notify(
    *,
    recipients: Iterable[AbstractBaseUser | None],
    kind: str,
    title: str,
    body: str = "",
    url: str = "",
    case_id: int | None = None,
    topic: str = "",
) -> list[Notification]:
    """One notification per distinct active recipient, in one INSERT.

    `topic` is what happened without its subject (see Notification.topic): give it for notices
    that come in numbers, so that the inbox shows them as one line.
    """
    if kind not in Notification.Kind.values:
        raise ValueError(f"unknown notification kind {kind!r}")
    if url and not is_local_url(url):
        raise ValueError("a notification links to a path on this site, e.g. /cases/12/")
    if len(url) > Notification._meta.get_field("url").max_length:  # type: ignore[operator]
        raise ValueError("the notification link is too long")
    seen: set[int] = set()
    rows = []
    now = timezone.now()
    for user in recipients:
        if user is None or user.pk is None or not user.is_active or user.pk in seen:
            continue
        seen.add(user.pk)
        rows.append(
            Notification(
                recipient_id=user.pk,
                kind=kind,
                title=_clip(title, TITLE_MAX),
                topic=_clip(topic, TOPIC_MAX),
                body=_clip(body, BODY_MAX),
                url=url,
                case_id=case_id,
                created_at=now,
            )
        )
    return Notification.objects.bulk_create(rows) if rows else []


def mark_read(*, user: AbstractBaseUser | AnonymousUser, notification_ids: Iterable[int] | None = None) -> int:
    """Mark the user's notifications read (all of them when no ids are given).

    Only the user's own rows are touched; ids of other users' notifications are ignored.
    The first read time is kept. Returns how many rows changed.
    """
    qs = Notification.objects.filter(recipient_id=user.pk, read_at__isnull=True)
    if notification_ids is not None:
        ids = list(notification_ids)
        if not ids:
            return 0
        qs = qs.filter(pk__in=ids)
    return qs.update(read_at=timezone.now())


@transaction.atomic
def inbox_mark_all_read(*, actor: AbstractBaseUser | AnonymousUser, kind: str = "", topic: str = "") -> int:
    """Mark all of the actor's unread notices read, or only one group of them (a kind and topic).

    The actor's own notices only: a visitor who is not signed in is refused (`Forbidden`).
    Returns how many were marked.
    """
    if actor is None or not actor.is_authenticated:
        raise Forbidden(_("Sign in to read your messages."))
    qs = Notification.objects.filter(recipient_id=actor.pk, read_at__isnull=True)
    if kind:
        qs = qs.filter(kind=kind, topic=topic)
    return qs.update(read_at=timezone.now())


@dataclass
class Group:
    """Unread notices of one kind and topic, shown as one line."""

    kind: str
    topic: str
    count: int
    latest: Any

    @property
    def kind_label(self) -> str:
        return str(Notification.Kind(self.kind).label) if self.kind in Notification.Kind.values else self.kind

    @property
    def query(self) -> str:
        return urlencode({"kind": self.kind, "topic": self.topic})


# Fewer unread notices of one topic than this stay single lines: two is already a repetition.
GROUP_FROM = 2


def unread_groups(user: AbstractBaseUser | AnonymousUser) -> list[Group]:
    """The repeated unread notices of a user, one group per kind and topic, the newest first (one query)."""
    rows = (
        Notification.objects.filter(recipient_id=user.pk, read_at__isnull=True)
        .exclude(topic="")
        .values("kind", "topic")
        .annotate(n=Count("pk"), latest=Max("created_at"))
        .filter(n__gte=GROUP_FROM)
        .order_by("-latest", "kind", "topic")
    )
    return [Group(kind=r["kind"], topic=r["topic"], count=r["n"], latest=r["latest"]) for r in rows]


def grouped_q(groups: list[Group]) -> Q:
    """The notices the groups stand for (to leave out of the list they head)."""
    q = Q(pk__in=[])
    for g in groups:
        q |= Q(kind=g.kind, topic=g.topic, read_at__isnull=True)
    return q


def unread_count(user: AbstractBaseUser | AnonymousUser) -> int:
    return Notification.objects.filter(recipient_id=user.pk, read_at__isnull=True).count()


def get_backend() -> BaseBackend:
    backend_class: type[BaseBackend] = import_string(settings.OUTBOUND_MESSAGE_BACKEND)
    return backend_class()


def send_message(*, phone: str, text: str) -> None:
    """Send now, through the configured backend. Prefer `queue_message` inside a service."""
    get_backend().send(phone, text)


def queue_message(*, phone: str, text: str) -> None:
    """Send once the current transaction commits: a rolled-back action tells nobody anything."""

    def deliver() -> None:
        try:
            send_message(phone=phone, text=text)
        except Exception as exc:
            # The action has committed already; a failed delivery must not turn it into an
            # error page. No traceback: a backend's exception text may carry the number.
            logger.error("Outbound message to %s failed: %s", mask_phone(phone), type(exc).__name__)

    transaction.on_commit(deliver)
