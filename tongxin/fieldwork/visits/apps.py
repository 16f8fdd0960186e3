from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VisitsConfig(AppConfig):
    name = "tongxin.fieldwork.visits"
    label = "visits"
    verbose_name = _("Door-to-door visits (大走访)")

    def ready(self) -> None:
        from tongxin.fieldwork.visits.services import intervals_refresh
        from tongxin.fieldwork.visits.workbench import register_sources
        from tongxin.registry.people.care_changes import on_care_changed

        register_sources()

        # Each household's visit interval follows its residents' categories.
        on_care_changed(intervals_refresh)
