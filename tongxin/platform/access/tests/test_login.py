from __future__ import annotations

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from conftest import PASSWORD
from tongxin.platform.access.validators import CharacterClassValidator


def test_lockout_after_repeated_failures(world, grid_worker, client, settings):
    settings.LOGIN_MAX_FAILURES = 3
    for _ in range(3):
        response = client.post(reverse("login"), {"username": "t_grid1", "password": "wrong"})
        assert response.status_code == 200
    grid_worker.refresh_from_db()
    assert grid_worker.locked_until is not None
    # Even the right password is refused while locked, with a message saying so.
    response = client.post(reverse("login"), {"username": "t_grid1", "password": PASSWORD})
    assert response.status_code == 200
    assert "锁定" in response.content.decode()
    # After the lock expires, the right password works.
    grid_worker.locked_until = timezone.now() - datetime.timedelta(seconds=1)
    grid_worker.save()
    response = client.post(reverse("login"), {"username": "t_grid1", "password": PASSWORD})
    assert response.status_code == 302


def test_successful_login_resets_failures(world, grid_worker, client, settings):
    settings.LOGIN_MAX_FAILURES = 3
    client.post(reverse("login"), {"username": "t_grid1", "password": "wrong"})
    client.post(reverse("login"), {"username": "t_grid1", "password": PASSWORD})
    grid_worker.refresh_from_db()
    assert grid_worker.failed_logins == 0


def test_password_complexity():
    validator = CharacterClassValidator(min_classes=3)
    validator.validate("Tongxin#2026")
    for weak in ["tongxin2026", "TONGXINTONGXIN", "12345678901"]:
        try:
            validator.validate(weak)
        except Exception:  # noqa: BLE001
            continue
        raise AssertionError(f"{weak} was accepted")


def _session_writes(client, path):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    sql = [q["sql"] for q in queries.captured_queries]
    return response, sum(1 for s in sql if s.startswith("UPDATE") and "django_session" in s)


def test_session_times_out_when_idle_and_not_while_in_use(world, grid_worker, client, settings, time_machine):
    assert settings.SESSION_COOKIE_AGE == settings.SESSION_TIMEOUT_MINUTES * 60 == 30 * 60
    start = datetime.datetime(2026, 12, 7, 9, 0, tzinfo=datetime.UTC)
    time_machine.move_to(start, tick=False)
    client.force_login(grid_worker)
    me = reverse("me")
    # In use for an hour, a page every 20 minutes: still signed in.
    for minutes in (0, 20, 40, 60):
        time_machine.move_to(start + datetime.timedelta(minutes=minutes), tick=False)
        assert client.get(me).status_code == 200
    # Idle for the timeout: signed out.
    time_machine.move_to(start + datetime.timedelta(minutes=60 + 30, seconds=1), tick=False)
    response = client.get(me)
    assert response.status_code == 302 and reverse("login") in response["Location"]


def test_a_page_view_writes_the_session_at_most_once_a_minute(world, grid_worker, client, time_machine):
    """A session write on every request cost each page view a transaction (bench/README.md)."""
    start = datetime.datetime(2026, 12, 7, 9, 0, tzinfo=datetime.UTC)
    time_machine.move_to(start, tick=False)
    client.force_login(grid_worker)
    me = reverse("me")
    assert _session_writes(client, me)[1] == 0  # signing in saved it: the idle clock starts there
    time_machine.move_to(start + datetime.timedelta(seconds=30), tick=False)
    response, writes = _session_writes(client, me)
    assert response.status_code == 200 and writes == 0
    time_machine.move_to(start + datetime.timedelta(seconds=61), tick=False)
    assert _session_writes(client, me)[1] == 1


def test_elder_mode_persists(world, grid_worker, client):
    client.force_login(grid_worker)
    client.post(reverse("elder_mode"), {"next": "/"})
    grid_worker.refresh_from_db()
    assert grid_worker.elder_mode is True
    assert 'class="elder"' in client.get(reverse("home")).content.decode()
