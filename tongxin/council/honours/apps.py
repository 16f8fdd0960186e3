from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HonoursConfig(AppConfig):
    name = "tongxin.council.honours"
    label = "honours"
    verbose_name = _("Honours (评先评优)")

    def ready(self) -> None:
        from tongxin.council.honours.board import register_sections
        from tongxin.council.honours.own_life import honours_part
        from tongxin.council.honours.parts import register_parts
        from tongxin.council.honours.workbench import register_sources
        from tongxin.registry.party.own_life import register_part

        register_sections()
        register_parts()
        register_sources()
        register_part("honours/_own_part.html", honours_part)
