from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PointsConfig(AppConfig):
    name = "tongxin.partylife.points"
    label = "points"
    verbose_name = _("Posts and points (设岗定责·积分)")

    def ready(self) -> None:
        from tongxin.partylife.points import sources  # noqa: F401  (registers party life's own point sources)
        from tongxin.partylife.points.workbench import register_sources

        register_sources()
