"""The community-work figures page reads the registered indicators: each value rolled up from the
groups one query returned, a rate summed part by part, and nothing offered to whom reads none."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from tongxin.platform.web import indicators as ind


def test_a_ratio_sums_its_parts_and_rounds_half_up() -> None:
    total = ind.Values({"a/": ind.Ratio(1, 3), "a/b/": ind.Ratio(1, 1), "c/": ind.Ratio(0, 4)}, ind.Ratio())
    assert total.total() == ind.Ratio(2, 8)
    assert total.under("a/") == ind.Ratio(2, 4)
    assert ind.Ratio(2, 3).percent == Decimal("66.7")
    assert ind.Ratio(1, 8).percent == Decimal("12.5")
    assert ind.Ratio(0, 0).percent is None
    assert ind.display(ind.Kind.RATIO, ind.Ratio(0, 0)) == "—"
    assert ind.display(ind.Kind.MONEY, Decimal("1234.5")) == "¥1,234.50"
    assert ind.display(ind.Kind.COUNT, 3000) == "3,000"


@pytest.fixture
def counted(world):
    """An indicator counting, per community, the grids under it: a value the test can compute by hand."""
    from django.db.models import Count

    from tongxin.platform.access.roles import Role
    from tongxin.registry.areas.models import Area, Level

    def compute(place: Area, start: datetime.date, end: datetime.date) -> ind.Values:
        communities = Area.objects.filter(path__startswith=place.path, level=Level.COMMUNITY)
        rows = (
            Area.objects.filter(level=Level.GRID, parent__in=communities).values("parent__path").annotate(n=Count("id"))
        )
        return ind.Values({r["parent__path"]: r["n"] for r in rows})

    key = "test.grids"
    ind.register(
        ind.Indicator(
            key=key,
            group="Test",
            label="Grids",
            kind=ind.Kind.COUNT,
            compute=compute,
            may_read=lambda scope: scope.is_admin or Role.SUBDISTRICT in scope.roles,
            href=lambda node, start, end: f"/areas/?node={node.pk}",
        )
    )
    yield key
    ind.INDICATORS.pop(key, None)


@pytest.mark.django_db
def test_the_page_rolls_the_groups_up_to_the_place_and_to_each_community(
    client, world, street_officer, counted
) -> None:
    from tongxin.registry.areas.models import Area, Level

    client.force_login(street_officer)
    sub = world.subdistrict
    response = client.get(reverse("reports:community_work"), {"node": sub.pk})
    assert response.status_code == 200
    html = response.content.decode()
    grids = Area.objects.filter(path__startswith=sub.path, level=Level.GRID).count()
    assert grids > 0
    assert 'data-figure="test.grids"' in html
    groups = response.context["groups"]
    (group,) = [g for g in groups if g["key"] == "test"]
    assert group["cards"][0]["text"] == f"{grids:,}"
    by_place = {row["place"].pk: row["cells"][0]["text"] for row in group["rows"]}
    for community in Area.objects.filter(path__startswith=sub.path, level=Level.COMMUNITY):
        assert by_place[community.pk] == str(Area.objects.filter(parent=community, level=Level.GRID).count())


@pytest.mark.django_db
def test_nobody_without_an_indicator_opens_the_page(client, world, street_officer) -> None:
    from tongxin.platform.web import indicators

    saved = dict(indicators.INDICATORS)
    indicators.INDICATORS.clear()
    try:
        client.force_login(street_officer)
        assert client.get(reverse("reports:community_work")).status_code == 403
    finally:
        indicators.INDICATORS.update(saved)
