"""A family's honour on its household's page and on each of its residents' pages: what a grid
worker opening 张三's record reads (conferred, or still in publicity), with a link to them all."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.html import soup
from tongxin.council.honours.models import AwardState, NominationState
from tongxin.council.honours.tests.support import award, nomination

pytestmark = pytest.mark.django_db


def _honours(html: bytes) -> list[str]:
    part = soup(html).select_one("#honours")
    return [" ".join(li.get_text(" ", strip=True).split()) for li in part.select("li")] if part else []


def test_a_familys_honours_on_its_household_and_residents_pages(client, world, grid_worker):
    conferred = award(world, state=AwardState.AWARDED, year=2025)
    nomination(world, conferred, state=NominationState.WINNER)
    declined = award(world, name="最美家庭")
    nomination(world, declined, state=NominationState.DECLINED)
    client.force_login(grid_worker)
    household = client.get(reverse("households:detail", args=[world.household1.pk]))
    resident = client.get(reverse("residents:detail", args=[world.zhangsan.pk]))
    expected = [f"★ 2025 十佳孝老爱亲和谐家庭 {world.community.name}"]
    assert _honours(household.content) == expected
    assert _honours(resident.content) == expected
    link = soup(resident.content).select_one("#honours a")["href"]
    assert link == reverse("honours:nominee", args=["resident", world.zhangsan.pk])
    assert client.get(link).status_code == 200


def test_no_honours_no_part(client, world, grid_worker):
    client.force_login(grid_worker)
    response = client.get(reverse("residents:detail", args=[world.zhangsan.pk]))
    assert response.status_code == 200 and soup(response.content).select_one("#honours") is None
