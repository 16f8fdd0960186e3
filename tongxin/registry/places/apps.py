from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlacesConfig(AppConfig):
    name = "tongxin.registry.places"
    label = "places"
    verbose_name = _("Places (阵地)")

    def ready(self) -> None:
        from tongxin.registry.places.public import register_parts

        register_parts()
