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
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

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
    from tongxin.grid.cases.models import Case, CaseCategory
    from tongxin.grid.cases.services import case_report

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
    from tongxin.grid.cases import handover
    from tongxin.grid.cases.models import CaseHandover

    return handover.TARGETS[CaseHandover.Kind.TEAM].choices(None, case).filter(pk=team.pk).exists()


def _accept_for_community(*, case: Any, community: Area, team: VolunteerTeam, at: datetime.datetime) -> Any:
    """The workflow's reported → accepted step, taken by the system for the community.

    `cases.services.case_transition` asks for a person holding a role at the case's place;
    a resident's request has none, so this writes what that step writes — the conditional
    update, the timeline row (the figures read acceptance from it), the audit row and the
    notices — and nothing more. Only a freshly reported case is moved.
    """
    from tongxin.grid.cases.exceptions import CaseChanged
    from tongxin.grid.cases.models import Case, CaseTransition
    from tongxin.grid.cases.notices import after_transition
    from tongxin.grid.cases.workflow import State

    moved = Case.objects.filter(pk=case.pk, state=State.REPORTED, version=case.version).update(
        state=State.ACCEPTED, version=F("version") + 1, updated_at=timezone.now()
    )
    if not moved:
        raise CaseChanged(_("Someone else has just acted on this case. Reload it to see what changed."), code="changed")
    CaseTransition.objects.create(
        case=case,
        from_state=State.REPORTED,
        to_state=State.ACCEPTED,
        actor=None,
        actor_name=(_("%(community)s (automatic)") % {"community": community.name})[:150],
        at=at,
        comment=_("Service request accepted automatically and handed to the volunteer team %(team)s.")
        % {"team": team.name},
    )
    audit_record(actor=None, action="update", obj=case, changes={"state": [State.REPORTED, State.ACCEPTED]})
    case.refresh_from_db()
    after_transition(case, State.ACCEPTED, None)
    return case


def _hand_to_team(*, case: Any, team: VolunteerTeam, offering: ServiceOffering, at: datetime.datetime) -> Any:
    """What `cases.handover.case_hand_over` writes, sent by the system: the handover, its event on
    the case's timeline, the audit row, and the notice to the team's leader."""
    from tongxin.grid.cases.handover import handover_record
    from tongxin.grid.cases.models import CaseHandover

    note = _("A resident asked for %(service)s in the service catalogue.") % {"service": offering.name}
    return handover_record(
        case=case,
        kind=CaseHandover.Kind.TEAM,
        target=team,
        actor=None,
        at=at,
        note=note[:2000],
        body=case.description[:200],
    )
