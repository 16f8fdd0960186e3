from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CampaignsConfig(AppConfig):
    name = "tongxin.fieldwork.campaigns"
    label = "campaigns"
    verbose_name = _("Campaigns (专项行动)")
