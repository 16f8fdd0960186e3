from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BoardsConfig(AppConfig):
    name = "tongxin.council.boards"
    label = "boards"
    verbose_name = _("Public boards (公示栏)")
