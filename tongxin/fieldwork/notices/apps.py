from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NoticesConfig(AppConfig):
    name = "tongxin.fieldwork.notices"
    label = "notices"
    verbose_name = _("Notices to households (通知)")

    def ready(self) -> None:
        from tongxin.fieldwork.notices.figures import register_figures
        from tongxin.fieldwork.notices.workbench import register_parts

        register_parts()
        register_figures()
