"""Who is told what about a case: the inbox for staff, a text message for the reporter."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from tongxin.grid.cases.models import Case
from tongxin.grid.cases.workflow import State
from tongxin.platform.access.actor import Actor
from tongxin.platform.access.models import RoleAssignment, User
from tongxin.platform.access.roles import Role
from tongxin.platform.inbox.services import notify, queue_message

# Who answers for a case at each rung of the ladder: the grid's workers, the community's
# staff, the subdistrict's officers — found through the roles held at the case's ancestors.
LEVEL_ROLES = {
    Case.Level.GRID: Role.GRID_WORKER,
    Case.Level.COMMUNITY: Role.COMMUNITY,
    Case.Level.SUBDISTRICT: Role.SUBDISTRICT,
}
# The reporter hears about the steps that matter to them.
REPORTER_STATES = frozenset({State.ACCEPTED, State.RETURNED, State.REJECTED, State.RESOLVED, State.CLOSED})


def responsible(case: Case, level: str) -> list[User]:
    node_ids = [*case.area.ancestor_ids(), case.area.pk]
    user_ids = RoleAssignment.objects.filter(role=LEVEL_ROLES[level], node_id__in=node_ids).values("user_id")
    return list(User.objects.filter(pk__in=user_ids, is_active=True))


def handlers_of(case: Case) -> list[User]:
    """Who works on the case now: its assignee, else the workers of its grid — or, for a case no
    one has placed yet (位置待核实), the office it waits at."""
    if case.assignee is not None:
        return [case.assignee]
    if case.is_unplaced:
        return responsible(case, case.level)
    return responsible(case, Case.Level.GRID)


def _title(case: Case, text: str) -> str:
    return f"{case.tracking_code} {case.category}: {text}"


def after_transition(case: Case, to_state: str, actor: Actor) -> None:
    url = reverse("cases:detail", args=[case.pk])
    if to_state == State.ASSIGNED and case.assignee is not None and case.assignee != actor:
        notify(
            recipients=[case.assignee],
            kind="assignment",
            title=_title(case, _("assigned to you")),
            topic=_("assigned to you"),
            body=case.description[:200],
            url=url,
            case_id=case.pk,
        )
    if to_state == State.RESOLVED:
        notify(
            recipients=responsible(case, Case.Level.COMMUNITY),
            kind="status",
            title=_title(case, _("resolved, waiting for verification")),
            topic=_("resolved, waiting for verification"),
            url=url,
            case_id=case.pk,
        )
    if to_state in REPORTER_STATES:
        # The reporters of duplicates merged into this case hear its steps too, under their own code.
        for reported in [case, *case.merged.exclude(phone_enc="").only("tracking_code", "phone_enc")]:
            if reported.phone_enc:
                queue_message(
                    phone=reported.phone_plain(),
                    text=_("[Tongxin] Your report %(code)s: %(state)s.")
                    % {"code": reported.tracking_code, "state": State(to_state).label},
                )


def after_place(case: Case, actor: Actor) -> None:
    """Those who answer for the case where it was placed learn it is theirs now."""
    notify(
        recipients=[user for user in responsible(case, case.level) if user != actor],
        kind="status",
        title=_title(case, _("placed in your area")),
        body=case.description[:200],
        url=reverse("cases:detail", args=[case.pk]),
        case_id=case.pk,
    )


def after_merge(case: Case, into: Case) -> None:
    """The duplicate's reporter learns their report is handled with another one."""
    if case.phone_enc:
        queue_message(
            phone=case.phone_plain(),
            text=_("[Tongxin] Your report %(code)s is handled together with the same problem reported earlier.")
            % {"code": case.tracking_code},
        )


def after_deadline_event(case: Case, kind: str) -> None:
    """Tell the people who must act that a limit is near or missed, or that the case climbed."""
    url = reverse("cases:detail", args=[case.pk])
    if kind in ("accept_warning", "resolve_warning", "accept_overdue", "resolve_overdue"):
        people = handlers_of(case)
        notice = "warning" if kind.endswith("warning") else "overdue"
        text = _("deadline near") if notice == "warning" else _("overdue")
        notify(recipients=people, kind=notice, title=_title(case, text), topic=text, url=url, case_id=case.pk)
    elif kind == "escalated":
        notify(
            recipients=responsible(case, case.level),
            kind="escalation",
            title=_title(case, _("escalated to you: not resolved in time")),
            topic=_("escalated to you: not resolved in time"),
            url=url,
            case_id=case.pk,
        )


def after_rating(case: Case, rating: str, *, reopened: bool) -> None:
    people = handlers_of(case) + responsible(case, Case.Level.COMMUNITY)
    text = _("rated by the reporter, reopened") if reopened else _("rated by the reporter")
    notify(
        recipients=people,
        kind="rating",
        title=_title(case, text),
        topic=text,
        url=reverse("cases:detail", args=[case.pk]),
        case_id=case.pk,
    )
