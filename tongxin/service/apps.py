from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ServiceConfig(AppConfig):
    name = "tongxin.service"
    verbose_name = _("Volunteer service (志愿服务)")
