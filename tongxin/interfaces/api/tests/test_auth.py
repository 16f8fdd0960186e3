from __future__ import annotations

import datetime
import io

import pytest
import time_machine
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from tongxin.platform.access.models import ApiToken
from tongxin.platform.access.tokens import token_issue, token_user
from tongxin.platform.core.models import AuditEvent
from tongxin.platform.web.testing import assert_error, names

URL = "/api/v1/residents"


def test_session_auth(client, grid_worker):
    client.force_login(grid_worker)
    assert names(client.get(URL)) == ["张三"]


def test_bearer_token_auth(client, grid_worker):
    key = token_issue(user=grid_worker)
    assert names(client.get(URL, headers={"Authorization": f"Bearer {key}"})) == ["张三"]


def test_no_auth_is_401_json_with_a_challenge(client, world):
    response = client.get(URL)
    assert_error(response, 401)
    assert response["WWW-Authenticate"].startswith("Bearer")


@pytest.mark.parametrize(
    "header",
    [
        "Bearer not-a-key",
        "Bearer ",
        "Bearer",
        "Basic dXNlcjpwYXNz",
        "Token abc",
        "Bearer " + "x" * 10_000,
        "Bearer <script>alert(1)</script>",
        "Bearer ' OR 1=1 --",
        "Bearer 张三",
    ],
)
def test_bad_authorization_header_is_401(client, world, header):
    assert_error(client.get(URL, headers={"Authorization": header}), 401)


def test_revoked_token_is_401(client, grid_worker):
    key = token_issue(user=grid_worker)
    ApiToken.objects.update(revoked=True)
    assert_error(client.get(URL, headers={"Authorization": f"Bearer {key}"}), 401)


def test_token_of_inactive_user_is_401(client, grid_worker):
    key = token_issue(user=grid_worker)
    grid_worker.is_active = False
    grid_worker.save()
    assert_error(client.get(URL, headers={"Authorization": f"Bearer {key}"}), 401)


def test_token_stores_only_hash_and_prefix(grid_worker):
    key = token_issue(user=grid_worker, name="dashboard")
    token = ApiToken.objects.get()
    assert len(key) >= 40
    assert token.prefix == key[:8]
    assert token.key_hash == ApiToken.hash_key(key) != key
    assert token.name == "dashboard"
    assert token_user(key) == grid_worker
    # Issuing is audited, with the prefix and never the key.
    event = AuditEvent.objects.get(object_type="access.apitoken")
    assert key not in str(event.changes) and key not in event.object_repr
    assert event.changes["prefix"] == key[:8]


def test_each_issue_gives_a_new_key(grid_worker):
    assert token_issue(user=grid_worker) != token_issue(user=grid_worker)


def test_last_used_is_written_at_most_once_a_minute(grid_worker):
    key = token_issue(user=grid_worker)
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        token_user(key)
    token = ApiToken.objects.get()
    assert token.last_used_at == start
    with time_machine.travel(start + datetime.timedelta(seconds=30), tick=False):
        token_user(key)
    token.refresh_from_db()
    assert token.last_used_at == start
    with time_machine.travel(start + datetime.timedelta(seconds=61), tick=False):
        token_user(key)
    token.refresh_from_db()
    assert token.last_used_at == start + datetime.timedelta(seconds=61)


def test_issue_token_command_prints_a_working_key(client, grid_worker):
    out, err = io.StringIO(), io.StringIO()
    call_command("issue_token", grid_worker.username, "--name", "script", stdout=out, stderr=err)
    key = out.getvalue().strip()
    assert ApiToken.objects.get().name == "script"
    assert names(client.get(URL, headers={"Authorization": f"Bearer {key}"})) == ["张三"]


def test_issue_token_command_refuses_unknown_user(db):
    with pytest.raises(CommandError, match="nobody"):
        call_command("issue_token", "nobody", stdout=io.StringIO())
    # (From the shell, Django turns a CommandError into a message and exit status 1.)
    assert not ApiToken.objects.exists()


def test_issue_token_command_refuses_too_long_name(grid_worker):
    with pytest.raises(CommandError, match="令牌名称最多 100 个字符"):
        call_command("issue_token", grid_worker.username, "--name", "x" * 101, stdout=io.StringIO())
    assert not ApiToken.objects.exists()
