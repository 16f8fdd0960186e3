from __future__ import annotations

import datetime

import pytest
import time_machine
from django.urls import reverse

from tongxin.platform.core.models import AuditEvent
from tongxin.volunteering.service.certificate import certificate_context
from tongxin.volunteering.service.tests.support import join, served, team, volunteer

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(datetime.datetime(2026, 6, 15, 10, tzinfo=datetime.UTC), tick=False):
        yield


@pytest.fixture
def record(world, outsider):
    v = volunteer(world.community, "吴志愿", user=outsider)
    t = team(world.community, "维修队")
    join(t, v)
    served(v, datetime.date(2026, 3, 1), "2", t=t, people=3)
    served(v, datetime.date(2026, 4, 1), "1.5")
    served(v, datetime.date(2026, 4, 2), "9", confirmed=False)
    served(v, datetime.date(2025, 4, 2), "9")
    return v


def test_certificate_states_the_years_confirmed_service(record, world):
    context = certificate_context(record, 2026)
    assert (context["hours"], context["services"], context["people"]) == (3.5, 2, 3)
    assert context["teams"] == ["维修队"] and context["community"] == world.community


def test_the_volunteer_gets_their_certificate_as_pdf(client, record, outsider):
    client.force_login(outsider)
    response = client.get(reverse("service:certificate", args=[record.pk, 2026]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF") and response.content.rstrip().endswith(b"%%EOF")
    assert len(response.content) > 10_000  # the CJK font is embedded
    assert AuditEvent.objects.filter(action="export", object_id=str(record.pk)).exists()


@pytest.mark.parametrize(
    "persona,status",
    [("secretary", 200), ("street_officer", 200), ("grid_worker", 404), ("party_member", 404)],
)
def test_who_gets_a_certificate(client, record, persona, status, request):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(reverse("service:certificate", args=[record.pk, 2026])).status_code == status


def test_other_community_and_bad_years(client, world, secretary):
    client.force_login(secretary)
    theirs = volunteer(world.other_community, "王")
    assert client.get(reverse("service:certificate", args=[theirs.pk, 2026])).status_code == 404
    mine = volunteer(world.community, "孙")
    assert client.get(reverse("service:certificate", args=[mine.pk, 2027])).status_code == 404
    assert client.get(reverse("service:certificate", args=[mine.pk, 1999])).status_code == 404
    assert client.get(f"/service/volunteers/{mine.pk}/certificate/20x6.pdf").status_code == 404


def test_making_a_certificate_leaves_photo_checks_strict(record):
    """WeasyPrint's import turns on Pillow's LOAD_TRUNCATED_IMAGES; the certificate puts it back."""
    from PIL import ImageFile

    from tongxin.volunteering.service.certificate import certificate_pdf

    assert certificate_pdf(record, 2025).startswith(b"%PDF")
    assert ImageFile.LOAD_TRUNCATED_IMAGES is False
