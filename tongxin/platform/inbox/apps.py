from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InboxConfig(AppConfig):
    name = "tongxin.platform.inbox"
    label = "inbox"
    verbose_name = _("Inbox")

    def ready(self) -> None:
        from tongxin.platform.inbox import checks  # noqa: F401  (registers system checks)
