"""Checks of the seeded demo's errands (collected by tongxin/interfaces/demo/tests/test_seed_demo.py)."""

from __future__ import annotations

import datetime

from django.db.models import Count

from tongxin.frontdesk.errands.models import Errand
from tongxin.frontdesk.errands.queries import period_counts
from tongxin.platform.access.models import RoleAssignment

TODAY = datetime.date(2026, 11, 23)


def test_a_year_of_errands_a_few_hundred_in_the_large_community() -> None:
    per = dict(Errand.objects.values_list("community").annotate(n=Count("pk")).values_list("community", "n"))
    assert sorted(per.values()) == [40, 300]
    secretary = RoleAssignment.objects.get(user__username="secretary", role="community").node_id
    assert per[secretary] == 40
    assert Errand.objects.filter(received_on__lt=TODAY - datetime.timedelta(days=300)).exists()
    assert not Errand.objects.filter(received_on__gt=TODAY).exists()


def test_most_handed_back_most_on_time_a_few_overdue() -> None:
    counts = period_counts(Errand.objects.all(), TODAY - datetime.timedelta(days=364), TODAY, TODAY)
    assert counts["received"] == 340
    assert counts["handed_back"] > 0.7 * counts["received"]
    assert 0.75 * counts["handed_back"] < counts["on_time"] < counts["handed_back"]
    assert 1 <= counts["overdue"] <= 30
    assert Errand.objects.filter(status="cancelled").exclude(cancel_reason="").exists()


def test_residents_and_visitors_each_with_their_steps() -> None:
    assert (
        Errand.objects.filter(resident__isnull=False).count() > Errand.objects.filter(resident__isnull=True).count() > 0
    )
    visitor = Errand.objects.filter(resident__isnull=True).first()
    assert visitor is not None and visitor.phone_masked.count("*") == 4 and visitor.phone_enc
    done = Errand.objects.filter(status="handed_back").first()
    assert done is not None
    assert list(done.steps.values_list("status", flat=True)) == ["received", "submitted", "ready", "handed_back"]
