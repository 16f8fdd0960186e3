"""Pages of volunteer service: teams, volunteers, the hours to confirm, totals, one's own hours.

A package, one module per use case, since the single module passed 600 lines. Every view and
helper other code imports is re-exported here, so `views.team_list` in urls.py and
`from tongxin.volunteering.service.views import volunteer_for` keep working.
"""

from tongxin.volunteering.service.views._common import FIRST_YEAR, MAX_CHOICES, ROWS_PER_PAGE, team_for
from tongxin.volunteering.service.views.catalogue import offering_create, offering_edit
from tongxin.volunteering.service.views.hours import hours_list, hours_pending, hours_reject, hours_totals, my_hours
from tongxin.volunteering.service.views.teams import (
    case_hours,
    hours_entry,
    leader_set,
    member_add,
    member_remove,
    team_create,
    team_detail,
    team_edit,
    team_list,
)
from tongxin.volunteering.service.views.volunteers import (
    volunteer_create,
    volunteer_detail,
    volunteer_for,
    volunteer_list,
)

__all__ = [
    "FIRST_YEAR",
    "MAX_CHOICES",
    "ROWS_PER_PAGE",
    "case_hours",
    "hours_entry",
    "hours_list",
    "hours_pending",
    "hours_reject",
    "hours_totals",
    "leader_set",
    "member_add",
    "member_remove",
    "my_hours",
    "offering_create",
    "offering_edit",
    "team_create",
    "team_detail",
    "team_edit",
    "team_for",
    "team_list",
    "volunteer_create",
    "volunteer_detail",
    "volunteer_for",
    "volunteer_list",
]
