from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PointsConfig(AppConfig):
    name = "tongxin.partylife.points"
    label = "points"
    verbose_name = _("Posts and points (设岗定责·积分)")
