"""The installable app: manifest, service worker and offline page."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from tests.html import soup

pytestmark = pytest.mark.django_db


def test_manifest_names_the_app_in_chinese_with_its_icons(client: Client) -> None:
    response = client.get("/manifest.webmanifest")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/manifest+json")
    data = json.loads(response.content)
    assert data["name"] == "同心" and data["short_name"] == "同心" and data["lang"] == "zh-Hans"
    assert data["start_url"] == "/" and data["scope"] == "/" and data["display"] == "standalone"
    assert data["theme_color"] == "#C8102E"
    sizes = {(icon["sizes"], icon["purpose"]) for icon in data["icons"]}
    assert sizes == {("192x192", "any"), ("512x512", "any"), ("192x192", "maskable"), ("512x512", "maskable")}
    for icon in data["icons"]:
        # Served by the app (WhiteNoise finders in tests): a real PNG of the size it claims.
        served = client.get(icon["src"])
        assert served.status_code == 200, icon["src"]
        png = served.getvalue()
        assert png[:8] == b"\x89PNG\r\n\x1a\n"
        width, height = int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")
        assert f"{width}x{height}" == icon["sizes"]


def test_service_worker_is_served_from_the_root_uncached(client: Client) -> None:
    response = client.get("/sw.js")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    assert response["Service-Worker-Allowed"] == "/"
    assert "no-cache" in response["Cache-Control"] and "no-store" in response["Cache-Control"]
    body = response.content.decode()
    config = json.loads(body.split("const CONFIG = ", 1)[1].split(";\n", 1)[0])
    assert config["offline"] == reverse("offline")
    assert "/static/js/pwa.js" in config["shell"] and "/static/css/app.css" in config["shell"]
    assert len(config["version"]) == 12
    # No page with residents' data is ever put in the cache: only the shell and static files.
    assert "cache.put(CONFIG.offline" in body and body.count("cache.put(") == 2


def test_service_worker_version_follows_the_shell_files(client: Client, monkeypatch: Any) -> None:
    from tongxin.platform.core import pwa

    first = pwa.shell_version([f"/static/{n}" for n in pwa.SHELL_STATIC])
    moved = pwa.shell_version([f"/static/{n}?v=2" for n in pwa.SHELL_STATIC])
    assert first != moved


def test_offline_page_says_drafts_wait_on_the_device(client: Client) -> None:
    page = soup(client.get("/offline/"), status=200)
    assert page.h1.get_text(strip=True) == "没有网络"
    assert "草稿" in page.main.get_text() and "本机" in page.main.get_text()
    assert page.select_one("[data-offline-retry]") is not None


@pytest.mark.parametrize("url", ["/accounts/login/", "/offline/", "/public/report/"])
def test_every_page_links_the_manifest_and_the_worker_script(client: Client, url: str) -> None:
    page = soup(client.get(url), status=200)
    assert page.head.select_one("link[rel=manifest]")["href"] == "/manifest.webmanifest"
    assert page.head.select_one("meta[name=theme-color]")["content"] == "#C8102E"
    assert page.head.select_one("script[src$='js/pwa.js']") is not None
    config = json.loads(page.head.select_one("#pwa-config").get_text())
    assert config["sw"] == "/sw.js" and config["user"] is None and config["csrf"]
    assert config["text"]["many"] == "%(n)s 件待发送"


def test_signed_in_page_names_the_drafts_owner(client: Client, grid_worker: Any) -> None:
    client.force_login(grid_worker)
    page = soup(client.get("/"), status=200)
    config = json.loads(page.head.select_one("#pwa-config").get_text())
    assert config["user"] == str(grid_worker.pk)
