"""The transfer state machine, letter time limits, membership history, floating members: hand-computed dates."""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db.models import F
from django.utils import translation

from tongxin.partylife.transfers.history import branch_on, members_of, members_present_on, months_before
from tongxin.partylife.transfers.models import ContactLog, FloatingOut, MembershipHistory, Transfer, TransferEvent
from tongxin.partylife.transfers.queries import floating_figures, with_flags, with_overdue
from tongxin.partylife.transfers.services import (
    contact_log_add,
    floating_in_create,
    floating_out_create,
    letter_due,
    transfer_create,
    transfer_transition,
)
from tongxin.partylife.transfers.tests.support import (
    admin,
    floating_in,
    floating_out,
    in_transfer,
    internal_transfer,
    out_transfer,
    station,
    walk,
)
from tongxin.platform.core.exceptions import DomainError
from tongxin.registry.party.models import PartyMember

pytestmark = pytest.mark.django_db
D = datetime.date
NOW = datetime.datetime(2026, 8, 1, 9, tzinfo=ZoneInfo("Asia/Shanghai"))


@pytest.fixture(autouse=True)
def _now():
    # The messages are checked in the English the code is written in.
    with time_machine.travel(NOW, tick=False), translation.override("en"):
        yield


def messages(exc: pytest.ExceptionInfo) -> str:
    return " ".join(exc.value.messages)


# --- the state machine ---------------------------------------------------------------------------


def test_the_whole_way_with_dates_and_events(world):
    t = internal_transfer(world, initiated_on=D(2026, 6, 1))
    assert t.state == "initiated" and t.from_org == world.branch1 and t.to_org == world.branch2
    walk(t, "sent", on=D(2026, 6, 2))
    assert (t.state, t.sent_on, t.due_on) == ("sent", D(2026, 6, 2), D(2026, 6, 12))
    walk(t, "received", on=D(2026, 6, 12))  # the last valid day is still in time
    walk(t, "completed", on=D(2026, 6, 15))
    t.refresh_from_db()
    assert (t.state, t.received_on, t.completed_on) == ("completed", D(2026, 6, 12), D(2026, 6, 15))
    steps = list(TransferEvent.objects.filter(transfer=t).values_list("from_state", "to_state", "on"))
    assert steps == [
        ("", "initiated", D(2026, 6, 1)),
        ("initiated", "sent", D(2026, 6, 2)),
        ("sent", "received", D(2026, 6, 12)),
        ("received", "completed", D(2026, 6, 15)),
    ]
    world.member1.refresh_from_db()
    assert world.member1.org == world.branch2


@pytest.mark.parametrize(
    ("path", "to", "needle"),
    [
        ((), "received", "can only go to"),
        ((), "completed", "can only go to"),
        ((), "returned", "Only a letter that was sent"),
        ((), "initiated", "can only go to"),
        (("sent",), "completed", "can only go to"),
        (("sent",), "sent", "can only go to"),
        (("sent", "received"), "sent", "can only go to"),
        (("sent", "received", "completed"), "returned", "completed; nothing follows"),
        (("sent", "received", "completed"), "sent", "completed; nothing follows"),
        (("sent", "returned"), "received", "was returned"),
        (("sent", "returned"), "sent", "was returned"),
        ((), "bogus", "Unknown step"),
    ],
)
def test_every_refused_step(world, path, to, needle):
    t = walk(internal_transfer(world, initiated_on=D(2026, 7, 1)), *path, on=D(2026, 7, 2))
    before = Transfer.objects.get(pk=t.pk).state
    with pytest.raises(DomainError) as exc:
        transfer_transition(actor=admin(), transfer=t, to_state=to, on=D(2026, 7, 3))
    assert needle in messages(exc)
    assert Transfer.objects.get(pk=t.pk).state == before


@pytest.mark.parametrize("path", [("sent",), ("sent", "received")])
def test_return_needs_a_reason_and_keeps_it(world, path):
    t = walk(internal_transfer(world, initiated_on=D(2026, 7, 1)), *path, on=D(2026, 7, 2))
    with pytest.raises(DomainError) as exc:
        transfer_transition(actor=admin(), transfer=t, to_state="returned", on=D(2026, 7, 3), reason="  ")
    assert "reason" in messages(exc)
    transfer_transition(actor=admin(), transfer=t, to_state="returned", on=D(2026, 7, 3), reason="材料不全")
    t.refresh_from_db()
    assert (t.state, t.returned_on, t.return_reason) == ("returned", D(2026, 7, 3), "材料不全")
    # The member never moved, and may be transferred again.
    world.member1.refresh_from_db()
    assert world.member1.org == world.branch1 and not MembershipHistory.objects.exists()
    assert internal_transfer(world).state == "initiated"


def test_dates_of_a_step(world):
    t = internal_transfer(world, initiated_on=D(2026, 7, 10))
    for day, needle in ((D(2026, 7, 9), "before the previous step"), (D(2026, 8, 2), "between 1990 and today")):
        with pytest.raises(DomainError) as exc:
            transfer_transition(actor=admin(), transfer=t, to_state="sent", on=day)
        assert needle in messages(exc)
    with pytest.raises(DomainError) as exc:
        transfer_transition(actor=admin(), transfer=t, to_state="sent", on="2026-07-11")  # type: ignore[arg-type]
    assert "Enter a date" in messages(exc)


def test_sending_needs_a_letter_number(world):
    t = internal_transfer(world, letter_number="", initiated_on=D(2026, 7, 1))
    with pytest.raises(DomainError) as exc:
        walk(t, "sent", on=D(2026, 7, 20))
    assert "letter number" in messages(exc)
    walk(t, "sent", on=D(2026, 7, 20), letter_number="甲字第12号")
    assert Transfer.objects.get(pk=t.pk).letter_number == "甲字第12号"


def test_two_people_acting_at_once(world):
    t = internal_transfer(world, initiated_on=D(2026, 7, 1))
    stale = Transfer.objects.get(pk=t.pk)
    walk(t, "sent", on=D(2026, 7, 20))
    with pytest.raises(DomainError) as exc:
        transfer_transition(actor=admin(), transfer=stale, to_state="sent", on=D(2026, 7, 21))
    assert exc.value.code == "conflict"


def test_who_acts(world, org_secretary):
    """Branch 1's secretary issues the letter of a member leaving branch 1, not receiving into branch 2."""
    t = internal_transfer(world, initiated_on=D(2026, 7, 1))
    transfer_transition(actor=org_secretary, transfer=t, to_state="sent", on=D(2026, 7, 20))
    with pytest.raises(DomainError) as exc:
        transfer_transition(actor=org_secretary, transfer=t, to_state="received", on=D(2026, 7, 21))
    assert exc.value.code == "forbidden"
    # Starting a transfer in to branch 2 is not theirs either.
    with pytest.raises(DomainError) as exc:
        transfer_create(
            actor=org_secretary,
            direction="in",
            name="外人",
            from_name="外地党委",
            to_org=world.branch2,
            letter_scope="city",
        )
    assert exc.value.code == "forbidden"


# --- time limits ---------------------------------------------------------------------------------


def test_letter_validity_by_hand():
    assert letter_due(D(2026, 1, 25), "city") == D(2026, 2, 4)
    assert letter_due(D(2026, 1, 25), "elsewhere") == D(2026, 2, 24)
    assert letter_due(D(2026, 12, 25), "city") == D(2027, 1, 4)
    assert letter_due(D(2028, 2, 20), "city") == D(2028, 3, 1)  # 2028 is a leap year
    assert months_before(D(2026, 8, 31), 6) == D(2026, 2, 28)
    assert months_before(D(2026, 8, 1), 6) == D(2026, 2, 1)


def test_overdue_letters(world):
    city = walk(out_transfer(world, letter_scope="city", initiated_on=D(2026, 7, 1)), "sent", on=D(2026, 7, 10))
    elsewhere = walk(
        internal_transfer(
            world, member=world.member2, to_org=world.branch1, letter_scope="elsewhere", initiated_on=D(2026, 7, 1)
        ),
        "sent",
        on=D(2026, 7, 10),
    )
    assert (city.due_on, elsewhere.due_on) == (D(2026, 7, 20), D(2026, 8, 9))

    def overdue(today):
        rows = with_overdue(Transfer.objects.all(), today).values_list("pk", "overdue")
        return {pk for pk, late in rows if late}

    assert overdue(D(2026, 7, 20)) == set()
    assert overdue(D(2026, 7, 21)) == {city.pk}
    assert overdue(D(2026, 8, 10)) == {city.pk, elsewhere.pk}
    # Received late is refused: the letter must be returned and a new one issued.
    with pytest.raises(DomainError) as exc:
        walk(city, "received", on=D(2026, 7, 21))
    assert "valid until 2026-07-20" in messages(exc)
    walk(city, "returned", on=D(2026, 7, 21))
    walk(elsewhere, "received", on=D(2026, 7, 30))
    assert overdue(D(2026, 8, 10)) == set()


# --- membership history --------------------------------------------------------------------------


def test_moved_mid_year_is_counted_in_the_right_branch(world):
    """Moved from branch 1 to branch 2 on 2026-06-15: May in branch 1, June and July in branch 2."""
    walk(internal_transfer(world, initiated_on=D(2026, 6, 1)), "sent", "received", on=D(2026, 6, 10))
    walk(Transfer.objects.get(member=world.member1), "completed", on=D(2026, 6, 15))
    m = world.member1
    assert branch_on(m, D(2026, 5, 31)) == world.branch1
    assert branch_on(m, D(2026, 6, 14)) == world.branch1
    assert branch_on(m, D(2026, 6, 15)) == world.branch2
    assert branch_on(m, D(2020, 1, 1)) == world.branch1  # the opening row has no start
    names = lambda org, month: sorted(members_of(org, month, subtree=False).values_list("name", flat=True))  # noqa: E731
    assert names(world.branch1, D(2026, 5, 1)) == ["赵党员"]
    assert names(world.branch2, D(2026, 5, 1)) == ["钱党员"]
    # June counts where the relationship is on its last day: the new branch.
    assert names(world.branch1, D(2026, 6, 1)) == []
    assert names(world.branch2, D(2026, 6, 30)) == ["赵党员", "钱党员"]
    assert names(world.branch1, D(2026, 7, 1)) == []
    assert names(world.branch2, D(2026, 7, 1)) == ["赵党员", "钱党员"]
    # The committee above both counts them every month.
    assert members_of(world.committee, D(2026, 5, 1)).count() == members_of(world.committee, D(2026, 7, 1)).count()
    rows = list(
        MembershipHistory.objects.filter(member=m)
        .order_by(F("started_on").asc(nulls_first=True))
        .values_list("org_id", "started_on", "ended_on", "reason")
    )
    assert rows == [
        (world.branch1.pk, None, D(2026, 6, 15), "before"),
        (world.branch2.pk, D(2026, 6, 15), None, "transfer"),
    ]


def test_moved_twice(world):
    walk(internal_transfer(world, initiated_on=D(2026, 3, 1)), "sent", "received", "completed", on=D(2026, 3, 10))
    walk(
        internal_transfer(world, to_org=world.unit_branch, initiated_on=D(2026, 5, 1)),
        "sent",
        "received",
        "completed",
        on=D(2026, 5, 20),
    )
    m = world.member1
    assert [branch_on(m, d) for d in (D(2026, 3, 9), D(2026, 3, 10), D(2026, 5, 19), D(2026, 5, 20))] == [
        world.branch1,
        world.branch2,
        world.branch2,
        world.unit_branch,
    ]
    # A completion dated before the member's current membership began would break the history.
    t = walk(
        internal_transfer(world, to_org=world.branch1, initiated_on=D(2026, 5, 1)), "sent", "received", on=D(2026, 5, 2)
    )
    with pytest.raises(DomainError) as exc:
        walk(t, "completed", on=D(2026, 5, 10))
    assert "2026-05-20" in messages(exc)
    assert Transfer.objects.get(pk=t.pk).state == "received"


def test_transferred_out_leaves_the_count(world):
    t = walk(out_transfer(world, initiated_on=D(2026, 6, 1)), "sent", "received", "completed", on=D(2026, 6, 15))
    m = world.member1
    assert branch_on(m, D(2026, 6, 14)) == world.branch1
    assert branch_on(m, D(2026, 6, 15)) is None
    assert list(members_of(world.branch1, D(2026, 5, 1)).values_list("name", flat=True)) == ["赵党员"]
    assert not members_of(world.branch1, D(2026, 6, 1)).exists()
    assert not members_present_on(D(2026, 7, 1)).filter(pk=m.pk).exists()
    assert MembershipHistory.objects.get(member=m).left_system
    # Gone: no second transfer out, no floating registration from here.
    with pytest.raises(DomainError) as exc:
        out_transfer(world)
    assert "already transferred out" in messages(exc)
    assert t.to_name == "外省某街道党工委" and t.to_org is None


def test_transfer_in_from_outside_creates_the_member(world):
    t = walk(in_transfer(world, initiated_on=D(2026, 6, 1), phone="13611112222"), "sent", "received", on=D(2026, 6, 5))
    assert t.member is None and not PartyMember.objects.filter(name="孙转入").exists()
    walk(t, "completed", on=D(2026, 6, 15))
    m = PartyMember.objects.get(name="孙转入")
    assert m.org == world.branch2 and t.member == m
    assert m.id_number_hash and m.protected_phone()
    assert branch_on(m, D(2026, 6, 14)) is None
    assert branch_on(m, D(2026, 6, 15)) == world.branch2
    assert MembershipHistory.objects.get(member=m).reason == "placement"
    # Transferred in again with the same ID while present: refused.
    with pytest.raises(DomainError) as exc:
        in_transfer(world)
    assert "already on the register" in messages(exc)


def test_a_member_who_left_comes_back(world):
    walk(out_transfer(world, initiated_on=D(2026, 2, 1)), "sent", "received", "completed", on=D(2026, 2, 10))
    from tongxin.platform.core.personal import normalize_id_number, protect_id_number

    world.member1.set_id_number(protect_id_number(normalize_id_number("110101197001010016")))
    world.member1.save()
    t = in_transfer(world, initiated_on=D(2026, 5, 1))
    assert t.member == world.member1
    walk(t, "sent", "received", "completed", on=D(2026, 5, 10))
    m = world.member1
    assert [branch_on(m, d) for d in (D(2026, 2, 9), D(2026, 3, 1), D(2026, 5, 10))] == [
        world.branch1,
        None,
        world.branch2,
    ]
    assert PartyMember.objects.filter(name="赵党员").count() == 1
    # Back on the register: every roster counts them again.
    assert PartyMember.objects.get(pk=m.pk).left_on is None


def test_retired_member_taken_in_must_be_placed(world):
    with pytest.raises(DomainError) as exc:
        in_transfer(world, member_kind="retired", place_in=None)
    assert "retired member is placed" in messages(exc)
    with pytest.raises(DomainError) as exc:
        in_transfer(world, member_kind="retired", to_org=world.branch1, place_in=world.branch2)
    assert "under the receiving organization" in messages(exc)
    t = in_transfer(world, member_kind="retired", place_in=world.branch1, initiated_on=D(2026, 7, 1))
    walk(t, "sent", "received", "completed", on=D(2026, 7, 20))
    m = PartyMember.objects.get(name="孙转入")
    assert (m.kind, m.org) == ("retired", world.branch1)


@pytest.mark.parametrize(
    ("extra", "field", "message"),
    [
        ({"to_name": "  "}, "to_name", "Name the organization the member transfers to"),
        ({"letter_scope": "moon"}, "letter_scope", "Choose whether the letter stays within the city"),
        ({"initiated_on": D(2026, 8, 2)}, "initiated_on", "The date must be between 1990 and today"),
        ({"initiated_on": D(1960, 1, 1)}, "initiated_on", "The date must be between 1990 and today"),
        ({"member_status": "king"}, "member_status", "Choose full or probationary member"),
    ],
)
def test_bad_transfer_out(world, extra, field, message):
    with pytest.raises(DomainError) as exc:
        out_transfer(world, **extra)
    assert field in exc.value.message_dict
    assert message in " ".join(exc.value.message_dict[field])


def test_bad_transfers_between_and_in(world):
    with pytest.raises(DomainError) as exc:
        internal_transfer(world, to_org=world.branch1)
    assert "already in this organization" in messages(exc)
    with pytest.raises(DomainError) as exc:
        internal_transfer(world, to_org=station(world))
    assert "committee, branch or group" in messages(exc)
    with pytest.raises(DomainError) as exc:
        in_transfer(world, name="", from_name="", id_number="123")
    assert {"name", "from_name", "id_number"} <= set(exc.value.message_dict)
    with pytest.raises(DomainError, match="Choose whether the member transfers in, out, or between"):
        transfer_create(actor=admin(), direction="sideways")
    internal_transfer(world)
    with pytest.raises(DomainError) as exc:
        out_transfer(world)
    assert "already has a transfer under way" in messages(exc)


def test_control_characters_and_lengths_are_cleaned(world):
    t = out_transfer(world, to_name="某\x00地\x1b党委" + "长" * 300, note="a\x07b")
    assert t.to_name.startswith("某地党委") and len(t.to_name) == 100 and t.note == "ab"


# --- floating members ----------------------------------------------------------------------------


def test_floating_out_and_its_contact_log(world):
    f = floating_out(world, left_on=D(2026, 1, 10))
    assert f.phone_masked and "13812340000" not in f.phone_masked
    contact_log_add(actor=admin(), floating=f, on=D(2026, 1, 20), how="phone", note="电话联系，工作稳定")
    contact_log_add(actor=admin(), floating=f, on=D(2026, 3, 5), how="report")
    assert list(ContactLog.objects.filter(floating=f).values_list("on", "how")) == [
        (D(2026, 3, 5), "report"),
        (D(2026, 1, 20), "phone"),
    ]
    for on, how, needle in (
        (D(2026, 1, 9), "phone", "not away yet"),
        (D(2026, 8, 2), "phone", "between 1990 and today"),
        (D(2026, 3, 6), "pigeon", "how the member was contacted"),
    ):
        with pytest.raises(DomainError) as exc:
            contact_log_add(actor=admin(), floating=f, on=on, how=how)
        assert needle in messages(exc)
    # Already away: a second registration waits for the return.
    with pytest.raises(DomainError) as exc:
        floating_out(world)
    assert "already away" in messages(exc)


def test_floating_flags_by_hand(world):
    """Today 2026-08-01: silent when the last contact (or leaving) is before 2026-02-01."""
    quiet = floating_out(world, left_on=D(2026, 1, 31))
    touched = floating_out(world, member=world.member2, left_on=D(2025, 6, 1), fixed_place=True)
    contact_log_add(actor=admin(), floating=touched, on=D(2026, 2, 1), how="visit")
    flags = {
        f.pk: (f.away, f.silent, f.needs_transfer, f.last_contact)
        for f in with_flags(FloatingOut.objects.all(), D(2026, 8, 1))
    }
    assert flags[quiet.pk] == (True, True, False, None)
    assert flags[touched.pk] == (True, False, True, D(2026, 2, 1))
    assert floating_figures(admin(), today=D(2026, 8, 1)) == {"away": 2, "silent": 1, "needs_transfer": 1}
    # One day earlier nobody is silent yet.
    earlier = with_flags(FloatingOut.objects.filter(pk=quiet.pk), D(2026, 7, 30)).get()
    assert not earlier.silent
    # Back home: no flags.
    FloatingOut.objects.filter(pk=quiet.pk).update(back_on=D(2026, 7, 1))
    assert not with_flags(FloatingOut.objects.filter(pk=quiet.pk), D(2026, 8, 1)).get().away


def test_bad_floating_registrations(world):
    with pytest.raises(DomainError) as exc:
        floating_out_create(
            actor=admin(),
            member=world.member1,
            certificate_number=" ",
            destination="",
            left_on=D(2026, 5, 1),
            back_on=D(2026, 4, 1),
            station=world.branch2,
            phone="12",
        )
    assert {"certificate_number", "destination", "back_on", "station", "phone"} <= set(exc.value.message_dict)
    with pytest.raises(DomainError) as exc:
        floating_in_create(
            actor=admin(), station=world.branch1, name="", home_org="", certificate_number="", arrived_on=D(2026, 5, 1)
        )
    assert {"station", "name", "home_org", "certificate_number"} <= set(exc.value.message_dict)


def test_floating_in_at_a_station(world, org_secretary):
    f = floating_in(world)
    assert f.station.kind == "liaison_station" and f.phone_masked != "13912340000"
    # The station hangs under the community committee: branch 1's secretary cannot register there.
    with pytest.raises(DomainError) as exc:
        floating_in_create(
            actor=org_secretary,
            station=station(world),
            name="某人",
            home_org="某地",
            certificate_number="X1",
            arrived_on=D(2026, 5, 1),
        )
    assert exc.value.code == "forbidden"


def test_a_member_transferred_out_leaves_every_roster_but_keeps_the_record(world):
    from tongxin.partylife.meetings.compliance import owing_orgs
    from tongxin.partylife.meetings.queries import roster
    from tongxin.partylife.meetings.requirements import active_requirements
    from tongxin.registry.party.queries import member_list, org_subtree_counts

    def counted() -> tuple[int, int, int]:
        (branch,) = [o for o in owing_orgs(world.branch1, active_requirements()) if o.pk == world.branch1.pk]
        counts = org_subtree_counts([world.branch1])[world.branch1.pk]
        return roster(world.branch1).count(), counts["members"], branch.n_members

    before = counted()
    walk(out_transfer(world, initiated_on=D(2026, 6, 1)), "sent", "received", "completed", on=D(2026, 6, 15))
    m = PartyMember.objects.get(pk=world.member1.pk)
    assert m.left_on == D(2026, 6, 15)
    assert counted() == tuple(n - 1 for n in before)
    assert not member_list(admin(), node=world.branch1).filter(pk=m.pk).exists()
    # The record itself stays (dues, attendance, the transfer's page point at it).
    assert PartyMember.objects.filter(pk=m.pk).exists()
