"""The service figures of a place and a period (seed 000/002: teams, volunteers, hours, people
served, programmes, pairings, visits) gathered from the apps that keep them.

Each app computes its own figures in the database in a fixed number of queries
(`<app>/figures.py`); this module only names them, in the order a secretary reads them, with
the page that lists the rows behind each number.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.urls import NoReverseMatch, reverse
from django.utils.formats import number_format
from django.utils.functional import Promise
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from tongxin.fieldwork.visits.figures import visit_figures
from tongxin.registry.areas.models import Area
from tongxin.volunteering.activities.figures import activity_figures
from tongxin.volunteering.pairing.figures import pairing_figures
from tongxin.volunteering.programmes.figures import programme_figures
from tongxin.volunteering.service.figures import service_figures


@dataclass(frozen=True)
class Figure:
    key: str
    label: str | Promise
    kind: str = "count"  # "count", "hours" or "rate"
    # The list behind the number: a URL name and which of its filters the node and period fill.
    url: str = ""
    node_param: str = "node"
    period_params: tuple[str, str] | None = ("start", "end")


@dataclass(frozen=True)
class Section:
    key: str
    title: str | Promise
    compute: Callable[[Area, datetime.date, datetime.date], dict[str, Any]]
    figures: tuple[Figure, ...]


def _service(area: Area, start: datetime.date, end: datetime.date) -> dict[str, Any]:

    return service_figures(area, start, end)


def _activities(area: Area, start: datetime.date, end: datetime.date) -> dict[str, Any]:

    return activity_figures(area, start, end)


def _programmes(area: Area, start: datetime.date, end: datetime.date) -> dict[str, Any]:

    return programme_figures(area, start, end)


def _pairing(area: Area, start: datetime.date, end: datetime.date) -> dict[str, Any]:

    return pairing_figures(area, start, end)


def _visits(area: Area, start: datetime.date, end: datetime.date) -> dict[str, Any]:

    return visit_figures(area, start, end)


SECTIONS: tuple[Section, ...] = (
    Section(
        "service",
        _("Volunteer teams and hours (志愿服务)"),
        _service,
        (
            Figure("teams", _("Volunteer teams"), url="service:team_list", period_params=None),
            Figure(
                "registered_volunteers", _("Registered volunteers"), url="service:volunteer_list", period_params=None
            ),
            Figure("volunteers", _("Volunteers who served"), url="service:hours_list"),
            Figure("services", _("Services given"), url="service:hours_list"),
            Figure("hours", _("Service hours"), "hours", url="service:hours_list"),
            Figure("people_served", _("People served"), url="service:hours_list"),
            Figure("requests", _("Service requests"), url=""),
        ),
    ),
    Section(
        "activities",
        _("Activities (志愿活动)"),
        _activities,
        (
            Figure("activities", _("Activities held"), url="activities:list"),
            Figure("occurrences", _("Times held"), url="activities:list"),
            Figure("signups", _("Sign-ups"), url="activities:list"),
            Figure("participants", _("Participants"), url="activities:list"),
            Figure("hours", _("Activity hours"), "hours", url="activities:list"),
        ),
    ),
    Section(
        "programmes",
        _("Programmes for residents (课堂)"),
        _programmes,
        (
            Figure("programmes", _("Programmes running"), url="programmes:list"),
            Figure("sessions", _("Sessions held"), url="programmes:list"),
            Figure("enrolments", _("Enrolments"), url="programmes:list"),
            Figure("participants", _("Participants"), url="programmes:list"),
            Figure("attendances", _("Attendances"), url="programmes:list"),
        ),
    ),
    Section(
        "pairing",
        _("Pairing assistance (结对帮扶)"),
        _pairing,
        (
            Figure("beneficiaries", _("Beneficiaries"), url="pairing:list", period_params=None),
            Figure("pairings_open", _("Pairings open"), url="pairing:list", period_params=None),
            Figure("pairings_closed", _("Pairings closed"), url="pairing:list", period_params=None),
            Figure("visits", _("Pairing visits"), url="pairing:list", period_params=None),
            Figure("helped", _("Beneficiaries visited"), url="pairing:list", period_params=None),
            Figure("not_visited", _("Not visited in 30 days"), url="pairing:list", period_params=None),
        ),
    ),
    Section(
        "visits",
        _("Door-to-door visits (大走访)"),
        _visits,
        (
            Figure("households", _("Households"), url="visits:coverage", period_params=("from", "to")),
            Figure("visits", _("Visits"), url="visits:list", period_params=("from", "to")),
            Figure("households_visited", _("Households visited"), url="visits:coverage", period_params=("from", "to")),
            Figure(
                "households_covered", _("Visited as often as due"), url="visits:coverage", period_params=("from", "to")
            ),
            Figure("coverage", _("Visit coverage"), "rate", url="visits:coverage", period_params=("from", "to")),
            Figure("six_facts_complete", _("六清楚 complete"), url="visits:facts", period_params=None),
        ),
    ),
)


@dataclass
class Cell:
    key: str
    label: str | Promise
    text: str
    href: str


def _text(value: int | Decimal | float | None, kind: str) -> str:
    if value is None:
        return "—"
    # Whole hours read as whole numbers ("12", not "12.0"), as on the hours pages.
    if kind == "count" or (kind == "hours" and value == int(value)):
        return number_format(int(value), force_grouping=True)
    text = number_format(value, decimal_pos=1, force_grouping=True)
    return f"{text}%" if kind == "rate" else text


def _href(figure: Figure, area: Area, start: datetime.date, end: datetime.date) -> str:
    if not figure.url:
        return ""
    try:
        base = reverse(figure.url)
    except NoReverseMatch:
        return ""
    params = {figure.node_param: area.pk}
    if figure.period_params:
        params[figure.period_params[0]] = start.isoformat()
        params[figure.period_params[1]] = end.isoformat()
    return f"{base}?{urlencode(params)}"


def service_report(area: Area, start: datetime.date, end: datetime.date) -> list[tuple[Section, list[Cell]]]:
    """Every section's figures for the place and period, as cells linking to the rows behind them."""
    report = []
    for section in SECTIONS:
        values = section.compute(area, start, end)
        cells = [
            Cell(
                f.key,
                f.label,
                _text(values.get(f.key), f.kind),
                _href(f, area, start, end) if values.get(f.key) else "",
            )
            for f in section.figures
        ]
        report.append((section, cells))
    return report
