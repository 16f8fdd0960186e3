"""Settings come from the environment, strictly; production settings pass the deploy check."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from cryptography.fernet import Fernet

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


def test_env_example_documents_every_variable_settings_read():
    import re

    source = (ROOT / "tongxin" / "settings.py").read_text()
    read = set(re.findall(r'env(?:bool|int|list)?\("([A-Z_]+)"', source))
    read |= set(re.findall(r'os\.environ\.get\("([A-Z_]+)"', source))
    documented = set(re.findall(r"^#?\s*([A-Z_]+)=", (ROOT / ".env.example").read_text(), re.MULTILINE))
    assert read, "no variables found: the pattern no longer matches settings.py"
    assert read - documented == set()
