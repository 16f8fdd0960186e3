from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DuesConfig(AppConfig):
    name = "tongxin.partylife.dues"
    label = "dues"
    verbose_name = _("Party dues")

    def ready(self) -> None:
        from tongxin.partylife.dues.workbench import register_sources

        register_sources()
