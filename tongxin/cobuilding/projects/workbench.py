"""Needs and projects on the workbench (registered in ProjectsConfig.ready()).

For the staff who run co-building: needs waiting to be claimed for more than 30 days, projects past
their date, members' offers waiting to be confirmed. For a unit contact: their projects past their
date and milestones due this week. Each count is the list's `?waiting=` filter, each row opens its
need or project.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tongxin.cobuilding.projects.models import Milestone, Need, Project
from tongxin.cobuilding.projects.queries import projects_of_units, reads_cobuild
from tongxin.platform.access.roles import Perm, Role
from tongxin.platform.access.scope import Scope, visible_to
from tongxin.platform.web.workbench import TOP_ROWS, Item, Row, Source, Today, Urgency, register

WAITING_DAYS = 30
LIVE = (Project.State.CLAIMED, Project.State.IN_PROGRESS)


def need_waiting_q(today: datetime.date) -> Q:
    """Open to claim and waiting longer than WAITING_DAYS since it was raised."""
    since = datetime.datetime.combine(
        today - datetime.timedelta(days=WAITING_DAYS), datetime.time.min, tzinfo=datetime.UTC
    )
    return Q(status=Need.Status.OPEN, created_at__lt=since)


def project_overdue_q(today: datetime.date) -> Q:
    return Q(state__in=LIVE, due_on__lt=today)


# The lists' ?waiting= filters: exactly the rows the workbench counts.
NEED_WAITING: dict[str, Callable[[datetime.date], Q]] = {"old": need_waiting_q}
PROJECT_WAITING: dict[str, Callable[[datetime.date], Q]] = {
    "overdue": project_overdue_q,
    "offers": lambda today: Q(state=Project.State.PROPOSED),
}


def _item(
    key: str, label: Any, qs: QuerySet[Any], url: str, urgency: str, row: Callable[[Any], Row], order: int
) -> Item:
    count = qs.count()
    rows = [row(o) for o in qs[:TOP_ROWS]] if count else []
    return Item(key=f"projects.{key}", label=label, count=count, url=url, urgency=urgency, rows=rows, order=order)


def _project_row(p: Project) -> Row:
    note = _("to be done by %(date)s") % {"date": date_format(p.due_on, "DATE_FORMAT")} if p.due_on else ""
    return Row(label=p.title, url=reverse("projects:project", args=[p.pk]), note=note, urgency=Urgency.OVERDUE)


def _staff_items(user: Any, scope: Scope, when: Today) -> list[Item]:
    today = when.today
    needs = visible_to(Need.objects.all(), user).filter(need_waiting_q(today)).order_by("created_at", "id")
    projects = visible_to(Project.objects.all(), user)
    needs_url = reverse("projects:needs") + "?waiting=old"
    projects_url = reverse("projects:projects")
    return [
        _item(
            "needs_waiting",
            gettext_lazy("Needs waiting over 30 days to be claimed"),
            needs,
            needs_url,
            Urgency.SOON,
            lambda n: Row(label=n.title, url=reverse("projects:need", args=[n.pk]), urgency=Urgency.SOON),
            60,
        ),
        _item(
            "overdue",
            gettext_lazy("Co-building projects past their date"),
            projects.filter(project_overdue_q(today)).order_by("due_on", "id"),
            projects_url + "?waiting=overdue",
            Urgency.OVERDUE,
            _project_row,
            61,
        ),
        _item(
            "offers",
            gettext_lazy("Members' offers to take on a need, waiting for you"),
            projects.filter(state=Project.State.PROPOSED).order_by("created_at", "id"),
            projects_url + "?waiting=offers",
            Urgency.SOON,
            lambda p: Row(label=p.title, url=reverse("projects:project", args=[p.pk]), urgency=Urgency.SOON),
            62,
        ),
    ]


def _contact_items(user: Any, scope: Scope, when: Today) -> list[Item]:
    today = when.today
    ours = projects_of_units(user)
    week_end = today + datetime.timedelta(days=6 - today.weekday())
    milestones = (
        Milestone.objects.filter(
            project__in=ours.filter(state__in=LIVE).values("pk"), done_on__isnull=True, due_on__lte=week_end
        )
        .select_related("project")
        .order_by("due_on", "id")
    )
    portal = reverse("portal:portal")
    return [
        _item(
            "unit_overdue",
            gettext_lazy("Our projects past their date"),
            ours.filter(project_overdue_q(today)).order_by("due_on", "id"),
            portal,
            Urgency.OVERDUE,
            _project_row,
            20,
        ),
        _item(
            "unit_milestones",
            gettext_lazy("Milestones due this week"),
            milestones,
            portal,
            Urgency.SOON,
            lambda m: Row(
                label=f"{m.project.title}: {m.title}",
                url=reverse("projects:project", args=[m.project_id]),
                note=_("due %(date)s") % {"date": date_format(m.due_on, "DATE_FORMAT")},
                urgency=Urgency.OVERDUE if m.due_on < today else Urgency.SOON,
            ),
            21,
        ),
    ]


def register_sources() -> None:
    register(
        Source(
            code="projects.staff",
            applies=lambda scope: scope.has_perm(Perm.COBUILD),
            items=lambda user, scope, when: _staff_items(user, scope, when) if reads_cobuild(user) else [],
            queries=6,
        )
    )
    register(
        Source(
            code="projects.unit",
            applies=lambda scope: Role.UNIT_CONTACT in scope.roles,
            items=_contact_items,
            queries=4,
        )
    )
