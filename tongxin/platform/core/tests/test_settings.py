"""Settings come from the environment, strictly; production settings pass the deploy check."""

from __future__ import annotations

import ast
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from cryptography.fernet import Fernet
from django.core.exceptions import ImproperlyConfigured

ROOT = Path(__file__).resolve().parents[4]


def manage(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    test_only = {
        "DEMO_MODE",
        "SECRET_KEY",
        "FIELD_ENCRYPTION_KEY",
        "DEBUG",
        "SECURE_SSL",
        "DJANGO_ALLOW_ASYNC_UNSAFE",
        "STATIC_MANIFEST",
        "WHITENOISE_USE_FINDERS",
    }
    clean = {k: v for k, v in os.environ.items() if k not in test_only}
    # A checkout's own .env (make demo writes one) must not change what these tests see.
    clean["ENV_FILE"] = os.devnull
    clean.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=clean, capture_output=True, text=True, timeout=120
    )


PRODUCTION = {
    "SECRET_KEY": "a-long-production-secret-key-" + "x" * 40,
    "FIELD_ENCRYPTION_KEY": Fernet.generate_key().decode(),
    "FIELD_HASH_KEY": "hash-key",
    "ALLOWED_HOSTS": "tongxin.example.gov.cn",
    "DATABASE_URL": "sqlite:///:memory:",
}


def test_deploy_check_passes_with_production_settings():
    result = manage("check", "--deploy", **PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr
    # Not even a warning about security or the demo keys (a missing next-year holiday
    # calendar, tongxin.W002, is a warning about data, not about the deployment).
    assert "security." not in result.stderr + result.stdout
    assert "tongxin.W001" not in result.stderr + result.stdout


def test_deploy_check_warns_about_demo_mode():
    result = manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION, DEMO_MODE="true")
    assert result.returncode != 0
    assert "tongxin.W001" in result.stdout + result.stderr


def test_missing_keys_stop_start_up():
    result = manage("check", ALLOWED_HOSTS="x")
    assert result.returncode != 0
    assert "SECRET_KEY is required" in result.stderr


def test_malformed_values_stop_start_up():
    result = manage("check", **PRODUCTION, LOGIN_MAX_FAILURES="many")
    assert result.returncode != 0
    assert "LOGIN_MAX_FAILURES must be an integer" in result.stderr
    result = manage("check", **PRODUCTION, DEBUG="maybe")
    assert "DEBUG must be true or false" in result.stderr
    result = manage("check", **PRODUCTION, CASE_WORKDAY_START="8h30")
    assert 'CASE_WORKDAY_START must be a time written "HH:MM"' in result.stderr


def test_env_example_documents_every_variable_settings_read():
    source = (ROOT / "tongxin" / "settings.py").read_text()
    read = set(re.findall(r'env[a-z]*\("([A-Z_]+)"', source))
    read |= set(re.findall(r'os\.environ\.get\("([A-Z_]+)"', source))
    documented = set(re.findall(r"^#?\s*([A-Z_]+)=", (ROOT / ".env.example").read_text(), re.MULTILINE))
    assert read, "no variables found: the pattern no longer matches settings.py"
    assert read - documented == set()


def test_every_setting_the_code_reads_is_declared_in_settings_py():
    """`settings.X` in tongxin's code is a Django setting or one of ours, declared (with its default
    and strict parsing) in settings.py: never a default hidden in `getattr(settings, "X", default)`."""
    from django.conf import global_settings

    tree = ast.parse((ROOT / "tongxin" / "settings.py").read_text())
    declared = {
        target.id
        for node in ast.walk(tree)
        if isinstance(node, ast.Assign | ast.AnnAssign)
        for target in (node.targets if isinstance(node, ast.Assign) else [node.target])
        if isinstance(target, ast.Name) and target.id.isupper()
    }
    builtin = {name for name in dir(global_settings) if name.isupper()}
    read: dict[str, str] = {}
    hidden_defaults = []
    for path in sorted((ROOT / "tongxin").rglob("*.py")):
        relative = path.relative_to(ROOT)
        if "tests" in relative.parts or relative == Path("tongxin/settings.py"):
            continue
        source = path.read_text()
        for name in re.findall(r"\bsettings\.([A-Z][A-Z0-9_]*)", source):
            read.setdefault(name, str(relative))
        for name in re.findall(r"getattr\(\s*settings\s*,\s*[\"']([A-Z][A-Z0-9_]*)[\"']", source):
            read.setdefault(name, str(relative))
            hidden_defaults.append(f"{relative}: {name}")
    assert "PAGE_SIZE" in read and "AUTH_USER_MODEL" in read, "the pattern no longer finds settings reads"
    assert {name: where for name, where in read.items() if name not in declared | builtin} == {}
    assert hidden_defaults == []


def test_redis_url_is_a_redis_url(monkeypatch):
    from tongxin.settings import envredisurl

    monkeypatch.setenv("REDIS_URL", " redis://127.0.0.1:6379/1 ")
    assert envredisurl("REDIS_URL") == "redis://127.0.0.1:6379/1"
    monkeypatch.setenv("REDIS_URL", "")
    assert envredisurl("REDIS_URL") == ""
    monkeypatch.setenv("REDIS_URL", "127.0.0.1:6379")
    with pytest.raises(ImproperlyConfigured, match="REDIS_URL must be a redis://"):
        envredisurl("REDIS_URL")


def _demo_env(tmp_path: Path, *, database: bool) -> Path:
    env_file = tmp_path / ".env"
    db = tmp_path / "tongxin.sqlite3"
    if database:
        db.write_bytes(b"")
    args = ["--env", str(env_file), "--database", str(db)]
    result = subprocess.run([sys.executable, "scripts/demo_env.py", *args], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return env_file


def test_after_make_demo_the_readme_commands_work_without_demo_mode_typed(tmp_path):
    """make demo writes a .env (scripts/demo_env.py); manage.py reads it, nothing typed by hand."""
    env_file = _demo_env(tmp_path, database=False)
    text = env_file.read_text()
    assert "DEMO_MODE=1" in text and "SECRET_KEY=" in text and "FIELD_ENCRYPTION_KEY=" in text
    Fernet(text.split("FIELD_ENCRYPTION_KEY=")[1].split()[0].encode())  # a usable key
    assert manage("check").returncode != 0  # without the .env: ImproperlyConfigured
    result = manage("check", ENV_FILE=str(env_file), VAR_DIR=str(tmp_path))
    assert result.returncode == 0, result.stdout + result.stderr


def test_demo_env_keeps_an_existing_env_and_the_keys_of_a_seeded_database(tmp_path):
    env_file = tmp_path / ".env"
    env_file.write_text("SECRET_KEY=mine\n")
    _demo_env(tmp_path, database=False)
    assert env_file.read_text() == "SECRET_KEY=mine\n"
    env_file.unlink()
    # A database seeded under the built-in demo keys keeps them: no new keys.
    text = _demo_env(tmp_path, database=True).read_text()
    assert "DEMO_MODE=1" in text and "FIELD_ENCRYPTION_KEY" not in text and "SECRET_KEY" not in text
    result = manage("check", ENV_FILE=str(env_file), VAR_DIR=str(tmp_path))
    assert result.returncode == 0, result.stdout + result.stderr


SHOW_DATABASE = (
    "import json, django; django.setup(); from django.conf import settings; "
    "d = settings.DATABASES['default']; print(json.dumps([d['CONN_MAX_AGE'], d['CONN_HEALTH_CHECKS']]))"
)


@pytest.mark.parametrize("url", ["sqlite:///{tmp}/tongxin.sqlite3", "postgres://tongxin@127.0.0.1:5432/tongxin"])
def test_workers_keep_their_database_connection_on_sqlite_as_on_postgresql(tmp_path, url):
    """A new connection per request (with SQLite's PRAGMAs) cost most of /healthz's throughput
    (bench/README.md, "Throughput"): connections are kept, and checked before reuse."""
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_CONN_MAX_AGE"}
    env.update(ENV_FILE=os.devnull, DJANGO_SETTINGS_MODULE="tongxin.settings", DATABASE_URL=url.format(tmp=tmp_path))
    env.update({k: v for k, v in PRODUCTION.items() if k != "DATABASE_URL"})
    result = subprocess.run(
        [sys.executable, "-c", SHOW_DATABASE], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout.strip().splitlines()[-1]) == [60, True]


def test_postgresql_connections_price_random_reads_as_on_an_ssd(tmp_path):
    """With the default random_page_cost (4) the case queue's counts read the whole district's
    cases instead of the subdistrict's through the area index (bench/README.md)."""
    show = "import django; django.setup(); from django.conf import settings; print(settings.DATABASES['default'])"
    env = {**os.environ, **PRODUCTION, "ENV_FILE": os.devnull, "DJANGO_SETTINGS_MODULE": "tongxin.settings"}
    env["DATABASE_URL"] = "postgres://tongxin@127.0.0.1:5432/tongxin"
    result = subprocess.run(
        [sys.executable, "-c", show], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert "-c jit=off -c random_page_cost=1.1" in result.stdout
