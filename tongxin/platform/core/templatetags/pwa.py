"""`{% pwa_config %}`: what js/pwa.js needs from the server, its words translated here."""

from __future__ import annotations

from typing import Any

from django import template
from django.conf import settings
from django.middleware.csrf import get_token
from django.shortcuts import resolve_url
from django.urls import reverse
from django.utils.html import json_script
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

register = template.Library()


@register.simple_tag(takes_context=True)
def pwa_config(context: dict[str, Any]) -> SafeString:
    request = context.get("request")
    user = getattr(request, "user", None)
    signed_in = bool(user is not None and user.is_authenticated)
    config = {
        "sw": reverse("service_worker"),
        "offline": reverse("offline"),
        "ping": reverse("manifest"),
        # Drafts belong to the person who wrote them: on a shared phone, nobody else sends them.
        "user": str(user.pk) if signed_in and user is not None else None,
        "csrf": get_token(request) if request is not None else "",
        "login": resolve_url(settings.LOGIN_URL),
        "text": {
            "one": _("1 draft waiting to be sent"),
            "many": _("%(n)s drafts waiting to be sent"),
            "sending": _("Sending drafts…"),
            "sent": _("Drafts sent: %(n)s."),
            "saved": _("No network: the draft is saved on this device and will be sent when the connection returns."),
            "signIn": _("Sign in again to send the drafts kept on this device."),
            "refused": _("A draft was not accepted: open the form again and fill it in anew. Its text:"),
            "show": _("Show drafts"),
            "discard": _("Discard"),
            "discardAsk": _("Discard this draft? What it holds will be lost."),
            "photos": _("%(n)s photo(s)"),
        },
    }
    return json_script(config, "pwa-config")
