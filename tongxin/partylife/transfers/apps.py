from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TransfersConfig(AppConfig):
    name = "tongxin.partylife.transfers"
    label = "transfers"
    verbose_name = _("Transfers and floating members (组织关系接转·流动党员)")

    def ready(self) -> None:
        from tongxin.partylife.transfers.workbench import register_sources

        register_sources()
