"""A record sent twice is made once: drafts from a phone without signal may arrive again.

The device gives each draft a key (a UUID); the model holds a unique constraint on (author,
key). A service looks for the row first, and, should two copies race past that look, the
database refuses the second insert: it is rolled back to a savepoint and the first row is
answered instead (docs/decisions/0016-offline-drafts.md).
"""

from __future__ import annotations

import uuid
from typing import Any, TypeVar

from django.db import IntegrityError, models, transaction

M = TypeVar("M", bound=models.Model)


def already_made(model: type[M], *, author: Any, key: uuid.UUID | None, author_field: str) -> M | None:
    """The row this author already made with this key, if any."""
    if key is None or author is None or not getattr(author, "is_authenticated", False):
        return None
    return model._default_manager.filter(**{author_field: author, "idempotency_key": key}).first()


def save_once(obj: M, *, author_field: str) -> tuple[M, bool]:
    """Insert `obj`; if its (author, key) is taken already, the row holding it and False."""
    key = getattr(obj, "idempotency_key", None)
    try:
        with transaction.atomic():
            obj.save()
    except IntegrityError:
        if key is None:
            raise
        author_id = getattr(obj, f"{author_field}_id")
        existing = (
            type(obj)._default_manager.filter(**{f"{author_field}_id": author_id, "idempotency_key": key}).first()
        )
        if existing is None:
            raise  # another constraint: not a second copy of the same draft
        return existing, False
    return obj, True
