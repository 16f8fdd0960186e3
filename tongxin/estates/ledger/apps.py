from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LedgerConfig(AppConfig):
    name = "tongxin.estates.ledger"
    label = "ledger"
    verbose_name = _("Estate ledgers (收支台账)")
