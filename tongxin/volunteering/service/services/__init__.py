"""Writes of volunteer service: the hours ledger every source credits, volunteers, teams.

Each write checks its actor (`Forbidden`) and every rule, then writes with an audit record,
or refuses whole (`DomainError` with a message for the user). The ledger's `hours_credit_apply`
is the step the other capabilities (activities, programmes, pairing) call after their own checks.

A package, one module per aggregate written (hours, volunteers, teams, catalogue), since the
single module passed 600 lines. Every write is re-exported here, so
`from tongxin.volunteering.service.services import hours_credit_apply` keeps working.
"""

from tongxin.volunteering.service.services._common import community_of
from tongxin.volunteering.service.services.catalogue import offering_save
from tongxin.volunteering.service.services.hours import (
    DESCRIPTION_MAX,
    EARLIEST,
    case_hours_credit,
    hours_confirm,
    hours_confirm_many,
    hours_credit,
    hours_credit_apply,
    hours_reject,
    parse_hours,
)
from tongxin.volunteering.service.services.teams import (
    TEAM_FIELDS,
    team_leader_set,
    team_member_add,
    team_member_remove,
    team_save,
)
from tongxin.volunteering.service.services.volunteers import volunteer_for_user, volunteer_register

__all__ = [
    "DESCRIPTION_MAX",
    "EARLIEST",
    "TEAM_FIELDS",
    "case_hours_credit",
    "community_of",
    "hours_confirm",
    "hours_confirm_many",
    "hours_credit",
    "hours_credit_apply",
    "hours_reject",
    "offering_save",
    "parse_hours",
    "team_leader_set",
    "team_member_add",
    "team_member_remove",
    "team_save",
    "volunteer_for_user",
    "volunteer_register",
]
