from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CalendarConfig(AppConfig):
    name = "tongxin.platform.calendar"
    label = "calendar"
    verbose_name = _("Official calendar")

    def ready(self) -> None:
        from tongxin.platform.calendar import checks  # noqa: F401  (registers system checks)
