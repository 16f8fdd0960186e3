"""The demo accounts: one per role, all bound to places in subdistrict 1."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.hashers import make_password

from tongxin.interfaces.demo.seed.config import PASSWORD
from tongxin.interfaces.demo.seed.context import DemoRefs
from tongxin.platform.access.models import RoleAssignment, User
from tongxin.platform.access.roles import Role
from tongxin.registry.cobuild.models import UnitContact
from tongxin.registry.party.models import PartyMember


@dataclass(frozen=True)
class DemoAccount:
    username: str
    display_name: str
    role: str
    role_zh: str
    title: str
    # Which id in DemoRefs the role is held at (None: no node, the platform admin).
    node: str | None


ACCOUNTS: tuple[DemoAccount, ...] = (
    DemoAccount("admin", "系统管理员", Role.ADMIN, "系统管理员", "系统管理员", None),
    DemoAccount("street", "陈主任", Role.SUBDISTRICT, "街道干部", "街道党工委委员", "subdistrict_id"),
    DemoAccount("secretary", "王书记", Role.COMMUNITY, "社区书记", "社区党委书记", "community_id"),
    DemoAccount("grid1", "李网格员", Role.GRID_WORKER, "网格员", "第一网格网格长", "grid1"),
    DemoAccount("grid2", "赵网格员", Role.GRID_WORKER, "网格员", "第二网格网格员", "grid2"),
    DemoAccount("leader", "周楼栋长", Role.BUILDING_LEADER, "楼栋长", "楼栋长", "building_id"),
    DemoAccount("member", "", Role.PARTY_MEMBER, "党员", "", "branch_id"),
    DemoAccount("branch", "刘支书", Role.ORG_SECRETARY, "党支部书记", "第一网格党支部书记", "branch_id"),
    DemoAccount("unit", "", Role.UNIT_CONTACT, "驻区单位联络人", "", "unit_org_id"),
    DemoAccount("village", "孙书记", Role.COMMUNITY, "村党支部书记", "村党支部书记", "village_id"),
)


def node_of(refs: DemoRefs, node: str | None) -> int | None:
    if node is None:
        return None
    if node in ("grid1", "grid2"):
        return refs.grid_ids[int(node[-1]) - 1]
    return getattr(refs, node)


def create_accounts(refs: DemoRefs) -> list[User]:
    users = []
    # One hash for all the accounts: hashing is deliberately slow (PBKDF2), and they share
    # the password anyway.
    hashed = make_password(PASSWORD)
    member = PartyMember.objects.get(pk=refs.member_id)
    contact = UnitContact.objects.get(pk=refs.unit_contact_id)
    for spec in ACCOUNTS:
        display = spec.display_name or (member.name if spec.role == Role.PARTY_MEMBER else contact.name)
        user = User.objects.create_user(username=spec.username, display_name=display)
        user.password = hashed
        user.is_superuser = user.is_staff = spec.role == Role.ADMIN
        user.save(update_fields=["password", "is_superuser", "is_staff"])
        RoleAssignment.objects.create(user=user, role=spec.role, node_id=node_of(refs, spec.node), title=spec.title)
        users.append(user)
    by_name = {u.username: u for u in users}
    # The member and the unit contact act for themselves: their own record, their own unit.
    PartyMember.objects.filter(pk=member.pk).update(user=by_name["member"])
    UnitContact.objects.filter(pk=contact.pk).update(user=by_name["unit"])
    return users


# A resident who serves as a volunteer: an account with no role, only their own volunteer pages.
VOLUNTEER_USERNAME = "volunteer"


def link_volunteer_accounts() -> User | None:
    """Give the demo community's first team volunteer an account (`volunteer`), and tie the member
    account to its volunteer record if the service seed made one, so that signing up for an
    activity, checking in and the hours page work as themselves. Call after the service seeds."""
    from tongxin.volunteering.service.models import Volunteer

    if User.objects.filter(username=VOLUNTEER_USERNAME).exists():
        return None
    secretary = RoleAssignment.objects.filter(user__username="secretary", role=Role.COMMUNITY).first()
    admin = User.objects.filter(username="admin").first()
    if secretary is None or admin is None:
        return None
    volunteer = (
        Volunteer.objects.filter(area_id=secretary.node_id, user=None, member=None, memberships__isnull=False)
        .order_by("id")
        .first()
    )
    if volunteer is None:
        return None
    user = User.objects.create_user(username=VOLUNTEER_USERNAME, display_name=volunteer.name)
    user.password = admin.password  # the demo's one password, already hashed
    user.save(update_fields=["password"])
    Volunteer.objects.filter(pk=volunteer.pk).update(user=user)
    Volunteer.objects.filter(area_id=secretary.node_id, member__user__username="member", user=None).update(
        user=User.objects.filter(username="member").first()
    )
    return user
