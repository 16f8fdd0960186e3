from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "tongxin.partylife.meetings"
    label = "meetings"
    verbose_name = _("Organizational life")

    def ready(self) -> None:
        from tongxin.partylife.meetings.workbench import register_sources

        register_sources()
