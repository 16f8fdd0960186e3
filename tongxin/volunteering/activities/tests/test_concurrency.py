"""The last seat under concurrent sign-up, on the real database (SQLite or PostgreSQL)."""

from __future__ import annotations

import threading

import pytest
from django.db import connection

from tongxin.volunteering.activities import services
from tongxin.volunteering.activities.models import Occurrence, SignUp
from tongxin.volunteering.activities.tests.support import at, friday_activity, staff, team, volunteer

THREADS = 8


@pytest.mark.django_db(transaction=True)
def test_last_seat_goes_to_exactly_one(world):
    a = friday_activity(world.community, [team(world.community)], capacity=3)
    occ = Occurrence.objects.get(activity=a, date="2026-09-18")
    now = at("2026-09-17 10:00")
    admin = staff()
    for name in ("早一", "早二"):
        services.signup_create(actor=admin, occurrence=occ, volunteer=volunteer(world.community, name), now=now)
    people = [volunteer(world.community, f"志愿者{i}") for i in range(THREADS)]
    barrier = threading.Barrier(THREADS)
    errors: list[BaseException] = []

    def sign(v):
        try:
            barrier.wait(timeout=30)
            services.signup_create(actor=admin, occurrence=occ, volunteer=v, now=now)
        except BaseException as exc:  # noqa: BLE001  (reported below)
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=sign, args=(v,)) for v in people]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert not errors, errors
    states = list(SignUp.objects.filter(volunteer__in=people).values_list("state", flat=True))
    assert sorted(states) == ["seated"] + ["waiting"] * (THREADS - 1)
    occ.refresh_from_db()
    assert occ.taken == 3 == SignUp.objects.filter(occurrence=occ, state="seated").count()
