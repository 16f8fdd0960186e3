from __future__ import annotations

import datetime

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


def test_session_times_out_when_idle(settings):
    assert settings.SESSION_COOKIE_AGE == settings.SESSION_TIMEOUT_MINUTES * 60
    assert settings.SESSION_SAVE_EVERY_REQUEST is True


def test_elder_mode_persists(world, grid_worker, client):
    client.force_login(grid_worker)
    client.post(reverse("elder_mode"), {"next": "/"})
    grid_worker.refresh_from_db()
    assert grid_worker.elder_mode is True
    assert 'class="elder"' in client.get(reverse("home")).content.decode()
