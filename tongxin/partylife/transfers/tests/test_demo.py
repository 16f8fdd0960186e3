"""The demo's transfers and floating members on the tiny world: every state, consistent history, idempotent."""

from __future__ import annotations

import datetime

import pytest

from tongxin.partylife.meetings.tests.support import member
from tongxin.partylife.transfers.demo import seed_transfers
from tongxin.partylife.transfers.history import branch_on
from tongxin.partylife.transfers.models import (
    ContactLog,
    FloatingIn,
    FloatingOut,
    MembershipHistory,
    Transfer,
    TransferEvent,
)
from tongxin.partylife.transfers.queries import with_flags, with_overdue
from tongxin.partylife.transfers.tests.support import station
from tongxin.registry.party.models import PartyMember

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 5, 15)


def test_seed_transfers(world):
    for i in range(8):
        member(world.branch1, f"甲演示{i}")
        member(world.branch2, f"乙演示{i}")
    st = station(world)
    for i in range(6):
        away = member(world.branch1 if i % 2 else world.branch2, f"外出{i}", kind="floating_out")
        away.floating_certificate, away.floating_place = f"流证{i:04d}", "广东省深圳市"
        away.save()
        arrived = member(st, f"流入{i}", kind="floating_in")
        arrived.floating_place = "浙江省杭州市"
        arrived.save()
    written = seed_transfers([world.committee.path], today=TODAY, seed=3)
    assert written["transfers"] == Transfer.objects.count() == 16
    transfers = list(with_overdue(Transfer.objects.select_related("member", "from_org", "to_org", "place_in"), TODAY))
    assert {t.state for t in transfers} == {"initiated", "sent", "received", "completed", "returned"}
    assert {t.direction for t in transfers} == {"in", "out", "internal"}
    assert any(t.overdue for t in transfers) and any(t.state == "sent" and not t.overdue for t in transfers)
    retirees = [t for t in transfers if t.member_kind == "retired"]
    assert retirees and all(t.direction == "in" and t.place_in_id for t in retirees)
    for t in transfers:
        days = [d for d in (t.initiated_on, t.sent_on, t.received_on, t.completed_on or t.returned_on) if d]
        assert days == sorted(days) and days[-1] <= TODAY, t.pk
        if t.sent_on:
            assert t.due_on == t.sent_on + datetime.timedelta(days=10 if t.letter_scope == "city" else 30)
        if t.received_on:
            assert t.received_on <= t.due_on
        assert (t.direction == "out") == bool(t.to_name) and (t.direction == "in") == bool(t.from_name)
        events = list(TransferEvent.objects.filter(transfer=t).order_by("on", "id").values_list("to_state", flat=True))
        assert events[0] == "initiated" and events[-1] == t.state
        if t.state == "completed":
            before = t.completed_on - datetime.timedelta(days=1)
            if t.direction == "out":
                assert branch_on(t.member, before) == t.from_org and branch_on(t.member, t.completed_on) is None
                assert PartyMember.objects.get(pk=t.member_id).left_on == t.completed_on
            elif t.direction == "internal":
                assert branch_on(t.member, before) == t.from_org
                assert branch_on(t.member, t.completed_on) == t.to_org == PartyMember.objects.get(pk=t.member_id).org
            else:
                assert branch_on(t.member, before) is None
                assert t.member.org == (t.place_in or t.to_org) and t.member.kind == t.member_kind
        elif t.direction == "in":
            assert t.member is None
        elif t.member_id:
            assert PartyMember.objects.get(pk=t.member_id).left_on is None
    # Floating members: every one away has a record with the station and a contact log.
    away = list(with_flags(FloatingOut.objects.all(), TODAY))
    assert len(away) == written["floating_out"] == 6
    assert all(f.station_id == st.pk and f.certificate_number.startswith("流证") for f in away)
    contacts = list(ContactLog.objects.select_related("floating"))
    assert len(contacts) == written["contacts"] > 0
    assert all(c.floating.left_on <= c.on <= TODAY for c in contacts)
    assert written["floating_in"] == FloatingIn.objects.filter(station=st).count() == 6
    # A second call adds nothing.
    counts = (Transfer.objects.count(), MembershipHistory.objects.count(), PartyMember.objects.count())
    again = seed_transfers([world.committee.path], today=TODAY, seed=3)
    assert again == {"transfers": 0, "floating_out": 0, "floating_in": 0, "contacts": 0}
    assert counts == (Transfer.objects.count(), MembershipHistory.objects.count(), PartyMember.objects.count())


def test_seed_transfers_on_an_empty_tree(world):
    assert seed_transfers(["zzzz"], today=TODAY, seed=1) == {
        "transfers": 0,
        "floating_out": 0,
        "floating_in": 0,
        "contacts": 0,
    }
