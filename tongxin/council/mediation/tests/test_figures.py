"""Mediation figures against a hand-made set whose answers are worked out by hand below, and each
figure's link opening exactly its rows."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest
import time_machine
from bs4 import BeautifulSoup
from django.urls import reverse

from tongxin.council.mediation import services
from tongxin.council.mediation.figures import mediation_figures
from tongxin.council.mediation.tests.support import agreed, case, committee, staff

pytestmark = pytest.mark.django_db
D = datetime.date
START, END = D(2026, 1, 1), D(2026, 6, 30)


@pytest.fixture
def hand_made(world: Any) -> dict[str, Any]:
    """Sweeps: grid 1 on 1 Feb found 3; grid 2 on 1 Mar found 2; grid 1 on 30 Dec 2025 found 5
    (before the period); 乙's grid on 1 Feb found 7 (another community).
    Cases of 甲: A accepted 10 Jan, agreement 20 Jan inside the grid, visited 5 Feb performed;
    B accepted 1 Feb, agreement 10 Feb in the community, visited 1 Mar partly performed;
    C accepted 1 Mar, no agreement 15 Mar; D accepted 1 Apr, open; E accepted 20 Dec 2025,
    agreement 5 Jan above the community, not visited. F of 乙 accepted 1 Feb."""
    with time_machine.travel(datetime.datetime(2026, 7, 1, 10, 0), tick=False):
        mine, other = committee(world.community), committee(world.other_community)
        for area, day, found in (
            (world.grid1, D(2026, 2, 1), 3),
            (world.grid2, D(2026, 3, 1), 2),
            (world.grid1, D(2025, 12, 30), 5),
            (world.other_grid, D(2026, 2, 1), 7),
        ):
            services.sweep_record(actor=staff(), area=area, swept_on=day, swept_by="网格员", found=found, notes="纠纷")
        a = agreed(case(mine, world.grid1, accepted_on=D(2026, 1, 10), title="A"), D(2026, 1, 20), settled_at="grid")
        services.followup_record(actor=staff(), case=a, followup_on=D(2026, 2, 5), performance="performed")
        b = agreed(case(mine, world.grid2, accepted_on=D(2026, 2, 1), title="B"), D(2026, 2, 10))
        services.followup_record(
            actor=staff(), case=b, followup_on=D(2026, 3, 1), performance="partly", note="还差500元"
        )
        c = case(mine, accepted_on=D(2026, 3, 1), title="C")
        services.case_settle(
            actor=staff(),
            case=c,
            outcome="no_agreement",
            settled_on=D(2026, 3, 15),
            settled_at="community",
            note="不同意",
        )
        case(mine, accepted_on=D(2026, 4, 1), title="D")
        agreed(case(mine, accepted_on=D(2025, 12, 20), title="E"), D(2026, 1, 5), settled_at="above")
        case(other, accepted_on=D(2026, 2, 1), title="F")
    return {"community": world.community}


def test_the_figures_of_the_community(world: Any, hand_made: Any, secretary: Any) -> None:
    f = mediation_figures(secretary, path=world.community.path, start=START, end=END)
    assert (f.found, f.accepted, f.ended, f.settled, f.performed) == (5, 4, 4, 3, 1)
    assert (f.in_grid, f.in_community, f.above) == (1, 1, 1)
    assert f.rate == Decimal("75.0")  # 3 settled of 4 mediated to an end


def test_the_subdistrict_sees_both_communities(world: Any, hand_made: Any, street_officer: Any) -> None:
    f = mediation_figures(street_officer, path=world.subdistrict.path, start=START, end=END)
    assert (f.found, f.accepted, f.ended, f.settled) == (12, 5, 4, 3)


def test_a_grid_and_a_shorter_period(world: Any, hand_made: Any, secretary: Any) -> None:
    f = mediation_figures(secretary, path=world.grid1.path, start=D(2026, 1, 1), end=D(2026, 1, 31))
    # Grid 1 in January: A accepted and settled there; the February sweep is outside.
    assert (f.found, f.accepted, f.ended, f.settled, f.in_grid, f.performed) == (0, 1, 1, 1, 1, 0)


def test_nothing_ended_has_no_rate(world: Any, secretary: Any) -> None:
    assert mediation_figures(secretary, path=world.community.path, start=START, end=END).rate is None


def _titles(client: Any, href: str) -> list[str]:
    soup = BeautifulSoup(client.get(href).content, "html.parser")
    return sorted(a.get_text(strip=True) for a in soup.select("#mediation-cases td.card-title > a"))


def test_each_number_opens_its_rows(client: Any, world: Any, hand_made: Any, secretary: Any) -> None:
    client.force_login(secretary)
    page = client.get(
        reverse("mediation:figures"), {"node": world.community.pk, "from": "2026-01-01", "to": "2026-06-30"}
    )
    soup = BeautifulSoup(page.content, "html.parser")
    links = {row["data-figure"]: row.select_one("a") for row in soup.select("#mediation-figures tr[data-figure]")}
    expected = {
        "accepted": ["A", "B", "C", "D"],
        "ended": ["A", "B", "C", "E"],
        "settled": ["A", "B", "E"],
        "performed": ["A"],
        "in_grid": ["A"],
        "in_community": ["B"],
        "above": ["E"],
    }
    for key, titles in expected.items():
        assert links[key].get_text(strip=True) == str(len(titles))
        assert _titles(client, str(links[key]["href"])) == titles, key
    assert links["found"].get_text(strip=True) == "5"
    sweeps = BeautifulSoup(client.get(links["found"]["href"]).content, "html.parser")
    assert sorted(td.get_text(strip=True) for td in sweeps.select("#sweeps td.sweep-found")) == ["2", "3"]
