from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LedgerConfig(AppConfig):
    name = "tongxin.estates.ledger"
    label = "ledger"
    verbose_name = _("Estate ledgers (收支台账)")

    def ready(self) -> None:
        from tongxin.estates.ledger.figures import register_indicators
        from tongxin.estates.ledger.workbench import register_parts

        register_parts()
        register_indicators()
