from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ResourcesConfig(AppConfig):
    name = "tongxin.cobuilding.resources"
    label = "resources"
    verbose_name = _("Shared resources (资源清单)")

    def ready(self) -> None:
        from tongxin.cobuilding.resources import place_rooms
        from tongxin.cobuilding.resources.workbench import register_parts

        register_parts()
        place_rooms.register_parts()
