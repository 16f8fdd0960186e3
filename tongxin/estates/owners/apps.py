from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OwnersConfig(AppConfig):
    name = "tongxin.estates.owners"
    label = "owners"
    verbose_name = _("Owners' committees (业委会)")

    def ready(self) -> None:
        from tongxin.estates.owners.workbench import register_parts

        register_parts()
