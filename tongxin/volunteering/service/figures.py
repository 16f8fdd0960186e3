"""The volunteer-service figures of a node and a period, for dashboards and the report card."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, Sum

from tongxin.registry.areas.models import Area
from tongxin.volunteering.service.models import ServiceHours, ServiceRequest, Volunteer, VolunteerTeam


def service_figures(area: Area, start: datetime.date, end: datetime.date) -> dict[str, Any]:
    """teams (active teams under the node), registered_volunteers (active, registered by `end`),
    volunteers (distinct volunteers with confirmed hours in the period), hours (confirmed, a
    Decimal), services (confirmed hours rows), people_served (their sum) and requests (service
    requests asked in the period). Hours count where they were given (`ServiceHours.area`, a
    community). Four queries, all in the database."""
    under = Q(area__path__startswith=area.path)
    teams = VolunteerTeam.objects.filter(under, is_active=True).count()
    registered = Volunteer.objects.filter(under, is_active=True, registered_on__lte=end).count()
    served = ServiceHours.objects.filter(
        under, served_on__gte=start, served_on__lte=end, confirmed_at__isnull=False
    ).aggregate(
        volunteers=Count("volunteer", distinct=True),
        total=Sum("hours"),
        services=Count("pk"),
        people=Sum("people_served"),
    )
    requests = ServiceRequest.objects.filter(under, created_at__date__gte=start, created_at__date__lte=end).count()
    return {
        "teams": teams,
        "registered_volunteers": registered,
        "volunteers": served["volunteers"],
        "hours": served["total"] or Decimal("0"),
        "services": served["services"],
        "people_served": served["people"] or 0,
        "requests": requests,
    }
