from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OverviewConfig(AppConfig):
    name = "tongxin.cobuilding.overview"
    label = "cobuilding"
    verbose_name = _("Co-building figures")

    def ready(self) -> None:
        from tongxin.cobuilding.overview.offers import needs_part
        from tongxin.cobuilding.overview.workbench import register_sources
        from tongxin.registry.party.own_life import register_part

        # A member's page lists the needs of their communities they can take on.
        register_part("cobuilding/_own_needs.html", needs_part)
        register_sources()
