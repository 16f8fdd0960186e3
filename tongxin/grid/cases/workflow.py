"""The case workflow: states, the transitions between them, and who may make each.

reported → accepted → assigned → in progress → resolved → verified → closed, with returned
(to the reporter for more information), rejected (with a reason) and reopened. The table is
data so that the pages, the API and the tests read the same rules.
"""

from __future__ import annotations

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from tongxin.platform.access.roles import Role


class State(models.TextChoices):
    REPORTED = "reported", _("Reported")
    RETURNED = "returned", _("Returned for more information")
    REJECTED = "rejected", _("Rejected")
    ACCEPTED = "accepted", _("Accepted")
    ASSIGNED = "assigned", _("Assigned")
    IN_PROGRESS = "in_progress", _("In progress")
    RESOLVED = "resolved", _("Resolved")
    VERIFIED = "verified", _("Verified")
    CLOSED = "closed", _("Closed")
    REOPENED = "reopened", _("Reopened")
    # A duplicate folded into another case: the other case carries the work.
    MERGED = "merged", _("Merged into another case")


OPEN_STATES = frozenset(
    {State.REPORTED, State.RETURNED, State.ACCEPTED, State.ASSIGNED, State.IN_PROGRESS, State.RESOLVED, State.REOPENED}
)
FINAL_STATES = frozenset({State.CLOSED, State.REJECTED, State.MERGED})

# Roles that supervise cases in their subtree: they accept, dispatch, verify and close.
SUPERVISORS = frozenset({Role.ADMIN, Role.SUBDISTRICT, Role.COMMUNITY})
# 格事格了: a grid worker takes in and handles the cases of their own grid.
HANDLERS = frozenset({*SUPERVISORS, Role.GRID_WORKER})

# (from, to) → roles that may make it (in scope). "assignee" also lets the person the case
# is assigned to act, whatever their role.
TRANSITIONS: dict[tuple[str, str], frozenset[str]] = {
    (State.REPORTED, State.ACCEPTED): HANDLERS,
    (State.REPORTED, State.RETURNED): HANDLERS,
    (State.REPORTED, State.REJECTED): HANDLERS,
    (State.RETURNED, State.REPORTED): frozenset({"reporter", *HANDLERS}),
    (State.ACCEPTED, State.ASSIGNED): HANDLERS,
    (State.ACCEPTED, State.REJECTED): SUPERVISORS,
    # A wrongly dispatched case goes back to whoever dispatches (首接负责 until handed on).
    (State.ASSIGNED, State.ACCEPTED): frozenset({"assignee", *SUPERVISORS}),
    (State.ASSIGNED, State.IN_PROGRESS): frozenset({"assignee", *HANDLERS}),
    (State.IN_PROGRESS, State.RESOLVED): frozenset({"assignee", *HANDLERS}),
    (State.RESOLVED, State.VERIFIED): SUPERVISORS,
    (State.RESOLVED, State.IN_PROGRESS): SUPERVISORS,  # verification failed: back to work
    (State.VERIFIED, State.CLOSED): SUPERVISORS,
    # 不满意 reopens a closed case once; a supervisor may also reopen it.
    (State.CLOSED, State.REOPENED): frozenset({"reporter", *SUPERVISORS}),
    (State.REOPENED, State.ASSIGNED): HANDLERS,
    (State.REOPENED, State.IN_PROGRESS): frozenset({"assignee", *HANDLERS}),
}

# What the button of each transition says: the verb the person performs (受理, 办结, 重新上报),
# never the state the case lands in (UI.md: buttons are verbs).
ACTIONS: dict[tuple[str, str], Promise] = {
    (State.REPORTED, State.ACCEPTED): pgettext_lazy("case action", "Accept"),
    (State.REPORTED, State.RETURNED): pgettext_lazy("case action", "Return for more information"),
    (State.REPORTED, State.REJECTED): pgettext_lazy("case action", "Reject"),
    (State.RETURNED, State.REPORTED): pgettext_lazy("case action", "Report again"),
    (State.ACCEPTED, State.ASSIGNED): pgettext_lazy("case action", "Dispatch"),
    (State.ACCEPTED, State.REJECTED): pgettext_lazy("case action", "Reject"),
    (State.ASSIGNED, State.ACCEPTED): pgettext_lazy("case action", "Send back for dispatch"),
    (State.ASSIGNED, State.IN_PROGRESS): pgettext_lazy("case action", "Start work"),
    (State.IN_PROGRESS, State.RESOLVED): pgettext_lazy("case action", "Resolve"),
    (State.RESOLVED, State.VERIFIED): pgettext_lazy("case action", "Confirm it is resolved"),
    (State.RESOLVED, State.IN_PROGRESS): pgettext_lazy("case action", "Send back to work"),
    (State.VERIFIED, State.CLOSED): pgettext_lazy("case action", "Close"),
    (State.CLOSED, State.REOPENED): pgettext_lazy("case action", "Reopen"),
    (State.REOPENED, State.ASSIGNED): pgettext_lazy("case action", "Dispatch"),
    (State.REOPENED, State.IN_PROGRESS): pgettext_lazy("case action", "Start work"),
}


def action_label(from_state: str, to_state: str) -> str:
    return str(ACTIONS.get((from_state, to_state), State(to_state).label))


# Transitions that need a comment: a refusal or a hand-back must say why.
NEEDS_COMMENT = frozenset(
    {
        (State.REPORTED, State.RETURNED),
        (State.REPORTED, State.REJECTED),
        (State.ACCEPTED, State.REJECTED),
        (State.ASSIGNED, State.ACCEPTED),
        (State.RESOLVED, State.IN_PROGRESS),
        (State.CLOSED, State.REOPENED),
    }
)


# Steps whose form offers photos: evidence of the work done, or of why the case goes back.
# (The service takes photos on any step; these are where the page asks for them.)
PHOTO_STEPS = frozenset(
    {State.RETURNED, State.REJECTED, State.IN_PROGRESS, State.RESOLVED, State.VERIFIED, State.REOPENED}
)


def next_states(state: str) -> list[str]:
    return [to for (frm, to) in TRANSITIONS if frm == state]
