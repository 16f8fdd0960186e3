from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActivitiesConfig(AppConfig):
    name = "tongxin.volunteering.activities"
    label = "activities"
    verbose_name = _("Activities and sign-up (志愿活动)")

    def ready(self) -> None:
        from tongxin.volunteering.activities.workbench import register_sources

        register_sources()
