"""Writes of activities: plan and edit, materialize dates, sign up and cancel, check in and out,
roll call, confirm hours. Each checks its actor (`Forbidden`) and every rule, then writes with
an audit record, or refuses whole (DomainError). Who may: staff with SERVICE over the activity's
area or the leader of one of its teams plans and runs it; a volunteer signs up and cancels their
own place; `occurrences_sync` and `horizon_extend` are the system's (no actor).

Seats are counted on the occurrence row and moved only by conditional UPDATEs
(`taken < capacity`), so two people signing up for the last seat at once cannot both get it,
on SQLite (IMMEDIATE transactions serialize writers) as on PostgreSQL (the UPDATE re-checks the
condition on the row it locks).

A package, one module per part of the activity written (planning, signups, attendance), since
the single module passed 600 lines. Every write is re-exported here, so
`from tongxin.volunteering.activities.services import activity_create` keeps working.
"""

from tongxin.volunteering.activities.services._common import may_lead_activity, seat_give_back, seat_take
from tongxin.volunteering.activities.services.attendance import (
    CHECKIN_CLOSES,
    CHECKIN_OPENS,
    HOURS_SLACK_MINUTES,
    QUARTER,
    Attendance,
    checkin_by_token,
    checkin_window,
    hours_confirm_occurrence,
    hours_of,
    rollcall_record,
)
from tongxin.volunteering.activities.services.planning import (
    EARLIEST,
    PLAN_REFUSED,
    ActivityPlan,
    activity_create,
    activity_update,
    community_of,
    horizon_extend,
    may_run_plan,
    new_token,
    occurrences_sync,
)
from tongxin.volunteering.activities.services.signups import is_own, signup_cancel, signup_create

__all__ = [
    "CHECKIN_CLOSES",
    "CHECKIN_OPENS",
    "EARLIEST",
    "HOURS_SLACK_MINUTES",
    "PLAN_REFUSED",
    "QUARTER",
    "ActivityPlan",
    "Attendance",
    "activity_create",
    "activity_update",
    "checkin_by_token",
    "checkin_window",
    "community_of",
    "horizon_extend",
    "hours_confirm_occurrence",
    "hours_of",
    "is_own",
    "may_lead_activity",
    "may_run_plan",
    "new_token",
    "occurrences_sync",
    "rollcall_record",
    "seat_give_back",
    "seat_take",
    "signup_cancel",
    "signup_create",
]
