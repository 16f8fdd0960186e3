"""Browser tests: Playwright for Python driving Debian's Chromium (no downloaded browser).

Each file names one of two xdist groups, "browser" and "browser-b" (about half the time each):
a group runs on one worker, so neither worker has to run every browser test."""

from __future__ import annotations

import json
import os
import sqlite3
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import ViewportSize

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
# WCAG 2.2 AA, with the A and AA rules of the earlier versions it includes.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
PHONE: ViewportSize = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 900}


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ],
    }


@pytest.fixture
def demo(transactional_db: Any, tmp_path_factory: pytest.TempPathFactory) -> None:
    """The tiny demo, seeded for each test (the live server commits, so each test empties every
    table after it). On SQLite the first seed is kept as a copy of the database file and later
    tests start from that copy: the same rows, without ten seconds of seeding each."""
    from django.core.management import call_command
    from django.db import connection

    kept = tmp_path_factory.getbasetemp() / "demo-tiny.sqlite3"
    sqlite = connection.vendor == "sqlite"
    if sqlite and kept.exists():
        connection.ensure_connection()
        with closing(sqlite3.connect(kept)) as seeded:
            seeded.backup(connection.connection)  # SQLite's backup API: the whole database, page by page
        return
    call_command("seed_demo", scale="tiny", verbosity=0)
    # A transactional test empties every table afterwards, data migrations included.
    from tongxin.grid.cases.defaults import ensure_default_categories

    ensure_default_categories()
    if sqlite:
        with closing(sqlite3.connect(kept)) as seeded:
            connection.connection.backup(seeded)


def check_accessibility(page: Any, label: str) -> None:
    """Run axe-core on the page and fail on any WCAG 2.2 AA violation."""
    assert AXE.exists(), "axe-core is missing: run `npm ci`"
    page.wait_for_load_state("load")
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS)
    violations = [
        {"id": v["id"], "impact": v["impact"], "help": v["help"], "nodes": [n["target"] for n in v["nodes"]][:5]}
        for v in result["violations"]
    ]
    assert not violations, f"{label}: " + json.dumps(violations, ensure_ascii=False, indent=1)


def shot(page: Any, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args: dict[str, Any]) -> dict[str, Any]:
    # Our users' browsers ask for Chinese; zh-CN maps to the default zh-hans.
    return {**browser_context_args, "locale": "zh-CN", "timezone_id": "Asia/Shanghai"}
