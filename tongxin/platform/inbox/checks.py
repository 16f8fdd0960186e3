from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error, Warning, register
from django.utils.module_loading import import_string

from tongxin.platform.inbox.backends import BaseBackend

_NOT_SENDING = {"tongxin.platform.inbox.backends.ConsoleBackend", "tongxin.platform.inbox.backends.LocmemBackend"}


@register()
def outbound_backend_check(app_configs: Any, **kwargs: Any) -> list[CheckMessage]:
    path = settings.OUTBOUND_MESSAGE_BACKEND
    try:
        backend = import_string(path)
    except ImportError as exc:
        return [
            Error(
                f"OUTBOUND_MESSAGE_BACKEND {path!r} cannot be imported: {exc}",
                hint="Give the dotted path of a class, e.g. tongxin.platform.inbox.backends.ConsoleBackend.",
                id="tongxin.platform.inbox.E001",
            )
        ]
    if not (isinstance(backend, type) and issubclass(backend, BaseBackend)):
        return [
            Error(
                f"OUTBOUND_MESSAGE_BACKEND {path!r} is not a subclass of tongxin.platform.inbox.backends.BaseBackend.",
                id="tongxin.platform.inbox.E002",
            )
        ]
    return []


@register(deploy=True)
def outbound_backend_deploy_check(app_configs: Any, **kwargs: Any) -> list[CheckMessage]:
    if settings.OUTBOUND_MESSAGE_BACKEND in _NOT_SENDING:
        return [
            Warning(
                "OUTBOUND_MESSAGE_BACKEND sends nothing: users are told in the app only, never by message.",
                hint="Set OUTBOUND_MESSAGE_BACKEND to the SMS or WeCom backend of the deployment.",
                id="tongxin.platform.inbox.W001",
            )
        ]
    return []
