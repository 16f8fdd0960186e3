"""A resident asks for a catalogue service: the request becomes a case, kept with the team asked."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from tongxin.areas.models import Area
from tongxin.core.audit import audit_record
from tongxin.core.exceptions import DomainError
from tongxin.service.models import ServiceOffering, ServiceRequest
from tongxin.service.services import community_of

# A request for a service with no category of its own is a people's-services case (民生服务).
FALLBACK_CATEGORY = "services"


@transaction.atomic
def service_request_create(
    *,
    offering: ServiceOffering,
    building: Area,
    name: str,
    phone: str,
    description: str,
    address: str = "",
    ip: str | None = None,
    actor: Any = None,
) -> ServiceRequest:
    """The case is reported in the resident's building and remembers the team and service asked.

    Community staff accept it and hand it to the team (handover kind "team"); the team returns
    it resolved, and its leader then credits the hours of those who worked on it.
    """
    from tongxin.cases.models import Case, CaseCategory
    from tongxin.cases.services import case_report

    team = offering.team
    if not offering.is_active or not team.is_active:
        raise DomainError(_("This service is not offered at the moment."), code="inactive")
    community = community_of(team.area)
    if not building.path.startswith(community.path):
        raise DomainError({"building": [_("Choose a building of that community.")]})
    category = offering.case_category or CaseCategory.objects.filter(code=FALLBACK_CATEGORY).first()
    if category is None:
        raise DomainError(_("This service cannot take requests yet; please call your community office."))
    name, address, description = name.strip()[:50], address.strip()[:100], description.strip()[:1000]
    if not description:
        raise DomainError({"description": [_("Say what you need.")]})
    text = f"【{offering.name} · {team.name}】{description}"
    if address:
        text += f"\n{_('Address')}: {address}"
    case = case_report(
        actor=actor,
        category=category,
        description=text,
        area=building,
        source=Case.Source.PUBLIC,
        reporter_name=name,
        reporter_phone=phone,
        reporter_ip=ip,
    )
    request = ServiceRequest.objects.create(case=case, offering=offering, team=team, area=community)
    audit_record(
        actor=actor,
        action="create",
        obj=request,
        changes={"case": case.tracking_code, "team": team.name, "service": offering.name},
    )
    return request
