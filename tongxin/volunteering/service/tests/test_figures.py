"""The service figures against a small hand-made data set (answers written by hand)."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
import time_machine

from tongxin.grid.cases.models import CaseCategory
from tongxin.grid.cases.services import case_report
from tongxin.volunteering.service.figures import service_figures
from tongxin.volunteering.service.models import ServiceRequest
from tongxin.volunteering.service.tests.support import served, team, volunteer

pytestmark = pytest.mark.django_db
START, END = datetime.date(2026, 1, 1), datetime.date(2026, 6, 30)


@pytest.fixture
def data(world):
    with time_machine.travel(datetime.datetime(2026, 3, 10, 2, tzinfo=datetime.UTC), tick=False):
        repairs = team(world.community, "维修队")
        team(world.grid1, "巡逻队")
        team(world.community, "旧队", is_active=False)
        team(world.other_community, "乙队")
        a = volunteer(world.community, "甲一")
        b = volunteer(world.community, "甲二")
        volunteer(world.community, "甲三")  # registered, never served
        volunteer(world.community, "甲四", is_active=False)
        volunteer(world.community, "甲五", registered_on=datetime.date(2026, 8, 1))  # after the period
        c = volunteer(world.other_community, "乙一")
        served(a, datetime.date(2026, 2, 1), "2", t=repairs, people=3)
        served(a, datetime.date(2026, 3, 1), "1.5", t=repairs, people=1)
        served(b, datetime.date(2026, 6, 30), "4")
        served(b, datetime.date(2026, 5, 1), "8", confirmed=False)  # waits: not counted
        served(b, datetime.date(2025, 12, 31), "5", people=9)  # before the period
        served(c, datetime.date(2026, 4, 1), "3", area=world.other_community, people=2)
        category = CaseCategory.objects.get(code="elderly_repair")
        for building in (world.building1, world.building2):
            case = case_report(actor=None, category=category, description="修", area=building, source="public")
            ServiceRequest.objects.create(case=case, team=repairs, area=world.community)
    with time_machine.travel(datetime.datetime(2026, 7, 1, 2, tzinfo=datetime.UTC), tick=False):
        case = case_report(actor=None, category=category, description="修", area=world.building1, source="public")
        ServiceRequest.objects.create(case=case, team=repairs, area=world.community)  # after the period
    return world


def test_community_figures(data, django_assert_num_queries):
    with django_assert_num_queries(4):
        figures = service_figures(data.community, START, END)
    assert figures == {
        "teams": 2,
        "registered_volunteers": 3,
        "volunteers": 2,
        "hours": Decimal("7.5"),
        "services": 3,
        "people_served": 4,
        "requests": 2,
    }


def test_subdistrict_and_other_community(data):
    sub = service_figures(data.subdistrict, START, END)
    assert (sub["teams"], sub["registered_volunteers"], sub["volunteers"]) == (3, 4, 3)
    assert (sub["hours"], sub["services"], sub["people_served"], sub["requests"]) == (Decimal("10.5"), 4, 6, 2)
    other = service_figures(data.other_community, START, END)
    assert other == {
        "teams": 1,
        "registered_volunteers": 1,
        "volunteers": 1,
        "hours": Decimal("3"),
        "services": 1,
        "people_served": 2,
        "requests": 0,
    }
    empty = service_figures(data.other_grid, START, END)
    assert empty["hours"] == Decimal("0") and empty["teams"] == 0
