"""Mounted at the site root by tongxin/urls.py: everything lives under /api/v1/."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, path, re_path

from tongxin.interfaces.api.docs import docs_asset
from tongxin.interfaces.api.errors import json_method_not_allowed, json_not_found
from tongxin.interfaces.api.main import api


def _api_patterns() -> list[URLPattern | URLResolver]:
    patterns, _app_name, _namespace = api.urls
    for pattern in patterns:
        if not isinstance(pattern, URLPattern):
            continue
        if pattern.name == "api-root":
            # Ninja's root raises an HTML 404; it exists only so ninja can reverse its prefix.
            pattern.callback = json_not_found
        else:
            pattern.callback = json_method_not_allowed(pattern.callback)
    return [
        *patterns,
        path("docs/assets/<str:name>", docs_asset, name="docs_asset"),
        # Last: any other path under /api/v1/ gets a JSON 404, not the site's HTML page.
        re_path(r"^.*$", json_not_found, name="not_found"),
    ]


urlpatterns = [
    path("api/v1/", (_api_patterns(), "api", "api")),
]
