from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    name = "tongxin.cobuilding.projects"
    label = "projects"
    verbose_name = _("Needs and projects (需求清单、项目清单)")
