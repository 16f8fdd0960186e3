from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccessConfig(AppConfig):
    name = "tongxin.platform.access"
    label = "access"
    verbose_name = _("Access")

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from tongxin.platform.access.middleware import idle_clock_start

        user_logged_in.connect(idle_clock_start, dispatch_uid="tongxin-idle-clock-start")
