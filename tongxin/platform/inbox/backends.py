"""Outbound message backends (SMS, WeCom, …), chosen by settings.OUTBOUND_MESSAGE_BACKEND.

A backend only delivers; `tongxin.platform.inbox.services.queue_message` decides when (after commit).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from tongxin.platform.core.personal import mask_phone

logger = logging.getLogger("tongxin.platform.inbox.outbound")


class BaseBackend:
    def send(self, phone: str, text: str) -> None:
        raise NotImplementedError


class ConsoleBackend(BaseBackend):
    """Development default: records that a message would go out, sends nothing.

    Only the masked number and the length are logged: logs are not a place for personal data,
    and the text may name residents.
    """

    def send(self, phone: str, text: str) -> None:
        logger.info("Outbound message to %s (%d characters), not sent: console backend", mask_phone(phone), len(text))


@dataclass(frozen=True)
class SentMessage:
    phone: str
    text: str


# Tests read and clear this; it lives in memory only, never in a log or file.
outbox: list[SentMessage] = []


class LocmemBackend(BaseBackend):
    def send(self, phone: str, text: str) -> None:
        outbox.append(SentMessage(phone=phone, text=text))
