"""A visit record kept as a draft on a phone without signal may arrive twice: it makes one visit
(and, when its need became a case, one case)."""

from __future__ import annotations

import datetime
import uuid

import pytest
import time_machine
from django.urls import reverse

from tests.html import soup
from tongxin.fieldwork.visits import services
from tongxin.fieldwork.visits.models import Visit
from tongxin.grid.cases.models import Case, CaseCategory
from tongxin.platform.calendar import SHANGHAI
from tongxin.platform.core.models import AuditEvent

pytestmark = pytest.mark.django_db
NOW = datetime.datetime(2026, 7, 15, 9, tzinfo=SHANGHAI)


@pytest.fixture(autouse=True)
def _now():
    with time_machine.travel(NOW, tick=False):
        yield


def _record(actor, world, key):
    return services.visit_record(
        actor=actor,
        household=world.household1,
        visited_on=datetime.date(2026, 7, 14),
        residents_met=[world.zhangsan],
        findings="老人身体不错",
        idempotency_key=key,
    )


def test_the_same_key_twice_makes_one_visit(world, grid_worker, secretary):
    key = uuid.uuid4()
    first = _record(grid_worker, world, key)
    assert _record(grid_worker, world, key).pk == first.pk
    assert Visit.objects.count() == 1
    assert AuditEvent.objects.filter(object_type="visits.visit", action="create").count() == 1
    # Another visitor's key is their own, and no key never joins anything.
    _record(secretary, world, key)
    _record(grid_worker, world, None)
    _record(grid_worker, world, None)
    assert Visit.objects.count() == 4


def test_the_form_posted_twice_makes_one_visit_and_one_case(client, world, grid_worker):
    client.force_login(grid_worker)
    url = reverse("visits:record", args=[world.household1.pk])
    form = soup(client.get(url), status=200).select_one("form[data-offline-draft]")
    assert form.select_one("input[type=hidden][name=idempotency_key]") is not None
    data = {
        "visited_on": "2026-07-14",
        "way": "door",
        "residents_met": [world.zhangsan.pk],
        "needs": "需要助餐服务",
        "to_case": "on",
        "case_category": CaseCategory.objects.filter(is_active=True, children__isnull=True)
        .order_by("sort_order", "code")[0]
        .pk,
        "idempotency_key": str(uuid.uuid4()),
    }
    first, second = client.post(url, data), client.post(url, data)
    assert first.status_code == second.status_code == 302
    assert Visit.objects.count() == 1 and Case.objects.count() == 1
    assert Visit.objects.get().case == Case.objects.get()


def test_editing_a_visit_carries_no_key(client, world, grid_worker):
    client.force_login(grid_worker)
    visit = _record(grid_worker, world, uuid.uuid4())
    page = soup(client.get(reverse("visits:edit", args=[visit.pk])), status=200)
    assert page.select_one("input[name=idempotency_key]") is None
    assert page.select_one("form[data-offline-draft]") is None
