"""The demo data: deterministic, valid personal numbers, every structure of DOMAIN.md, scoped."""

from __future__ import annotations

import datetime
import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from io import StringIO
from typing import Any
from unittest.mock import patch

import pytest
from django.core.management import call_command
from django.db import models, transaction
from django.test import override_settings
from stdnum.cn import ric

from tongxin.fieldwork.visits.models import Visit
from tongxin.fieldwork.visits.queries import cadence, shortest_intervals
from tongxin.grid.cases.models import Case, CaseEvent, CaseHandover, CaseTransition
from tongxin.interfaces.demo.seed import runner
from tongxin.interfaces.demo.seed.accounts import ACCOUNTS
from tongxin.interfaces.demo.seed.config import PASSWORD
from tongxin.interfaces.demo.tests.support import seed_tiny
from tongxin.platform.access.models import RoleAssignment, User
from tongxin.platform.access.roles import Role
from tongxin.platform.access.scope import visible_to
from tongxin.platform.core.models import PATH_STEP, path_segment
from tongxin.platform.core.people import person_search_q
from tongxin.platform.core.personal import id_gender, normalize_phone
from tongxin.registry.areas.models import CHILD_LEVELS, Area, Household, Level
from tongxin.registry.cobuild.models import ResidentUnit, UnitContact
from tongxin.registry.party.models import CHILD_KINDS, BranchType, MemberKind, Organization, OrgKind, PartyMember
from tongxin.registry.people.models import CareCategory, Resident


def digest() -> str:
    """Everything that must not change between two runs with the same seed."""
    parts: list[Any] = [
        list(Area.objects.order_by("path").values_list("path", "name", "level", "code")),
        list(Organization.objects.order_by("path").values_list("path", "name", "kind", "branch_type")),
        list(
            Resident.objects.order_by("id").values_list(
                "household__number", "name", "gender", "birth_date", "id_number_hash", "phone_hash"
            )
        ),
        list(PartyMember.objects.order_by("id").values_list("org__path", "name", "kind", "id_number_hash")),
        list(ResidentUnit.objects.order_by("id").values_list("name", "credit_code", "member_count")),
        list(
            Case.objects.order_by("id").values_list(
                "tracking_code", "category__code", "area__path", "state", "level", "reported_at", "closed_at", "rating"
            )
        ),
        list(CaseTransition.objects.order_by("id").values_list("case__tracking_code", "to_state", "at", "actor_name")),
        # A handover's events are keyed by the handover's id, which PostgreSQL's sequence does not
        # give back on a rollback: the handover itself stands for it (the demo hands one case to a council).
        [
            (code, kind, "handover" if kind.startswith("hand") else key, at)
            for code, kind, key, at in CaseEvent.objects.order_by("id").values_list(
                "case__tracking_code", "kind", "key", "at"
            )
        ],
        list(CaseHandover.objects.order_by("id").values_list("case__tracking_code", "kind", "target_name", "status")),
    ]
    return hashlib.sha256(repr(parts).encode()).hexdigest()


@pytest.mark.django_db
def test_demo_accounts_without_data_says_so() -> None:
    out = StringIO()
    call_command("demo_accounts", stdout=out)
    assert "not loaded" in out.getvalue()


@dataclass
class Seeded:
    output: str  # what seed_demo printed
    first: str  # digest() of a first seed, rolled back
    emptied: bool  # nothing left of it after the rollback
    second: str  # digest() of the seed the tests below read
    analyzed: list[tuple[int, int, int]]  # households, cases, visits written when the seed ran ANALYZE


def _counting_analyze(calls: list[tuple[int, int, int]]) -> Any:
    real = runner.analyze

    def analyze() -> dict[str, int]:
        calls.append((Household.objects.count(), Case.objects.count(), Visit.objects.count()))
        return real()

    return patch.object(runner, "analyze", analyze)


@pytest.fixture(scope="module")
def seeded(django_db_setup: Any, django_db_blocker: Any) -> Iterator[Seeded]:
    """Two tiny seeds, one rolled back, for test_same_seed_gives_the_same_data; the second for
    every check below and every capability's demo checks, rolled back when the module is done
    (seeding is 10–20 s)."""
    # Class fixtures run before the function-scoped fast-hashing one in conftest.
    fast = override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"])
    with django_db_blocker.unblock(), fast, transaction.atomic():
        with transaction.atomic():
            seed_tiny()
            first = digest()
            transaction.set_rollback(True)
        emptied = not Area.objects.exists()
        analyzed: list[tuple[int, int, int]] = []
        with _counting_analyze(analyzed):
            output = seed_tiny()
        yield Seeded(output, first, emptied, digest(), analyzed)
        transaction.set_rollback(True)


_TOP = (Level.SUBDISTRICT, Level.COMMUNITY, Level.VILLAGE)


def area(name: str) -> Area:
    return Area.objects.get(name=name, level__in=_TOP)


def children(org: Organization, **filters: Any) -> models.QuerySet[Organization]:
    return Organization.objects.filter(parent=org, **filters)


@pytest.mark.django_db
@pytest.mark.usefixtures("seeded")
@pytest.mark.xdist_group("demo-seed")  # one worker, so one pair of seeds
class TestTinyDemo:
    def test_same_seed_gives_the_same_data(self, seeded: Seeded) -> None:
        assert seeded.emptied
        assert seeded.second == seeded.first

    def test_if_empty_does_nothing_the_second_time(self) -> None:
        before = (Area.objects.count(), Resident.objects.count(), User.objects.count())
        assert before[0]
        out = StringIO()
        call_command("seed_demo", scale="tiny", if_empty=True, stdout=out)
        assert "nothing seeded" in out.getvalue()
        assert (Area.objects.count(), Resident.objects.count(), User.objects.count()) == before

    def test_summary_and_size(self, seeded: Seeded) -> None:
        assert "Elapsed" in seeded.output
        # Tiny data is for browser tests: small, but every structure is there.
        assert Resident.objects.count() <= 400

    def test_accounts_hold_their_roles_at_the_right_nodes(self) -> None:
        community = area("同心社区")
        grid1 = Area.objects.get(parent=community, name="第一网格")
        grid2 = Area.objects.get(parent=community, name="第二网格")
        first_building = Area.objects.filter(parent=grid1, level=Level.BUILDING).order_by("sort_order").first()
        member = PartyMember.objects.get(user__username="member")
        contact = UnitContact.objects.select_related("unit").get(user__username="unit")
        expected = {
            "admin": (Role.ADMIN, None),
            "street": (Role.SUBDISTRICT, area("清河街道").pk),
            "secretary": (Role.COMMUNITY, community.pk),
            "grid1": (Role.GRID_WORKER, grid1.pk),
            "grid2": (Role.GRID_WORKER, grid2.pk),
            "leader": (Role.BUILDING_LEADER, first_building.pk),
            "member": (Role.PARTY_MEMBER, member.org_id),
            # The secretary of the member's branch (支部书记) runs its meetings.
            "branch": (Role.ORG_SECRETARY, member.org_id),
            "unit": (Role.UNIT_CONTACT, contact.unit.org_id),
            "village": (Role.COMMUNITY, area("柳营村").pk),
        }
        assert {a.username for a in ACCOUNTS} == set(expected)
        for username, (role, node_id) in expected.items():
            user = User.objects.get(username=username)
            assert user.check_password(PASSWORD)
            assert user.display_name
            assert list(RoleAssignment.objects.filter(user=user).values_list("role", "node_id")) == [(role, node_id)]
        assert User.objects.get(username="admin").is_superuser
        assert member.org.name == "第一网格党支部" and member.org.area_id == grid1.pk
        assert member.kind == MemberKind.DIRECT
        assert contact.unit.org.branch_type == BranchType.RESIDENT_UNIT

    def test_the_volunteer_account_serves_in_a_team_of_the_demo_community(self) -> None:
        from tongxin.volunteering.service.models import Volunteer

        user = User.objects.get(username="volunteer")
        assert user.check_password(PASSWORD)
        assert not RoleAssignment.objects.filter(user=user).exists()
        record = Volunteer.objects.get(user=user)
        assert record.area_id == area("同心社区").pk and record.name == user.display_name
        assert record.memberships.exists()

    def test_personal_numbers_are_valid_unique_and_consistent(self) -> None:
        residents = list(Resident.objects.exclude(id_number_enc=""))
        assert len(residents) > 0.8 * Resident.objects.count()
        for resident in residents:
            number = resident.id_number_plain()
            assert ric.is_valid(number), number
            assert resident.birth_date == ric.get_birth_date(number)
            assert resident.gender == id_gender(number)
        for member in PartyMember.objects.exclude(id_number_enc=""):
            number = member.id_number_plain()
            assert ric.is_valid(number) and member.birth_date == ric.get_birth_date(number)
        phones = [r.phone_plain() for r in Resident.objects.exclude(phone_enc="")]
        assert all(normalize_phone(p) == p for p in phones)
        assert len(set(phones)) == len(phones)

    def test_plain_id_numbers_are_stored_only_encrypted(self) -> None:
        text_fields = [
            f.attname for f in Resident._meta.concrete_fields if isinstance(f, models.CharField | models.TextField)
        ]
        for row in Resident.objects.exclude(id_number_enc=""):
            plain = row.id_number_plain()
            for name in text_fields:
                assert plain not in (getattr(row, name) or ""), name

    def test_fixed_residents_and_grid_scope(self) -> None:
        grid1, grid2 = User.objects.get(username="grid1"), User.objects.get(username="grid2")
        zhangsan, lisi = Resident.objects.get(name="张三"), Resident.objects.get(name="李四")
        assert zhangsan.id_number_plain() and zhangsan.phone_plain()
        found = visible_to(Resident.objects.filter(person_search_q("zs")), grid1)
        assert zhangsan in found
        assert not visible_to(Resident.objects.filter(pk=lisi.pk), grid1).exists()
        assert visible_to(Resident.objects.filter(pk=lisi.pk), grid2).exists()
        leader = User.objects.get(username="leader")
        assert visible_to(Resident.objects.filter(pk=zhangsan.pk), leader).exists()

    def test_paths_are_consistent(self) -> None:
        for model in (Area, Organization):
            paths = dict(model.objects.values_list("pk", "path"))
            for pk, parent_id, path, depth in model.objects.values_list("pk", "parent_id", "path", "depth"):
                assert path == (paths[parent_id] if parent_id else "") + path_segment(pk)
                assert depth == len(path) // PATH_STEP - 1
        # Every node sits under a parent its kind or level may sit under.
        levels = dict(Area.objects.values_list("pk", "level"))
        for level, parent_id in Area.objects.values_list("level", "parent_id"):
            assert level in CHILD_LEVELS[levels.get(parent_id)]
        kinds = dict(Organization.objects.values_list("pk", "kind"))
        for kind, parent_id in Organization.objects.values_list("kind", "parent_id"):
            assert kind in CHILD_KINDS[kinds.get(parent_id)]
        grids = dict(Area.objects.filter(level=Level.GRID).values_list("pk", "path"))
        for area_path, grid_id in Household.objects.values_list("area__path", "grid_id"):
            assert area_path.startswith(grids[grid_id])

    def test_every_structure_of_the_seeds_is_present(self) -> None:
        assert set(Organization.objects.values_list("kind", flat=True)) >= set(OrgKind.values)
        assert set(Organization.objects.values_list("branch_type", flat=True)) >= {
            "grid",
            "owners",
            "new_org",
            "retired",
            "interest",
            "functional",
            "unit",
            "resident_group",
        }
        # seed 002: 社区党委 → 7 网格党支部 + 业委会党支部 → 47 楼栋党小组 → 党员中心户
        committee = Organization.objects.get(kind=OrgKind.COMMITTEE, area=area("同心社区"))
        grid_branches = children(committee, kind=OrgKind.BRANCH, branch_type=BranchType.GRID)
        assert grid_branches.count() == 7
        assert all(b.area.level == Level.GRID for b in grid_branches)
        assert children(committee, branch_type=BranchType.OWNERS_COMMITTEE).count() == 1
        groups = Organization.objects.filter(parent__in=grid_branches, kind=OrgKind.GROUP)
        assert groups.count() == 47
        assert Organization.objects.filter(parent__in=groups, kind=OrgKind.MEMBER_HOUSEHOLD).exists()
        # Each 党员中心户 is a real household whose head is the member hosting it.
        homes = Household.objects.filter(is_member_household=True)
        assert homes.exists()
        hosts = PartyMember.objects.filter(org__kind=OrgKind.MEMBER_HOUSEHOLD, resident__household__in=homes)
        assert hosts.count() == homes.count()
        # seed 000: 党总支 → 11 居民小组党支部 → 72 楼宇党小组; liaison station; 25 units
        general = Organization.objects.get(kind=OrgKind.GENERAL_BRANCH, area=area("锦华社区"))
        resident_groups = children(general, branch_type=BranchType.RESIDENT_GROUP)
        assert resident_groups.count() == 11
        assert Organization.objects.filter(parent__in=resident_groups, kind=OrgKind.GROUP).count() == 72
        station = children(general, kind=OrgKind.LIAISON_STATION).get()
        assert station.members.filter(kind=MemberKind.FLOATING_IN).exists()
        joint = children(general, kind=OrgKind.JOINT_COMMITTEE).get()
        units = ResidentUnit.objects.filter(org__parent=joint)
        assert units.count() == 25 and sum(u.member_count for u in units) == 1700
        assert all(1 <= u.contacts.count() <= 2 for u in units)
        # seed 001: 7 branches (4 two-new, interest, retired, functional), 17 groups
        committee = Organization.objects.get(kind=OrgKind.COMMITTEE, area=area("文昌路社区"))
        branches = children(committee, kind=OrgKind.BRANCH)
        assert branches.count() == 7
        assert branches.filter(branch_type=BranchType.NEW_ORGANIZATION).count() == 4
        assert Organization.objects.filter(parent__in=branches, kind=OrgKind.GROUP).count() == 17
        # seed 004: village branch, a group of 16 members per grid
        village = area("柳营村")
        branch = Organization.objects.get(area=village)
        village_groups = children(branch, kind=OrgKind.GROUP)
        assert sorted(g.area.level for g in village_groups) == [Level.GRID, Level.GRID]
        assert [g.members.count() for g in village_groups] == [16, 16]
        # seed 003: 党支部 → 小区党小组 → 党员责任区, and a 共建联系委员会 of 13 unit organizations
        community = area("双槐社区")
        branch = Organization.objects.get(area=community, kind=OrgKind.BRANCH)
        estate_groups = children(branch, kind=OrgKind.GROUP, branch_type=BranchType.ESTATE)
        assert estate_groups.exists()
        assert Organization.objects.filter(parent__in=estate_groups, kind=OrgKind.MEMBER_HOUSEHOLD).exists()
        joint = Organization.objects.get(area=community, kind=OrgKind.JOINT_COMMITTEE)
        assert joint.children.count() == 13
        assert Area.objects.filter(level=Level.ENTRANCE).exists()

    def test_members_of_every_kind(self) -> None:
        assert set(PartyMember.objects.values_list("kind", flat=True)) == set(MemberKind.values)
        in_service = PartyMember.objects.filter(kind=MemberKind.IN_SERVICE)
        assert all(m.employer and m.employer_org for m in in_service)
        floating = PartyMember.objects.filter(kind__in=[MemberKind.FLOATING_OUT, MemberKind.FLOATING_IN])
        assert all(m.floating_certificate.startswith("流证") and m.floating_place for m in floating)
        assert PartyMember.objects.filter(is_needy=True).exists()
        assert PartyMember.objects.filter(without_post=True).exists()
        linked = PartyMember.objects.filter(resident__isnull=False).select_related("resident")
        assert linked.exists()
        party = CareCategory.objects.get(code="party_member")
        assert all(party in m.resident.care_categories.all() for m in linked)

    def test_care_categories(self) -> None:
        codes = set(CareCategory.objects.values_list("code", flat=True))
        builtin = {"low_income", "disabled", "laid_off", "empty_nest", "party_member", "floating"}
        assert codes >= builtin | {"living_alone", "left_behind_child", "veteran"}
        used = set(CareCategory.objects.filter(residents__isnull=False).values_list("code", flat=True))
        assert used >= builtin

    def test_statistics_are_fresh_before_a_step_reads_what_the_last_one_wrote(self, seeded: Seeded) -> None:
        """Without them PostgreSQL planned the visits step's read of ~107,000 households from the
        category side (12 minutes of a district seed, issue 12)."""
        households, cases, visits = zip(*seeded.analyzed, strict=True)
        assert households[0] and not cases[0], "people written, then analyzed before the cases read them"
        assert any(c and not v for c, v in zip(cases, visits, strict=True)), "analyzed again before the visits"
        assert visits[-1], "and at the end, for the pages"

    def test_household_visit_intervals_follow_the_residents_categories(self) -> None:
        table = cadence()
        fresh = {r["household_id"]: r["months"] for r in shortest_intervals(table)}
        stored = dict(Household.objects.exclude(visit_interval=None).values_list("pk", "visit_interval"))
        assert stored == fresh
        assert set(stored.values()) == {1}  # low income, floating, empty nest: monthly

    def test_demo_accounts_table(self) -> None:
        out = StringIO()
        call_command("demo_accounts", stdout=out)
        text = out.getvalue()
        assert PASSWORD in text and "http://127.0.0.1:8000/" in text
        for account in ACCOUNTS:
            assert account.username in text
        assert "第一网格" in text

    def test_two_years_of_party_life_with_some_branches_behind(self) -> None:
        from tongxin.interfaces.demo.tests.support import TODAY
        from tongxin.partylife.dues.models import DuesPayment
        from tongxin.partylife.meetings.compliance import compliance_matrix
        from tongxin.partylife.meetings.models import Attendance, Meeting
        from tongxin.partylife.points.models import PostHolding
        from tongxin.platform.calendar import SHANGHAI

        years = {d.year for d in Meeting.objects.dates("starts_at", "year")}
        assert years >= {TODAY.year - 1, TODAY.year}
        assert Attendance.objects.exists()
        assert DuesPayment.objects.filter(month__gte=TODAY.year * 100 + 1).exists()
        assert PostHolding.objects.filter(to_on__isnull=True).exists()
        at = datetime.datetime(TODAY.year, TODAY.month, TODAY.day, 12, tzinfo=SHANGHAI)
        matrix = compliance_matrix(root=None, year=TODAY.year, at=at)
        # Most branches keep up; some are deliberately behind, for the subdistrict to find.
        assert 0 < len(matrix.behind) < len(matrix.orgs)
        assert matrix.total("done") > matrix.total("missed")


# Every capability's checks of its part of the demo read the same seed (one worker, one seed), each
# named after its package: tongxin/<layer>/<app>/tests/demo_checks.py.
def _collect_demo_checks() -> None:
    import importlib
    import pathlib

    root = pathlib.Path(__file__).resolve().parents[3]
    for found in sorted(root.glob("*/*/tests/demo_checks.py")):
        layer, app = found.parent.parent.parent.name, found.parent.parent.name
        module = importlib.import_module(f"tongxin.{layer}.{app}.tests.demo_checks")
        for name, check in vars(module).items():
            if name.startswith("test_") and callable(check):
                marked = pytest.mark.xdist_group("demo-seed")(
                    pytest.mark.django_db(pytest.mark.usefixtures("seeded")(check))
                )
                globals()[f"test_{app}_demo_{name[5:]}"] = marked


_collect_demo_checks()
