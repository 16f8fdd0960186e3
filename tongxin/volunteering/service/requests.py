"""A resident asks for a catalogue service: the request becomes a case, handed to the team asked.

In one transaction the case is reported, accepted on behalf of the community and handed over
to the offering's team (handover kind "team"); the team's leader takes it on and returns it
resolved, then credits the hours of those who worked on it (`services.case_hours_credit`).
Without a case category of its own, or without a team leader with an account to answer for
it, the request stays a reported case for community staff, as any public report.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tongxin.grid.cases import handover
from tongxin.grid.cases.handover import handover_apply
from tongxin.grid.cases.models import Case, CaseCategory, CaseHandover
from tongxin.grid.cases.services import case_report, case_transition_apply
from tongxin.grid.cases.workflow import State
from tongxin.platform.access.actor import Actor
from tongxin.platform.core.audit import audit_record
from tongxin.platform.core.exceptions import DomainError
from tongxin.registry.areas.models import Area
from tongxin.volunteering.service.models import ServiceOffering, ServiceRequest, VolunteerTeam
from tongxin.volunteering.service.services import community_of

# A request for a service with no category of its own is a people's-services case (民生服务).
FALLBACK_CATEGORY = "services"


def team_takes_requests(team: VolunteerTeam) -> bool:
    """A team answers requests itself when its leader has an active account to take them on."""
    leader = team.leader if team.leader_id is not None else None
    return leader is not None and leader.user_id is not None and leader.user.is_active


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
    actor: Actor = None,
) -> ServiceRequest:
    """The case is reported in the resident's building and remembers the team and service asked.

    When the offering names a case category and its team has a leader with an account, the
    case is accepted for the community and handed to the team at once (`handed_over` is True
    on the returned request); otherwise it waits, reported, for community staff.
    """

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
    when = timezone.now()
    case = case_report(
        actor=actor,
        category=category,
        description=text,
        area=building,
        source=Case.Source.PUBLIC,
        reporter_name=name,
        reporter_phone=phone,
        reporter_ip=ip,
        at=when,
    )
    handover = None
    if offering.case_category_id is not None and team_takes_requests(team) and _team_may_receive(team, case):
        case = _accept_for_community(case=case, community=community, team=team, at=when)
        handover = _hand_to_team(case=case, team=team, offering=offering, at=when)
    request = ServiceRequest.objects.create(case=case, offering=offering, team=team, area=community)
    request.handed_over = handover is not None
    audit_record(
        actor=actor,
        action="create",
        obj=request,
        changes={
            "case": case.tracking_code,
            "team": team.name,
            "service": offering.name,
            "handed_over": request.handed_over,
        },
    )
    return request


def _team_may_receive(team: VolunteerTeam, case: Any) -> bool:
    """The team is one the case's community could hand it to (the registered "team" choices)."""

    return handover.TARGETS[CaseHandover.Kind.TEAM].choices(None, case).filter(pk=team.pk).exists()


def _accept_for_community(*, case: Any, community: Area, team: VolunteerTeam, at: datetime.datetime) -> Any:
    """The workflow's reported → accepted step, taken by the system for the community.

    A resident's request has no one holding a role at the case's place, so this calls the step
    `cases.services.case_transition` applies after its check, with no actor and the community
    named on the timeline row (the figures read acceptance from it).
    """

    return case_transition_apply(
        case=case,
        to_state=State.ACCEPTED,
        actor=None,
        actor_name=_("%(community)s (automatic)") % {"community": community.name},
        comment=_("Service request accepted automatically and handed to the volunteer team %(team)s.")
        % {"team": team.name},
        at=at,
    )


def _hand_to_team(*, case: Any, team: VolunteerTeam, offering: ServiceOffering, at: datetime.datetime) -> Any:
    """The handover `cases.handover.case_hand_over` writes after its check, sent by the system."""

    note = _("A resident asked for %(service)s in the service catalogue.") % {"service": offering.name}
    return handover_apply(
        case=case,
        actor=None,
        kind=CaseHandover.Kind.TEAM,
        target=team,
        note=note[:2000],
        at=at,
        body=case.description[:200],
    )
