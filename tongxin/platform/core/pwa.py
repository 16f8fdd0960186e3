"""Installable app: the web manifest, the service worker and the page shown without signal.

The service worker caches only static files and the offline page: pages with residents' data
are never stored by it (docs/decisions/0016-offline-drafts.md).
"""

from __future__ import annotations

import hashlib
import json

from django.contrib.staticfiles import finders
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control, never_cache
from django.views.decorators.http import require_GET, require_safe

THEME = "#C8102E"  # Party red, the product's one accent (UI.md)
ICONS = [
    ("img/icons/icon-192.png", "192x192", "any"),
    ("img/icons/icon-512.png", "512x512", "any"),
    ("img/icons/maskable-192.png", "192x192", "maskable"),
    ("img/icons/maskable-512.png", "512x512", "maskable"),
]
# The shell: what every page and the offline page need, fetched when the worker installs.
SHELL_STATIC = [
    "css/app.css",
    "css/pwa.css",
    "js/app.js",
    "js/pwa.js",
    "js/case-form.js",
    "css/visits.css",
    "vendor/htmx/htmx.min.js",
    "img/favicon.svg",
    *(name for name, _size, _purpose in ICONS),
]


@require_safe  # HEAD too: the offline page asks it whether the server answers again
@cache_control(max_age=3600, public=True)
def manifest(request: HttpRequest) -> HttpResponse:
    data = {
        # The name under the icon on a phone is the Chinese one, whatever the interface language.
        "name": "同心",
        "short_name": "同心",
        "description": "社区党建与网格治理",
        "lang": "zh-Hans",
        "dir": "ltr",
        "id": "/",
        "start_url": "/",
        "scope": "/",
        "display": "standalone",
        "orientation": "any",
        "theme_color": THEME,
        "background_color": "#FFFFFF",
        "icons": [
            {"src": static(name), "sizes": size, "type": "image/png", "purpose": purpose}
            for name, size, purpose in ICONS
        ],
    }
    return HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=1), content_type="application/manifest+json; charset=utf-8"
    )


def shell_version(urls: list[str]) -> str:
    """Changes whenever a shell file does, so that a deploy replaces the worker's cache.

    With the manifest storage the URLs carry content hashes already; without it (development)
    the files' bytes are hashed.
    """
    digest = hashlib.sha256()
    for name, url in zip(SHELL_STATIC, urls, strict=True):
        digest.update(url.encode())
        path = finders.find(name)
        if isinstance(path, str):
            with open(path, "rb") as handle:
                digest.update(handle.read())
    return digest.hexdigest()[:12]


@never_cache
@require_GET
def service_worker(request: HttpRequest) -> HttpResponse:
    urls = [static(name) for name in SHELL_STATIC]
    config = {"version": shell_version(urls), "offline": reverse("offline"), "shell": urls, "static": static("")}
    # json.dumps escapes nothing HTML-ish, and needs not: this is a script, never a page.
    context = {"config": json.dumps(config)}
    response = render(request, "core/sw.js", context, content_type="text/javascript; charset=utf-8")
    # Served from the root so that it may control every page (a worker's scope is its folder).
    response["Service-Worker-Allowed"] = "/"
    return response


@never_cache
@require_GET
def offline(request: HttpRequest) -> HttpResponse:
    """What the service worker shows when a page cannot load: drafts wait on the device."""
    return render(request, "core/offline.html", {"title": _("No network")})
