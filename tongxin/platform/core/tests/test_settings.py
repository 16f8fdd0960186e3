"""Settings come from the environment, strictly; production settings pass the deploy check."""

from __future__ import annotations

import ast
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
