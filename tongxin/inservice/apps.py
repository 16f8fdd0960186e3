from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InserviceConfig(AppConfig):
    name = "tongxin.inservice"
    verbose_name = _("Reporting in and needy members (双报到·困难党员)")
