"""Personas and a small hand-made world shared by every test.

The world: one district → one subdistrict → two communities. Community 甲 has grids 1 and 2,
each with one building and one household; 张三 lives in grid 1, 李四 in grid 2. Community 乙
has one grid with 王五. The community committee of 甲 is anchored at 甲, with a grid branch
per grid; a joint committee holds a resident unit's branch.
"""

from __future__ import annotations

import copy
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import pytest

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

PASSWORD = "Tongxin#2026"
# Valid-checksum ID numbers with real region codes (110101: Beijing Dongcheng).
ID_ZHANGSAN = "110101198001010037"
ID_LISI = "110101199001010058"
PHONE_ZHANGSAN = "13812345678"


def valid_id(prefix17: str) -> str:
    from stdnum.cn import ric

    return prefix17 + ric.calc_check_digit(prefix17 + "0")


@dataclass
class World:
    district: Any
    subdistrict: Any
    community: Any
    grid1: Any
    grid2: Any
    building1: Any
    building2: Any
    household1: Any
    household2: Any
    zhangsan: Any
    lisi: Any
    other_community: Any
    other_grid: Any
    other_household: Any
    wangwu: Any
    committee: Any
    branch1: Any
    branch2: Any
    joint: Any
    unit_branch: Any
    member1: Any
    member2: Any
    unit: Any
    other_unit: Any


def _make_user(username: str, role: str | None, node_id: int | None, **extra: Any) -> Any:
    from tongxin.platform.access.models import RoleAssignment, User

    user = User.objects.create_user(username=username, password=PASSWORD, **extra)
    if role:
        RoleAssignment.objects.create(user=user, role=role, node_id=node_id)
    return user


@pytest.fixture
def world(db: Any) -> World:
    return build_world()


def build_world() -> World:
    """The hand-made world (see the module's docstring), written to the database."""
    from tongxin.platform.core.people import pinyin_of
    from tongxin.platform.core.personal import normalize_id_number, normalize_phone, protect_id_number, protect_phone
    from tongxin.platform.core.tree_ops import node_insert
    from tongxin.registry.areas.models import Area, Household, Level
    from tongxin.registry.cobuild.models import ResidentUnit
    from tongxin.registry.party.models import BranchType, Organization, OrgKind, PartyMember
    from tongxin.registry.people.care_changes import care_changed
    from tongxin.registry.people.models import CareCategory, Resident
    from tongxin.registry.people.services import ensure_builtin_categories

    ensure_builtin_categories()

    def area(parent: Any, level: str, name: str) -> Any:
        return node_insert(Area(parent=parent, level=level, name=name))

    def org(parent: Any, kind: str, name: str, area: Any = None, branch_type: str = BranchType.TERRITORIAL) -> Any:
        return node_insert(Organization(parent=parent, kind=kind, name=name, area=area, branch_type=branch_type))

    def resident(
        household: Any, name: str, id_number: str = "", phone: str = "", categories: tuple[str, ...] = ()
    ) -> Any:
        r = Resident(household=household, name=name)
        r.name_pinyin, r.name_initials = pinyin_of(name)
        if id_number:
            r.set_id_number(protect_id_number(normalize_id_number(id_number)))
        if phone:
            r.set_phone(protect_phone(normalize_phone(phone)))
        r.save()
        r.care_categories.set(CareCategory.objects.filter(code__in=categories))
        return r

    district = area(None, Level.DISTRICT, "示范区")
    sub = area(district, Level.SUBDISTRICT, "湖东街道")
    comm = area(sub, Level.COMMUNITY, "甲社区")
    g1 = area(comm, Level.GRID, "第一网格")
    g2 = area(comm, Level.GRID, "第二网格")
    b1 = area(g1, Level.BUILDING, "1号楼")
    b2 = area(g2, Level.BUILDING, "2号楼")
    h1 = Household.objects.create(area=b1, grid=g1, number="101")
    h2 = Household.objects.create(area=b2, grid=g2, number="201")
    zhangsan = resident(h1, "张三", ID_ZHANGSAN, PHONE_ZHANGSAN, ("empty_nest", "low_income"))
    lisi = resident(h2, "李四", ID_LISI, "13900001111", ("disabled",))
    other = area(sub, Level.COMMUNITY, "乙社区")
    og = area(other, Level.GRID, "乙第一网格")
    ob = area(og, Level.BUILDING, "乙1号楼")
    oh = Household.objects.create(area=ob, grid=og, number="301")
    wangwu = resident(oh, "王五", "", "13700002222")
    # Category links written here directly, as a bulk load does: tell who keeps something from them.
    care_changed(None)

    committee = org(None, OrgKind.COMMITTEE, "甲社区党委", comm)
    branch1 = org(committee, OrgKind.BRANCH, "第一网格党支部", g1, BranchType.GRID)
    branch2 = org(committee, OrgKind.BRANCH, "第二网格党支部", g2, BranchType.GRID)
    joint = org(committee, OrgKind.JOINT_COMMITTEE, "联合党委", comm)
    unit_branch = org(joint, OrgKind.BRANCH, "示范医院党支部", None, BranchType.RESIDENT_UNIT)
    m1 = PartyMember(org=branch1, name="赵党员", kind="direct")
    m1.name_pinyin, m1.name_initials = pinyin_of(m1.name)
    m1.save()
    m2 = PartyMember(org=branch2, name="钱党员", kind="retired", is_needy=True)
    m2.name_pinyin, m2.name_initials = pinyin_of(m2.name)
    m2.save()
    unit = ResidentUnit.objects.create(name="示范医院", credit_code="91110000600037341L", area=comm, org=unit_branch)
    other_unit = ResidentUnit.objects.create(name="乙社区超市", credit_code="91350100M000100Y43", area=other)
    return World(
        district, sub, comm, g1, g2, b1, b2, h1, h2, zhangsan, lisi, other, og, oh, wangwu,
        committee, branch1, branch2, joint, unit_branch, m1, m2, unit, other_unit,
    )  # fmt: skip


@contextmanager
def outer_transaction(django_db_blocker: Any) -> Iterator[None]:
    """A transaction around a group of tests, rolled back when the group is done.

    What is written inside it is seen by every test of the group. Each test still runs in a
    savepoint of its own (pytest-django's `db`), so what one test writes is gone before the
    next starts; and nothing is left for the tests after the group.
    """
    from django.db import transaction

    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
    try:
        yield
    finally:
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@pytest.fixture(scope="module")
def world_once(django_db_setup: None, django_db_blocker: Any) -> Iterator[World]:
    """The world built once for a module of many tests that each read it (the permission
    matrices), in an outer transaction rolled back after the module's last test.

    A module opts in by overriding `world` with `world_copy(world_once)` (the persona fixtures
    then sign in to it); each test gets a copy of the objects, so one that changes them in
    memory cannot change them for the next, and a savepoint of its own (`db`)."""
    with outer_transaction(django_db_blocker):
        with django_db_blocker.unblock():
            world = build_world()
        yield world


def world_copy(world: World) -> World:
    """A test's own copy of a world built once (as Django's TestCase does with setUpTestData).

    The related objects the instances hold are dropped first (they are read again when asked
    for): copying them made a copy cost 10 ms."""
    from django.db.models import Model

    for value in vars(world).values():
        if isinstance(value, Model):
            value._state.fields_cache.clear()
            value.__dict__.pop("_prefetched_objects_cache", None)
    return copy.deepcopy(world)


def row_counts(tables: list[str]) -> dict[str, int]:
    """How many rows each table holds, in one query: what a rolled-back test must leave as it was."""
    from django.db import connection

    quote = connection.ops.quote_name
    counts = ", ".join(f"(SELECT COUNT(*) FROM {quote(t)})" for t in tables)  # noqa: S608 (introspected names)
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + counts)
        return dict(zip(tables, cursor.fetchone(), strict=True))


@pytest.fixture
def nothing_left_behind(world_once: World, django_db_blocker: Any) -> Iterator[None]:
    """Fails a test of a shared world that leaves a row behind once its savepoint is rolled back.

    Request it before `db` (first, or autouse), so that it checks after the rollback."""
    from django.db import connection

    with django_db_blocker.unblock():
        tables = sorted(connection.introspection.table_names(include_views=False))
        before = row_counts(tables)
    yield
    with django_db_blocker.unblock():
        after = row_counts(tables)
    changed = {table: (before[table], after[table]) for table in tables if before[table] != after[table]}
    assert not changed, f"rows left behind for the next test (table: before, after): {changed}"


def _party_member(world: World) -> Any:
    user = _make_user("t_member", "party_member", world.branch1.pk)
    world.member1.user = user
    world.member1.save()
    return user


# How each persona is signed up in a world: the persona fixtures below, and the permission
# matrix, which signs each one up in a savepoint of its own within one test per URL.
PERSONA_MAKERS: dict[str, Any] = {
    "admin_user": lambda world: _make_user("t_admin", "admin", None),
    "street_officer": lambda world: _make_user("t_street", "subdistrict", world.subdistrict.pk),
    "secretary": lambda world: _make_user("t_secretary", "community", world.community.pk),
    "grid_worker": lambda world: _make_user("t_grid1", "grid_worker", world.grid1.pk),
    "neighbour_grid_worker": lambda world: _make_user("t_grid2", "grid_worker", world.grid2.pk),
    "building_leader": lambda world: _make_user("t_leader", "building_leader", world.building1.pk),
    "org_secretary": lambda world: _make_user("t_branch1", "org_secretary", world.branch1.pk),
    "party_member": _party_member,
    "unit_contact": lambda world: _make_user("t_unit", "unit_contact", world.unit_branch.pk),
    # Signed in, but holds no role anywhere.
    "outsider": lambda world: _make_user("t_outsider", None, None),
}


@pytest.fixture
def admin_user(world: World) -> Any:
    return PERSONA_MAKERS["admin_user"](world)


@pytest.fixture
def street_officer(world: World) -> Any:
    return PERSONA_MAKERS["street_officer"](world)


@pytest.fixture
def secretary(world: World) -> Any:
    return PERSONA_MAKERS["secretary"](world)


@pytest.fixture
def grid_worker(world: World) -> Any:
    return PERSONA_MAKERS["grid_worker"](world)


@pytest.fixture
def neighbour_grid_worker(world: World) -> Any:
    return PERSONA_MAKERS["neighbour_grid_worker"](world)


@pytest.fixture
def building_leader(world: World) -> Any:
    return PERSONA_MAKERS["building_leader"](world)


@pytest.fixture
def org_secretary(world: World) -> Any:
    return PERSONA_MAKERS["org_secretary"](world)


@pytest.fixture
def party_member(world: World) -> Any:
    return PERSONA_MAKERS["party_member"](world)


@pytest.fixture
def unit_contact(world: World) -> Any:
    return PERSONA_MAKERS["unit_contact"](world)


@pytest.fixture
def outsider(world: World) -> Any:
    """Signed in, but holds no role anywhere."""
    return PERSONA_MAKERS["outsider"](world)


PERSONAS = [
    "admin_user",
    "street_officer",
    "secretary",
    "grid_worker",
    "neighbour_grid_worker",
    "building_leader",
    "org_secretary",
    "party_member",
    "unit_contact",
    "outsider",
    "anonymous",
]


@pytest.fixture
def persona(request: pytest.FixtureRequest, world: World) -> Any:
    """Indirect parametrization: `persona` by fixture name, or None for an anonymous visitor."""
    name = request.param
    return None if name == "anonymous" else request.getfixturevalue(name)


def _transactional(item: pytest.Item) -> bool:
    """Whether a test runs outside a rolled-back transaction (and so empties every table after)."""
    from pytest_django.fixtures import validate_django_db

    marker = item.get_closest_marker("django_db")
    if marker and validate_django_db(marker)[0]:
        return True
    return bool({"transactional_db", "live_server"} & set(getattr(item, "fixturenames", ())))


@pytest.hookimpl(trylast=True)  # after xdist's own hook
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    _keep_rows_of_data_migrations(items)
    if getattr(config.option, "loadgroup", False):  # an xdist worker of `--dist loadgroup`
        _group_by_xdist_group(items)


def _keep_rows_of_data_migrations(items: list[pytest.Item]) -> None:
    # A transactional test (transaction=True, live_server, concurrency) ends by emptying every
    # table, rows the data migrations wrote included (case categories, the default visit
    # cadence, meeting requirements, permissions): the tests after it on the same xdist worker
    # found them gone. Serialized rollback keeps a copy of those rows from when the test
    # database was made, empties the tables without re-making the permissions (they come back
    # with their own ids), and puts the rows back before the test starts;
    # pytest_runtest_teardown below puts them back after it too.
    from pytest_django.fixtures import validate_django_db

    for item in items:
        if not _transactional(item):
            continue
        marker = item.get_closest_marker("django_db")
        _, reset_sequences, databases, _, available_apps = (
            validate_django_db(marker) if marker else (True, False, None, False, None)
        )
        item.add_marker(
            pytest.mark.django_db(
                transaction=True,
                reset_sequences=reset_sequences,
                databases=databases,
                serialized_rollback=True,
                available_apps=available_apps,
            ),
            append=False,
        )


def _group_by_xdist_group(items: list[pytest.Item]) -> None:
    """Sends the tests of one `xdist_group` to one worker, as `--dist loadgroup` promises.

    xdist tells the scheduler a test's group by appending "@group" to its node id, and writes
    that into `item._nodeid`; pytest 9.2 keeps the id in `item._id` instead and ignores it, so
    the groups were silently spread over both workers (pytest-xdist issue 1386): the browser
    tests ran two Chromiums at once, and a class sharing one seed seeded it on each worker."""
    from _pytest.nodeid import NodeId

    for item in items:
        names = {
            str(m.args[0] if m.args else m.kwargs.get("name", "default")) for m in item.iter_markers("xdist_group")
        }
        nodeid = item.nodeid
        if names and nodeid.rfind("@") <= nodeid.rfind("]") and hasattr(item, "_id"):
            item._id = NodeId.parse(f"{nodeid}@{'_'.join(sorted(names))}")


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item: pytest.Item, nextitem: pytest.Item | None) -> Any:
    try:
        return (yield)
    finally:
        # After a transactional test (and its flush): the rows of the data migrations back for the
        # next test, unless that one is transactional too (its serialized rollback does it).
        if _transactional(item) and nextitem is not None and not _transactional(nextitem):
            _restore_migrated_rows(item.config)


def _restore_migrated_rows(config: pytest.Config) -> None:
    from django.db import connections
    from pytest_django.plugin import blocking_manager_key

    with config.stash[blocking_manager_key].unblock():
        for alias, contents in SERIALIZED.items():
            connections[alias].creation.deserialize_db_from_string(contents)


# The rows of the data migrations, per database, as the test databases were made. Django keeps
# them on the connection object, and `connections` is local to a context: a browser test runs
# its fixtures and body where Playwright's sync API has switched context (greenlets), sees a
# connection object of its own without them, and its serialized rollback restored nothing — the
# next test found the council kinds, case categories and permissions gone.
SERIALIZED: dict[str, str] = {}


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: None) -> None:
    from django.db import connections

    for connection in connections.all():
        contents = getattr(connection, "_test_serialized_contents", None)
        if contents:
            SERIALIZED[connection.alias] = contents


@pytest.fixture(autouse=True)
def _serialized_rows_in_this_context(request: pytest.FixtureRequest) -> None:
    """Before a transactional test's own set-up: the kept rows on the connection it sees."""
    if not _transactional(request.node):
        return
    request.getfixturevalue("django_db_setup")
    from django.db import connections

    for alias, contents in SERIALIZED.items():
        connection = connections[alias]
        if not getattr(connection, "_test_serialized_contents", None):
            connection._test_serialized_contents = contents  # type: ignore[attr-defined]


@pytest.fixture(scope="session", autouse=True)
def _static_files_found_when_asked() -> None:
    """Each test's client starts the middleware anew, and WhiteNoise, told to use the finders
    (WHITENOISE_USE_FINDERS, the tests serve static files without `collectstatic`), walks every
    static directory as it starts: 0.13 s, half the time of a simple request. In autorefresh
    mode (as in development) it finds a file when the file is asked for: the same files."""
    from django.conf import settings

    settings.WHITENOISE_AUTOREFRESH = True


@pytest.fixture(autouse=True)
def _default_language() -> None:
    """Each test starts in the default language (Chinese, what users read). A request asking
    for English (Accept-Language, the language cookie) activates it for the thread, and it
    stayed active for the next tests of the worker: their messages depended on the order."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings: Any) -> None:
    # PBKDF2's million rounds dominate a test that signs people in; security is not under test.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(scope="session")
def _media_dir(tmp_path_factory: pytest.TempPathFactory) -> Any:
    return tmp_path_factory.mktemp("media")


@pytest.fixture(autouse=True)
def _media_root(settings: Any, _media_dir: Any) -> None:
    # Uploaded photos go to a temporary directory, never into var/media.
    settings.MEDIA_ROOT = str(_media_dir)


@pytest.fixture
def outbox(settings: Any) -> Any:
    """Outbound text messages go to memory; the list is what was sent."""
    from tongxin.platform.inbox import backends

    settings.OUTBOUND_MESSAGE_BACKEND = "tongxin.platform.inbox.backends.LocmemBackend"
    backends.outbox.clear()
    yield backends.outbox
    backends.outbox.clear()
