from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RatingsConfig(AppConfig):
    name = "tongxin.council.ratings"
    label = "ratings"
    verbose_name = _("Star ratings (评星定级)")

    def ready(self) -> None:
        from tongxin.council.ratings.board import register_section
        from tongxin.council.ratings.parts import register_parts
        from tongxin.council.ratings.workbench import register_sources

        register_section()
        register_parts()
        register_sources()
