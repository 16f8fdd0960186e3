"""Counting attempts in Django's cache, so that a limit holds across every gunicorn worker.

The cache is shared (settings.CACHES: the database, or Redis when REDIS_URL is set), and a count
goes up with `cache.incr` or starts with `cache.add`, each atomic in the cache itself: two
workers counting the same address at the same moment both count. The window is fixed: it starts at the first
attempt and lasts `window` seconds, whatever comes after.

Django's database cache increments with a get() then a set(): two processes can both read 3 and
both write 4, and the set() restarts the entry with the default timeout. `DatabaseCache` below
is that cache with an increment that locks the row and keeps the entry's expiry.
"""

from __future__ import annotations

import base64
import pickle
from typing import Any

from django.core.cache import cache
from django.core.cache.backends import db
from django.db import connections, router, transaction


class DatabaseCache(db.DatabaseCache):
    """Django's database cache (same table, `createcachetable`) whose incr holds across processes."""

    def incr(self, key: Any, delta: int = 1, version: int | None = None) -> Any:
        stored_key = self.make_and_validate_key(key, version=version)
        alias = router.db_for_write(self.cache_model_class)
        connection = connections[alias]
        quote_name = connection.ops.quote_name
        # _table is set by BaseDatabaseCache.__init__ from LOCATION; the stubs do not declare it.
        table_name: str = self._table  # type: ignore[attr-defined]
        table, value_column, key_column = (quote_name(n) for n in (table_name, "value", "cache_key"))
        with transaction.atomic(using=alias):
            with connection.cursor() as cursor:
                # A write first: it takes the row's lock (PostgreSQL) or the database's write
                # lock (SQLite), so no other incr reads the row until this one commits.
                cursor.execute(
                    f"UPDATE {table} SET {value_column} = {value_column} WHERE {key_column} = %s",  # noqa: S608
                    [stored_key],
                )
                # No row to lock: another process may be inserting it now, and reading it after
                # its commit without the lock would let both count the same number. Not found.
                locked = cursor.rowcount
            if not locked:
                raise ValueError(f"Key '{key}' not found")
            value = self.get(key, self._missing_key, version=version)
            if value is self._missing_key:
                raise ValueError(f"Key '{key}' not found")
            new_value = value + delta
            encoded = base64.b64encode(pickle.dumps(new_value, self.pickle_protocol)).decode("latin1")
            with connection.cursor() as cursor:
                cursor.execute(
                    f"UPDATE {table} SET {value_column} = %s WHERE {key_column} = %s",  # noqa: S608
                    [encoded, stored_key],
                )
        return new_value


def attempts(key: str) -> int:
    """How many attempts were counted under `key` in its current window."""
    return int(cache.get(key, 0))


def attempt_add(key: str, *, window: int) -> int:
    """Count one attempt under `key`; returns the count in the window, this attempt included."""
    # incr first: on the database cache an add() over a live entry is an insert that fails on
    # the unique key (and PostgreSQL logs an error for it), so add() only opens a window.
    try:
        count = cache.incr(key)
    except ValueError:
        # No count yet, or its window ended: open one, unless another process just did.
        if cache.add(key, 1, window):
            return 1
        try:
            count = cache.incr(key)
        except ValueError:
            # That window ended in between: this attempt opens the next one.
            cache.add(key, 1, window)
            return 1
    if count == 1:
        # Redis re-creates a key that expired between its existence check and INCR, without
        # an expiry: give it one, or the address would stay counted for ever.
        cache.touch(key, window)
    return count
