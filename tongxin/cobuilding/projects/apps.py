from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    name = "tongxin.cobuilding.projects"
    label = "projects"
    verbose_name = _("Needs and projects (需求清单、项目清单)")

    def ready(self) -> None:
        from tongxin.cobuilding.projects.follow_ups import register_follow_ups
        from tongxin.cobuilding.projects.portal import register_parts
        from tongxin.cobuilding.projects.workbench import register_sources

        register_follow_ups()
        register_parts()
        register_sources()
