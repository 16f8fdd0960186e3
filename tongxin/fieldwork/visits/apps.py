from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VisitsConfig(AppConfig):
    name = "tongxin.fieldwork.visits"
    label = "visits"
    verbose_name = _("Door-to-door visits (大走访)")

    def ready(self) -> None:
        from tongxin.fieldwork.visits.workbench import register_sources

        register_sources()
