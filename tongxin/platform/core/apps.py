from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "tongxin.platform.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from tongxin.platform.core import checks  # noqa: F401  (registers system checks)
