from __future__ import annotations

import pytest
from django.urls import reverse


@pytest.mark.parametrize(
    "name,args",
    [
        ("home", []),
        ("areas:tree", []),
        ("households:list", []),
        ("residents:list", []),
        ("orgs:tree", []),
        ("members:list", []),
        ("units:list", []),
        ("me", []),
    ],
)
def test_secretary_pages_render(client, secretary, name, args):
    client.force_login(secretary)
    response = client.get(reverse(name, args=args))
    assert response.status_code == 200


def test_detail_pages_render(client, secretary, world):
    client.force_login(secretary)
    for url in [
        reverse("areas:detail", args=[world.community.pk]),
        reverse("areas:detail", args=[world.building1.pk]),
        reverse("areas:children", args=[world.community.pk]),
        reverse("households:detail", args=[world.household1.pk]),
        reverse("residents:detail", args=[world.zhangsan.pk]),
        reverse("residents:edit", args=[world.zhangsan.pk]),
        reverse("residents:create") + f"?household={world.household1.pk}",
        reverse("orgs:detail", args=[world.committee.pk]),
        reverse("orgs:children", args=[world.committee.pk]),
        reverse("orgs:edit", args=[world.branch1.pk]),
        reverse("orgs:move", args=[world.branch1.pk]),
        reverse("members:detail", args=[world.member1.pk]),
        reverse("members:edit", args=[world.member1.pk]),
        reverse("members:create"),
        reverse("units:detail", args=[world.unit.pk]),
        reverse("units:edit", args=[world.unit.pk]),
        reverse("units:create"),
        reverse("areas:edit", args=[world.grid1.pk]),
        reverse("areas:move", args=[world.building1.pk]),
        reverse("areas:create") + f"?parent={world.grid1.pk}",
        reverse("households:create") + f"?area={world.building1.pk}",
        reverse("households:edit", args=[world.household1.pk]),
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
