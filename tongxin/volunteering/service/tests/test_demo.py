"""The demo's teams, volunteers, catalogue and hours on the tiny world: plausible, bounded, idempotent."""

from __future__ import annotations

import datetime

import pytest

from tongxin.volunteering.service.demo import seed_service
from tongxin.volunteering.service.models import ServiceHours, ServiceOffering, TeamMembership, Volunteer, VolunteerTeam

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 5, 15)


def test_seed_service(world):
    counts = seed_service([world.district.path], today=TODAY, seed=3)
    assert (
        counts["teams"] == VolunteerTeam.objects.count() == 2 * (7 + 1)
    )  # each community has a resident unit: its team too
    assert counts["volunteers"] == Volunteer.objects.count() == 2 * 30
    assert counts["hours"] == ServiceHours.objects.count() > 200
    assert counts["offerings"] == ServiceOffering.objects.count()
    # Teams of each community, one per seed speciality, with a leader among the members.
    for community in (world.community, world.other_community):
        teams = VolunteerTeam.objects.filter(area=community)
        assert {"medical", "repairs", "legal", "patrol", "culture", "environment", "elderly"} <= set(
            teams.values_list("speciality", flat=True)
        )
        for team in teams:
            assert TeamMembership.objects.filter(team=team, volunteer=team.leader).exists()
            assert 2 <= team.offerings.count() <= 4
    assert VolunteerTeam.objects.filter(unit=world.unit, area=world.community).count() == 1
    # Residents and the party members of the community are among the volunteers; phones masked.
    assert (
        Volunteer.objects.filter(area=world.community, resident=world.zhangsan).exists()
        or Volunteer.objects.filter(area=world.community, resident=world.lisi).exists()
    )
    assert Volunteer.objects.filter(member__isnull=False).exists()
    assert all("*" in m for m in Volunteer.objects.exclude(phone_masked="").values_list("phone_masked", flat=True))
    # Every volunteer serves in one to three teams, the service lies within the year before today.
    per_volunteer = TeamMembership.objects.values("volunteer").distinct().count()
    assert per_volunteer == Volunteer.objects.count()
    first, last = (
        ServiceHours.objects.order_by("served_on").first().served_on,
        ServiceHours.objects.latest("served_on").served_on,
    )
    assert TODAY - datetime.timedelta(days=366) <= first and last < TODAY
    assert ServiceHours.objects.filter(confirmed_at__isnull=True).exists()
    assert not ServiceHours.objects.filter(
        confirmed_at__isnull=True, served_on__lt=TODAY - datetime.timedelta(days=15)
    ).exists()
    assert ServiceOffering.objects.filter(case_category__code="elderly_repair").exists()
    # A second call adds nothing.
    assert seed_service([world.district.path], today=TODAY, seed=3) == {}
    assert Volunteer.objects.count() == 60
