"""Checks of the demo's needs and projects (run on the one tiny demo the demo tests seed)."""

from __future__ import annotations

from django.db.models import Count

from tongxin.cobuilding.projects.models import Evidence, Need, Project, Rating
from tongxin.platform.access.models import User
from tongxin.registry.cobuild.queries import units_answered_by


def test_large_community_has_needs_from_every_source_and_projects_in_every_state():
    unit = units_answered_by(User.objects.get(username="unit")).first()
    needs = Need.objects.filter(community=unit.area)
    assert needs.count() >= 30
    assert set(needs.values_list("source", flat=True)) == set(Need.Source.values)
    by_state = Project.objects.filter(community=unit.area).values_list("state").annotate(n=Count("id"))
    states: dict[str, int] = dict(by_state)
    assert set(states) == set(Project.State.values) and sum(states.values()) == 20


def test_completed_projects_have_evidence_and_ratings():
    completed = Project.objects.filter(state=Project.State.COMPLETED)
    assert completed.exists()
    for p in completed:
        assert Evidence.objects.filter(project=p, kind="photo").exists()
        assert Rating.objects.filter(project=p).exists()


def test_contact_unit_has_projects_in_several_states_and_needs_to_claim():
    contact = User.objects.get(username="unit")
    unit = units_answered_by(contact).first()
    states = set(Project.objects.filter(unit=unit).values_list("state", flat=True))
    assert {"claimed", "in_progress", "completed"} <= states
    assert Need.objects.filter(community=unit.area, status="open", open_to_claim=True).count() >= 5


def test_in_progress_projects_have_half_their_milestones_done():
    for p in Project.objects.filter(state=Project.State.IN_PROGRESS).annotate(n=Count("milestones")):
        done = p.milestones.filter(done_on__isnull=False).count()
        assert p.n and done * 2 == p.n
