"""A report kept as a draft on a phone without signal may arrive twice: it makes one case."""

from __future__ import annotations

import threading
import uuid
from typing import Any

import pytest
from django.db import connection
from django.urls import reverse

from tests.html import soup
from tongxin.grid.cases import services
from tongxin.grid.cases.models import Case, CaseCategory, CaseTransition
from tongxin.grid.cases.tests.photo_files import jpeg, upload
from tongxin.platform.core.idempotency import save_once


@pytest.fixture
def category(db: None) -> CaseCategory:
    return CaseCategory.objects.create(code="t_drain", name_zh="下水道堵塞")


def _report(actor: Any, category: CaseCategory, world: Any, key: uuid.UUID | None, text: str = "下水道返水") -> Case:
    return services.case_report(
        actor=actor, category=category, description=text, area=world.building1, idempotency_key=key
    )


def test_the_same_key_twice_makes_one_case(world, grid_worker, category):
    key = uuid.uuid4()
    first = _report(grid_worker, category, world, key)
    again = _report(grid_worker, category, world, key, text="网络恢复后又发了一次")
    assert again.pk == first.pk and again.description == "下水道返水"
    assert Case.objects.count() == 1 and CaseTransition.objects.count() == 1
    assert first.idempotency_key == key


def test_two_people_may_use_the_same_key_and_no_key_never_joins(world, grid_worker, secretary, category):
    key = uuid.uuid4()
    mine, theirs = _report(grid_worker, category, world, key), _report(secretary, category, world, key)
    assert mine.pk != theirs.pk
    _report(grid_worker, category, world, None)
    _report(grid_worker, category, world, None)
    assert Case.objects.count() == 4
    assert Case.objects.filter(idempotency_key__isnull=True).count() == 2


def test_a_public_report_keeps_no_key(world, category):
    key = uuid.uuid4()
    first = services.case_report(
        actor=None, category=category, description="x", area=world.building1, source="public", idempotency_key=key
    )
    second = services.case_report(
        actor=None, category=category, description="x", area=world.building1, source="public", idempotency_key=key
    )
    # Without an account there is nobody to whom a key belongs: two reports are two cases.
    assert first.pk != second.pk and first.idempotency_key is None


def test_a_copy_that_raced_past_the_look_up_lands_on_the_first_case(world, grid_worker, category):
    key = uuid.uuid4()
    first = _report(grid_worker, category, world, key)
    # What the second of two simultaneous requests meets: the look-up found nothing, the
    # insert hits the constraint, the savepoint rolls back and the first case answers.
    twin = Case.objects.get(pk=first.pk)
    twin.pk = None
    twin.tracking_code = "RACE0001"
    answered, made = save_once(twin, author_field="reporter")
    assert (answered.pk, made) == (first.pk, False)
    assert Case.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_copies_sent_at_the_same_moment_make_one_case(world, grid_worker, category):
    key = uuid.uuid4()
    barrier = threading.Barrier(2)
    answers: list[int] = []
    errors: list[BaseException] = []

    def send() -> None:
        try:
            barrier.wait()
            answers.append(_report(grid_worker, category, world, key).pk)
        except BaseException as exc:  # noqa: BLE001  (reported by the assertion below)
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=send) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors
    assert Case.objects.count() == 1 and answers == [Case.objects.get().pk] * 2


def test_the_form_carries_the_key_and_a_second_post_lands_on_the_first_case(world, grid_worker, category, client):
    client.force_login(grid_worker)
    page = soup(client.get(reverse("cases:report")), status=200)
    form = page.select_one("form[data-offline-draft]")
    assert form is not None and form.select_one("input[type=hidden][name=idempotency_key]") is not None
    key = str(uuid.uuid4())
    data = {"category": category.pk, "description": "下水道返水", "area": world.building1.pk, "idempotency_key": key}
    first = client.post(reverse("cases:report"), {**data, "photos": upload("leak.jpg", jpeg((320, 240)))})
    second = client.post(reverse("cases:report"), {**data, "photos": upload("leak.jpg", jpeg((320, 240)))})
    case = Case.objects.get()
    assert first["Location"] == second["Location"] == reverse("cases:detail", args=[case.pk])
    assert case.photos.count() == 1  # the second copy's photo is not kept twice


def test_a_garbled_key_only_means_no_protection(world, grid_worker, category, client):
    client.force_login(grid_worker)
    data = {"category": category.pk, "description": "x", "area": world.building1.pk, "idempotency_key": "abc"}
    assert client.post(reverse("cases:report"), data).status_code == 302
    assert client.post(reverse("cases:report"), data).status_code == 302
    assert Case.objects.filter(idempotency_key__isnull=True).count() == 2
