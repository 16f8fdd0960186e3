"""Checks of the seeded demo's owners' committees (collected by tongxin/interfaces/demo/tests/test_seed_demo.py)."""

from __future__ import annotations

from tongxin.estates.owners.models import Committee, CrossAppointment
from tongxin.registry.areas.models import Estate


def test_the_three_in_one_estate_has_its_committee_with_a_term_ending_soon() -> None:
    estate = Estate.objects.get(pk=Committee.objects.values("estate_id").order_by("id")[:1])
    assert not estate.has_property_company and "三位一体" in estate.note
    committee = Committee.objects.get(estate=estate)
    members = list(committee.members.all())
    assert 5 <= len(members) <= 7
    assert sorted(m.post for m in members)[:2] == ["chair", "member"]
    assert all(m.phone_masked and "*" in m.phone_masked for m in members)
    assert (committee.term_ends - committee.term_starts).days > 1000
    assert committee.elected_on <= committee.term_starts


def test_a_red_property_estate_has_two_cross_appointments() -> None:
    rows = list(CrossAppointment.objects.select_related("estate"))
    assert len(rows) == 2
    assert len({r.estate_id for r in rows}) == 1 and rows[0].estate.has_property_company
    assert all(r.company_post and r.party_post for r in rows)
