from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OverviewConfig(AppConfig):
    name = "tongxin.cobuilding.overview"
    label = "cobuilding"
    verbose_name = _("Co-building figures")
