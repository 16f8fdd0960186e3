from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CampaignsConfig(AppConfig):
    name = "tongxin.fieldwork.campaigns"
    label = "campaigns"
    verbose_name = _("Campaigns (专项行动)")

    def ready(self) -> None:
        from tongxin.fieldwork.campaigns.figures import register_indicators
        from tongxin.fieldwork.campaigns.workbench import register_parts

        register_parts()
        register_indicators()
