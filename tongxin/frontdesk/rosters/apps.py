from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RostersConfig(AppConfig):
    name = "tongxin.frontdesk.rosters"
    label = "rosters"
    verbose_name = _("Duty rosters (值班)")

    def ready(self) -> None:
        from tongxin.frontdesk.rosters.workbench import register_parts

        register_parts()
