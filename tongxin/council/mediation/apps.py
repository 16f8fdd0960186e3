from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MediationConfig(AppConfig):
    name = "tongxin.council.mediation"
    label = "mediation"
    verbose_name = _("Mediation (人民调解)")

    def ready(self) -> None:
        from tongxin.council.mediation.handover import register_target
        from tongxin.council.mediation.workbench import register_sources

        register_sources()
        register_target()
