# ruff: noqa: E501  (the matrix reads as a table)
"""Permission-matrix rows for the volunteer-service pages (collected by tests/test_permission_matrix.py)."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.urls import reverse as R

from tests.matrix_rows import Rows

ROWS = Rows()


def _team(w: Any, *, area: Any = None, name: str = "维修队") -> Any:
    """A team of 甲社区 (or of another place) with one member, 孙志愿."""
    from tongxin.volunteering.service.models import TeamMembership, VolunteerTeam

    area = area or w.community
    team, _ = VolunteerTeam.objects.get_or_create(area=area, name=name, defaults={"speciality": "repairs"})
    volunteer = _volunteer(w)
    TeamMembership.objects.get_or_create(
        team=team, volunteer=volunteer, defaults={"joined_on": datetime.date(2025, 1, 1)}
    )
    return team


def _volunteer(w: Any, community: Any = None, name: str = "孙志愿") -> Any:
    from tongxin.volunteering.service.models import Volunteer

    community = community or w.community
    found = Volunteer.objects.filter(area=community, name=name).first()
    if found is None:
        found = Volunteer(area=community, registered_on=datetime.date(2025, 1, 1))
        found.set_name(name)
        found.save()
    return found


def _offering(w: Any) -> Any:
    from tongxin.volunteering.service.models import ServiceOffering

    offering, _ = ServiceOffering.objects.get_or_create(team=_team(w), name="上门维修")
    return offering


def _pending(w: Any) -> Any:
    from tongxin.volunteering.service.models import ServiceHours

    return ServiceHours.objects.create(
        volunteer=_volunteer(w), team=_team(w), area=w.community, served_on=datetime.date(2025, 5, 1),
        hours=Decimal("2"), description="修灯", source="manual",
    )  # fmt: skip


# fmt: off
# Teams: read with VIEW over the team's place (or as its leader / member), run with SERVICE.
ROWS.row("service:team_list",       "GET",  lambda w: R("service:team_list"),                                         "200 200 200 200 200 200 200 403 403 403 302")
ROWS.row("service:team_list",       "GET",  lambda w: R("service:team_list") + f"?node={w.other_community.pk}&speciality=x&year=abc", "200 200 404 404 404 404 404 403 403 403 302")
ROWS.row("service:team_create",     "GET",  lambda w: R("service:team_create"),                                       "200 403 200 403 403 403 403 403 403 403 302")
ROWS.row("service:team_create",     "POST", lambda w: R("service:team_create"),                                       "302 403 302 403 403 403 403 403 403 403 302",
         {"area": lambda w: str(w.community.pk), "name": "法律援助队", "speciality": "legal", "is_active": "on"})
ROWS.row("service:team_detail",     "GET",  lambda w: R("service:team_detail", args=[_team(w).pk]),                   "200 200 200 404 404 404 404 404 404 404 302")
ROWS.row("service:team_detail",     "GET",  lambda w: R("service:team_detail", args=[_team(w, area=w.grid1).pk]),     "200 200 200 200 404 404 404 404 404 404 302")
ROWS.row("service:team_detail",     "GET",  lambda w: R("service:team_detail", args=[99999]),                         "404 404 404 404 404 404 404 404 404 404 302")
ROWS.row("service:team_edit",       "GET",  lambda w: R("service:team_edit", args=[_team(w).pk]),                     "200 403 200 404 404 404 404 404 404 404 302")
ROWS.row("service:team_edit",       "GET",  lambda w: R("service:team_edit", args=[_team(w, area=w.other_community).pk]), "200 403 404 404 404 404 404 404 404 404 302")
ROWS.row("service:member_add",      "POST", lambda w: R("service:member_add", args=[_team(w).pk]),                    "302 403 302 404 404 404 404 404 404 404 302",
         {"resident": lambda w: str(w.zhangsan.pk)})
ROWS.row("service:member_remove",   "POST", lambda w: R("service:member_remove", args=[_team(w).pk, _volunteer(w).pk]), "302 403 302 404 404 404 404 404 404 404 302")
ROWS.row("service:leader_set",      "POST", lambda w: R("service:leader_set", args=[_team(w).pk]),                    "302 403 302 404 404 404 404 404 404 404 302",
         {"leader": lambda w: str(_volunteer(w).pk)})
ROWS.row("service:hours_entry",     "POST", lambda w: R("service:hours_entry", args=[_team(w).pk]),                   "302 403 302 404 404 404 404 404 404 404 302",
         {"volunteer": lambda w: str(_volunteer(w).pk), "served_on": "2025-06-01", "hours": "2", "description": "修灯"})
# No case came back to the team: the form says so (400).
ROWS.row("service:case_hours",      "POST", lambda w: R("service:case_hours", args=[_team(w).pk]),                    "400 403 400 404 404 404 404 404 404 404 302",
         {"case": "1", "volunteers": lambda w: str(_volunteer(w).pk), "served_on": "2025-06-01", "hours": "2"})
ROWS.row("service:offering_create", "GET",  lambda w: R("service:offering_create", args=[_team(w).pk]),               "200 403 200 404 404 404 404 404 404 404 302")
ROWS.row("service:offering_edit",   "GET",  lambda w: R("service:offering_edit", args=[_offering(w).pk]),              "200 403 200 404 404 404 404 404 404 404 302")
ROWS.row("service:offering_edit",   "POST", lambda w: R("service:offering_edit", args=[_offering(w).pk]),              "302 403 302 404 404 404 404 404 404 404 302",
         {"name": "上门维修水电", "is_active": "on"})
# Volunteers: registered in a community; read with VIEW there, registered with SERVICE.
ROWS.row("service:volunteer_list",  "GET",  lambda w: R("service:volunteer_list"),                                    "200 200 200 200 200 200 200 403 403 403 302")
ROWS.row("service:volunteer_list",  "GET",  lambda w: R("service:volunteer_list") + "?q=%00<script>&node=x",          "200 200 200 200 200 200 200 403 403 403 302")
ROWS.row("service:volunteer_create", "GET", lambda w: R("service:volunteer_create"),                                  "200 403 200 403 403 403 403 403 403 403 302")
ROWS.row("service:volunteer_create", "POST", lambda w: R("service:volunteer_create"),                                 "302 403 302 403 403 403 403 403 403 403 302",
         {"area": lambda w: str(w.community.pk), "name": "唐僧", "phone": "13912345678"})
ROWS.row("service:volunteer_detail", "GET", lambda w: R("service:volunteer_detail", args=[_volunteer(w).pk]),        "200 200 200 404 404 404 404 404 404 404 302")
ROWS.row("service:volunteer_detail", "GET", lambda w: R("service:volunteer_detail", args=[_volunteer(w, w.other_community).pk]), "200 200 404 404 404 404 404 404 404 404 302")
ROWS.row("service:certificate",     "GET",  lambda w: R("service:certificate", args=[_volunteer(w).pk, 2025]),        "200 200 200 404 404 404 404 404 404 404 302")
# Hours: confirmed by staff with SERVICE (or the team's leader); totals read with VIEW; one's own by anyone signed in.
ROWS.row("service:hours_pending",   "GET",  lambda w: R("service:hours_pending"),                                     "200 403 200 403 403 403 403 403 403 403 302")
ROWS.row("service:hours_pending",   "POST", lambda w: R("service:hours_pending"),                                     "302 403 302 403 403 403 403 403 403 403 302",
         {"rows": lambda w: str(_pending(w).pk)})
ROWS.row("service:hours_reject",    "POST", lambda w: R("service:hours_reject", args=[_pending(w).pk]),               "302 403 302 404 404 404 404 404 404 404 302",
         {"reason": "没有来"})
ROWS.row("service:hours_totals",    "GET",  lambda w: R("service:hours_totals"),                                      "200 200 200 200 200 200 200 403 403 403 302")
ROWS.row("service:hours_totals",    "GET",  lambda w: R("service:hours_totals") + "?start=2026-13-01&end=x",          "200 200 200 200 200 200 200 403 403 403 302")
ROWS.row("service:my_hours",        "GET",  lambda w: R("service:my_hours"),                                          "200 200 200 200 200 200 200 200 200 200 302")
# Public: the catalogue and the request form need no account.
ROWS.row("service:public_catalogue", "GET", lambda w: R("service:public_catalogue") + f"?community={w.community.pk}", "200 200 200 200 200 200 200 200 200 200 200")
ROWS.row("service:public_request",  "GET",  lambda w: R("service:public_request", args=[_offering(w).pk]),            "200 200 200 200 200 200 200 200 200 200 200")
ROWS.row("service:public_request",  "GET",  lambda w: R("service:public_request", args=[99999]),                      "404 404 404 404 404 404 404 404 404 404 404")
# fmt: on
ROWS.row(
    "service:hours_list", "GET", lambda w: R("service:hours_list"), "200 200 200 200 200 200 200 403 403 403 302"
)  # fmt: skip
ROWS.row("service:hours_list",      "GET",  lambda w: R("service:hours_list") + f"?node={w.other_community.pk}&start=2025-01-01&end=2025-12-31", "200 200 404 404 404 404 404 403 403 403 302")  # fmt: skip
