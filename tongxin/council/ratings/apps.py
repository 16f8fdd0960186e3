from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RatingsConfig(AppConfig):
    name = "tongxin.council.ratings"
    label = "ratings"
    verbose_name = _("Star ratings (评星定级)")
