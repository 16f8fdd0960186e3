from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ErrandsConfig(AppConfig):
    name = "tongxin.frontdesk.errands"
    label = "errands"
    verbose_name = _("Front-desk errands (全程代办)")

    def ready(self) -> None:
        from tongxin.frontdesk.errands.workbench import register_parts

        register_parts()
