from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConsultationConfig(AppConfig):
    name = "tongxin.council.consultation"
    label = "consultation"
    verbose_name = _("Consultation (协商议事)")

    def ready(self) -> None:
        from tongxin.council.consultation.handover import register_target
        from tongxin.council.consultation.workbench import register_sources

        register_sources()
        register_target()
