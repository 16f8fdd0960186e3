"""Rate limits count in the shared cache: gunicorn workers counting one address add up.

Two separate Python processes (as two workers would be) count attempts under one key at the
same moment, through the project's settings and `tongxin.platform.core.cache`; every attempt must get a
number of its own and both must see the combined count trip the limit. The database cache runs
on a fresh SQLite file (and on a fresh PostgreSQL database in the PostgreSQL run), Redis when
one answers on this machine.
"""

from __future__ import annotations

import datetime
import json
import os
import socket
import subprocess
import sys
import uuid
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest

from tongxin.platform.core.cache import attempt_add, attempts

ROOT = Path(__file__).resolve().parents[4]
HITS = 100  # per process
REDIS_URL = "redis://127.0.0.1:6379/0"

WORKER = r"""
import json, sys, time, warnings
from pathlib import Path

from django.conf import settings

barrier, name, key, hits, limit, per_process = sys.argv[1:]
if per_process == "1":
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# The cache needs the settings, not the apps: no django.setup(), which would take seconds
# (and no warning that the database is used before the apps are ready).
warnings.filterwarnings("ignore", "Accessing the database during app initialization", RuntimeWarning)
from tongxin.platform.core.cache import attempt_add, attempts

if name == "a" and settings.CACHES["default"]["BACKEND"].endswith("DatabaseCache"):
    # What `manage.py createcachetable` does, before either process counts.
    from django.core.management.commands.createcachetable import Command

    command = Command()
    command.verbosity = 0
    command.create_table("default", settings.CACHES["default"]["LOCATION"], dry_run=False)


def all_at(stage):
    Path(barrier, f"{stage}-{name}").touch()
    deadline = time.monotonic() + 60
    while len(list(Path(barrier).glob(f"{stage}-*"))) < 2:
        if time.monotonic() > deadline:
            sys.exit(f"the other process never reached {stage}")
        time.sleep(0.005)


all_at("ready")
attempts(key)  # connect (and import what the cache needs) first, so that both count at once
all_at("go")
counts = [attempt_add(key, window=120) for _ in range(int(hits))]
all_at("done")
print(json.dumps({"counts": counts, "limited": attempts(key) >= int(limit)}))
"""


def answers(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5):
            return True
    except OSError:
        return False


def two_workers(tmp_path: Path, env: dict[str, str], *, per_process: bool = False) -> list[dict]:
    """Start two processes that count HITS attempts each under one key, together; their reports."""
    key = f"test-limit:{uuid.uuid4().hex}"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tongxin.settings",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'cache.sqlite3'}",
        "REDIS_URL": "",
        **env,
    }
    processes = [
        subprocess.Popen(
            [sys.executable, "-c", WORKER, str(tmp_path), name, key, str(HITS), str(2 * HITS), str(int(per_process))],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for name in ("a", "b")
    ]
    reports = []
    for process in processes:
        try:
            out, err = process.communicate(timeout=120)
        finally:
            process.kill()
        assert process.returncode == 0, err
        reports.append(json.loads(out.strip().splitlines()[-1]))
    return reports


@pytest.fixture
def run_database_env():
    """The database cache on this run's own kind of database: a fresh SQLite file in the SQLite
    run (two_workers' default), a fresh PostgreSQL database in the PostgreSQL run, dropped after."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        yield {}
        return
    import psycopg

    name = f"tongxin_cache_{uuid.uuid4().hex[:12]}"
    admin = urlunsplit(urlsplit(url)._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    yield {"DATABASE_URL": urlunsplit(urlsplit(url)._replace(path=f"/{name}"))}
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def assert_counted_together(reports: list[dict]) -> None:
    counts = reports[0]["counts"] + reports[1]["counts"]
    # Every attempt counted once, none lost to a race, each process seeing the other's.
    assert sorted(counts) == list(range(1, 2 * HITS + 1))
    assert all(report["counts"] == sorted(report["counts"]) for report in reports)
    assert [report["limited"] for report in reports] == [True, True]


def test_a_limit_holds_across_two_processes_on_the_database_cache(tmp_path, run_database_env):
    # The default cache: the database's, on the kind of database this run uses.
    assert_counted_together(two_workers(tmp_path, run_database_env))


def test_a_limit_holds_across_two_processes_on_redis(tmp_path):
    # scripts/system-deps.sh (make test) starts Redis when it is installed and not running.
    assert answers(6379), "Redis must answer on 127.0.0.1:6379 for the REDIS_URL variant (make test starts it)"
    assert_counted_together(two_workers(tmp_path, {"REDIS_URL": REDIS_URL}))


def test_the_check_tells_a_per_process_cache(tmp_path):
    # The same two processes with the memory cache each count only their own: the tests above
    # would fail if the settings fell back to it.
    reports = two_workers(tmp_path, {}, per_process=True)
    assert [report["counts"] for report in reports] == [list(range(1, HITS + 1))] * 2
    assert [report["limited"] for report in reports] == [False, False]


def test_a_window_starts_at_the_first_attempt(db, time_machine):
    start = datetime.datetime(2026, 6, 15, 10, tzinfo=datetime.UTC)
    time_machine.move_to(start, tick=False)
    assert attempts("test-window") == 0
    assert [attempt_add("test-window", window=60) for _ in range(3)] == [1, 2, 3]
    time_machine.move_to(start + datetime.timedelta(seconds=50), tick=False)
    assert attempt_add("test-window", window=60) == 4
    # Over a minute after the first attempt the count is gone (Django's own incr on the
    # database cache would have restarted the entry with the default timeout instead).
    time_machine.move_to(start + datetime.timedelta(seconds=61), tick=False)
    assert attempts("test-window") == 0
    assert attempt_add("test-window", window=60) == 1
