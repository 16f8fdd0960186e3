from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgrammesConfig(AppConfig):
    name = "tongxin.volunteering.programmes"
    label = "programmes"
    verbose_name = _("Programmes for residents (课堂与活动班)")
