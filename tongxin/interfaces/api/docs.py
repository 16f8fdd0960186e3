"""Swagger UI for the API, served entirely from this server.

Ninja loads Swagger UI from a CDN unless `ninja` is an installed app; community offices run on
intranets without internet, so the page references the copies ninja ships in its package,
served by `docs_asset` below.
"""

from __future__ import annotations

import json
import mimetypes
from pathlib import Path
from typing import Any

import ninja
from django.http import FileResponse, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.middleware.csrf import get_token
from django.urls import reverse
from django.utils.html import escape
from ninja import NinjaAPI
from ninja.openapi.docs import DocsBase

from tongxin.interfaces.api.errors import json_not_found

ASSET_DIR = Path(ninja.__file__).parent / "static" / "ninja"
# Only these files are served: the name comes from the URL.
ASSETS = frozenset({"swagger-ui.css", "swagger-ui-bundle.js", "swagger-ui-init.js", "favicon.png"})


def _asset_url(name: str) -> str:
    return reverse("api:docs_asset", kwargs={"name": name})


class LocalSwagger(DocsBase):
    def render_page(self, request: HttpRequest, api: NinjaAPI, **kwargs: Any) -> HttpResponse:
        settings = {"url": self.get_openapi_url(api, kwargs), "layout": "BaseLayout", "deepLinking": True}
        # "<" escaped so the JSON cannot close the <script> element it sits in.
        settings_json = json.dumps(settings).replace("<", "\\u003c")
        html = f"""<!DOCTYPE html>
<html>
<head>
<meta charset="utf-8">
<title>{escape(api.title)}</title>
<link rel="stylesheet" href="{_asset_url("swagger-ui.css")}">
<link rel="icon" type="image/png" href="{_asset_url("favicon.png")}">
</head>
<body data-csrf-token="{escape(get_token(request))}" data-api-csrf="true">
<script type="application/json" id="swagger-settings">{settings_json}</script>
<div id="swagger-ui"></div>
<script src="{_asset_url("swagger-ui-bundle.js")}"></script>
<script src="{_asset_url("swagger-ui-init.js")}"></script>
</body>
</html>"""
        return HttpResponse(html)


def docs_asset(request: HttpRequest, name: str) -> HttpResponseBase:
    if name not in ASSETS:
        return json_not_found(request)
    content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
    response = FileResponse((ASSET_DIR / name).open("rb"), content_type=content_type)
    response["Cache-Control"] = "public, max-age=86400"
    return response
