"""Mediation on the workbench: cases past their month, follow-ups due, confirmation windows closing;
each count is the rows its link shows, in a fixed number of queries."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
import time_machine
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tongxin.council.mediation.tests.support import agreed, case, committee
from tongxin.council.mediation.workbench import ITEMS
from tongxin.platform.web.workbench import SOURCES, Today

pytestmark = pytest.mark.django_db
D = datetime.date


def _items(user: Any, today: datetime.date) -> dict[str, Any]:
    from tongxin.platform.access.scope import scope_for

    now = datetime.datetime(today.year, today.month, today.day, 9, tzinfo=datetime.UTC)
    scope = scope_for(user)  # built once per request, before any source
    with CaptureQueriesContext(connection) as ctx:
        items = SOURCES["mediation"].items(user, scope, Today(now=now, today=today))
    assert len(ctx.captured_queries) <= 1 + len(ITEMS)
    return {i.key: i for i in items}


def test_what_waits_for_the_office(client: Any, world: Any, secretary: Any) -> None:
    with time_machine.travel(datetime.datetime(2026, 5, 10, 10, 0), tick=False):
        c = committee(world.community)
        case(c, accepted_on=D(2026, 3, 1), title="超期的")  # due 31 Mar: overdue on 10 May
        case(c, accepted_on=D(2026, 5, 1), title="新的")  # due 31 May
        agreed(case(c, accepted_on=D(2026, 4, 1), title="待回访"), D(2026, 4, 15))  # perform by 25 Apr, visit due 2 May
        agreed(case(c, accepted_on=D(2026, 5, 1), title="刚签的"), D(2026, 5, 5))  # window to 4 Jun: not closing yet
        items = _items(secretary, D(2026, 5, 10))
        assert items["mediation.overdue"].count == 1 and items["mediation.overdue"].rows[0].label == "超期的"
        assert items["mediation.followup"].count == 1 and items["mediation.followup"].rows[0].label == "待回访"
        # 待回访 signed 15 Apr: its 30 days end 15 May, within the 7 days' warning.
        assert [r.label for r in items["mediation.confirm"].rows] == ["待回访"]
        client.force_login(secretary)
        listed = BeautifulSoup(client.get(items["mediation.overdue"].url).content, "html.parser")
        assert [a.get_text(strip=True) for a in listed.select("#mediation-cases td.card-title > a")] == ["超期的"]


def test_the_source_is_for_the_office_only(world: Any, grid_worker: Any, street_officer: Any, secretary: Any) -> None:
    from tongxin.platform.access.scope import scope_for

    applies = SOURCES["mediation"].applies
    assert (
        applies(scope_for(secretary)) and not applies(scope_for(grid_worker)) and not applies(scope_for(street_officer))
    )
