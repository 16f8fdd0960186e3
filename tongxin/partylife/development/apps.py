from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DevelopmentConfig(AppConfig):
    name = "tongxin.partylife.development"
    label = "development"
    verbose_name = _("Member development (发展党员)")

    def ready(self) -> None:
        from tongxin.partylife.development.workbench import register_sources

        register_sources()
