"""The system check that names a year the official calendar is missing, before deadlines need it."""

from __future__ import annotations

from typing import Any

from django.core.checks import Warning, register
from django.db import DatabaseError
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from tongxin.platform.calendar import sources
from tongxin.platform.calendar.days import calendar_years_missing


@register()
def official_calendar_check(app_configs: Any, **kwargs: Any) -> list[Warning]:
    """Deadlines need this year's and next year's official holidays (调休 included)."""
    year = timezone.localdate().year
    try:
        missing = calendar_years_missing([year, year + 1])
    except DatabaseError:
        # Before `migrate` the calendar's tables do not exist: the packages alone answer.
        missing = sorted(y for y in (year, year + 1) if sources.from_packages(y) is None)
    if not missing:
        return []
    try:
        page = reverse("calendar:years")
    except NoReverseMatch:  # pragma: no cover - a site without the page's URLs
        page = "/calendar/"
    years = "、".join(str(y) for y in missing)
    return [
        Warning(
            _(
                "The official holiday calendar is missing %(years)s: deadlines in those years count Monday to "
                "Friday only, without holidays and make-up working days."
            )
            % {"years": years},
            hint=_(
                "Enter the year from the State Council General Office's notice on the official calendar page "
                "(%(page)s), or upgrade the packages that carry it (%(packages)s) and run "
                "`manage.py load_official_calendar`."
            )
            % {"page": page, "packages": ", ".join(sources.package_names())},
            id="tongxin.W002",
        )
    ]
