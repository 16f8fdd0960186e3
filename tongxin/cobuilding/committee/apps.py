from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommitteeConfig(AppConfig):
    name = "tongxin.cobuilding.committee"
    label = "committee"
    verbose_name = _("Big committee and joint meetings (大党委、联席会)")

    def ready(self) -> None:
        from tongxin.cobuilding.committee import portal, workbench

        workbench.register_sources()
        portal.register_parts()
