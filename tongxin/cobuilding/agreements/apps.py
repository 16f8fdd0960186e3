from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AgreementsConfig(AppConfig):
    name = "tongxin.cobuilding.agreements"
    label = "agreements"
    verbose_name = _("Co-building agreements (共建协议)")

    def ready(self) -> None:
        from tongxin.cobuilding.agreements.workbench import register_parts

        register_parts()
