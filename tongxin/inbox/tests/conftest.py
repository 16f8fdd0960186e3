from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tongxin.inbox import backends


@pytest.fixture
def outbox(settings: Any) -> Iterator[list[backends.SentMessage]]:
    """Messages go to memory; the list is what was sent."""
    settings.OUTBOUND_MESSAGE_BACKEND = "tongxin.inbox.backends.LocmemBackend"
    backends.outbox.clear()
    yield backends.outbox
    backends.outbox.clear()
