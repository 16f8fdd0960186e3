from typing import Any

from django.conf import settings
from django.core.checks import Tags, Warning, register


@register(Tags.security, deploy=True)
def demo_mode_check(app_configs: Any, **kwargs: Any) -> list[Warning]:
    if settings.DEMO_MODE:
        return [
            Warning(
                "DEMO_MODE is on: the demo's well-known keys may be in use.",
                hint="Unset DEMO_MODE and set SECRET_KEY and FIELD_ENCRYPTION_KEY.",
                id="tongxin.W001",
            )
        ]
    return []
