from typing import Any

from django.core.checks import Warning, register
from django.utils import timezone

from tongxin.platform.calendar import calendar_years_missing


@register()
def official_calendar_check(app_configs: Any, **kwargs: Any) -> list[Warning]:
    """Deadlines need this year's and next year's official holidays (调休 included)."""
    year = timezone.localdate().year
    missing = calendar_years_missing([year, year + 1])
    if not missing:
        return []
    return [
        Warning(
            f"The official holiday calendar has no data for {', '.join(map(str, missing))}: "
            "deadlines in those years count Monday to Friday only.",
            hint="Update the chinese-calendar package (uv lock --upgrade-package chinese-calendar).",
            id="tongxin.W002",
        )
    ]
