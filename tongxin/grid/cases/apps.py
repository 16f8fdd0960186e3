from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "tongxin.grid.cases"
    label = "cases"
    verbose_name = _("Grid cases")

    def ready(self) -> None:
        from tongxin.grid.cases.workbench import register_sources

        register_sources()
