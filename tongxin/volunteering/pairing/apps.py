from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PairingConfig(AppConfig):
    name = "tongxin.volunteering.pairing"
    label = "pairing"
    verbose_name = _("Pairing assistance (结对帮扶)")

    def ready(self) -> None:
        from tongxin.registry.party.own_life import register_part
        from tongxin.volunteering.pairing.own_life import pairing_part

        # A member's own page shows whom they are paired with and this year's visits.
        register_part("pairing/_own_part.html", pairing_part)
