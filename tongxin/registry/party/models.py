from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from tongxin.platform.access.actor import Actor
from tongxin.platform.core.models import TimeStamped, TreeNode
from tongxin.platform.core.people import NamedPerson, ProtectedIdentity


class OrgKind(models.TextChoices):
    COMMITTEE = "committee", _("Party committee (党委)")
    GENERAL_BRANCH = "general_branch", _("General branch (党总支)")
    BRANCH = "branch", _("Branch (党支部)")
    GROUP = "group", _("Party group (党小组)")
    MEMBER_HOUSEHOLD = "member_household", _("Member household (党员中心户)")
    JOINT_COMMITTEE = "joint_committee", _("Joint committee (联合党委)")
    LIAISON_STATION = "liaison_station", _("Floating member liaison station (流动党员联络站)")


# Which kinds of organization may sit under which.
CHILD_KINDS: dict[str | None, tuple[str, ...]] = {
    None: (OrgKind.COMMITTEE, OrgKind.GENERAL_BRANCH, OrgKind.BRANCH, OrgKind.JOINT_COMMITTEE),
    OrgKind.COMMITTEE: (
        OrgKind.COMMITTEE,
        OrgKind.GENERAL_BRANCH,
        OrgKind.BRANCH,
        OrgKind.JOINT_COMMITTEE,
        OrgKind.LIAISON_STATION,
    ),
    OrgKind.GENERAL_BRANCH: (OrgKind.BRANCH, OrgKind.GROUP, OrgKind.LIAISON_STATION, OrgKind.JOINT_COMMITTEE),
    OrgKind.BRANCH: (OrgKind.GROUP, OrgKind.MEMBER_HOUSEHOLD, OrgKind.JOINT_COMMITTEE, OrgKind.LIAISON_STATION),
    OrgKind.GROUP: (OrgKind.MEMBER_HOUSEHOLD,),
    OrgKind.MEMBER_HOUSEHOLD: (),
    # 联合党委 (seed 003): a non-statutory committee uniting branches of resident units.
    OrgKind.JOINT_COMMITTEE: (OrgKind.BRANCH, OrgKind.GENERAL_BRANCH),
    OrgKind.LIAISON_STATION: (),
}


class BranchType(models.TextChoices):
    TERRITORIAL = "territorial", _("Territorial (community / village)")
    RESIDENT_GROUP = "resident_group", _("Resident group (居民小组)")
    GRID = "grid", _("Grid branch (网格党支部)")
    ESTATE = "estate", _("Estate (小区)")
    BUILDING = "building", _("Building (楼栋)")
    FUNCTIONAL = "functional", _("Functional (功能型)")
    NEW_ORGANIZATION = "new_org", _("New economic / social organization (两新组织)")
    RETIRED = "retired", _("Retired members (离退休)")
    OWNERS_COMMITTEE = "owners", _("Owners' committee (业委会)")
    INTEREST = "interest", _("Interest teams (特色)")
    RESIDENT_UNIT = "unit", _("Resident unit (驻区单位)")


class Organization(TreeNode):
    """A node of the party organization tree."""

    SCOPE = {"org": "path"}

    kind = models.CharField(_("kind"), max_length=20, choices=OrgKind.choices, db_index=True)
    branch_type = models.CharField(
        _("type"), max_length=20, choices=BranchType.choices, default=BranchType.TERRITORIAL, db_index=True
    )
    # The area the organization is built on (网格党支部 → its grid); empty for branches that
    # are not tied to a place (functional, new-organization, retired, interest teams…).
    area = models.ForeignKey(
        "areas.Area",
        verbose_name=_("area"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="organizations",
    )
    secretary_name = models.CharField(_("secretary"), max_length=50, blank=True)
    founded_on = models.DateField(_("founded on"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True, max_length=2000)

    class Meta(TreeNode.Meta):
        verbose_name = _("party organization")
        verbose_name_plural = _("party organizations")


class MemberKind(models.TextChoices):
    DIRECT = "direct", _("Directly managed (直管)")
    IN_SERVICE = "in_service", _("In-service, reported in (在职·双报到)")
    FLOATING_OUT = "floating_out", _("Floating out (流出)")
    FLOATING_IN = "floating_in", _("Floating in (流入)")
    RETIRED = "retired", _("Retired, transferred in (离退休)")


# Filters that are flags rather than the relationship kind: a retired member may be needy.
KIND_FLAGS = {"needy": "is_needy", "without_post": "without_post"}


class MemberQuerySet(models.QuerySet["PartyMember"]):
    def current(self) -> MemberQuerySet:
        """Members still on a register here: not transferred out of the system (their record,
        dues and attendance stay for the history, but no roster, count or ranking lists them)."""
        return self.filter(left_on__isnull=True)


class PartyMember(NamedPerson, ProtectedIdentity, TimeStamped):
    SCOPE = {"org": "org__path"}

    class Status(models.TextChoices):
        FULL = "full", _("Full member")
        PROBATIONARY = "probationary", _("Probationary member")

    class Gender(models.TextChoices):
        MALE = "M", _("Male")
        FEMALE = "F", _("Female")

    org = models.ForeignKey(
        Organization, verbose_name=_("organization"), on_delete=models.PROTECT, related_name="members"
    )
    kind = models.CharField(
        _("kind"), max_length=20, choices=MemberKind.choices, default=MemberKind.DIRECT, db_index=True
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.FULL)
    is_needy = models.BooleanField(_("needy member (困难党员)"), default=False, db_index=True)
    without_post = models.BooleanField(_("without a post (无职党员)"), default=False, db_index=True)
    gender = models.CharField(_("gender"), max_length=1, choices=Gender.choices, blank=True)
    birth_date = models.DateField(_("birth date"), null=True, blank=True)
    joined_on = models.DateField(_("joined the Party on"), null=True, blank=True)
    # A member may also be a resident of the community.
    resident = models.OneToOneField(
        "people.Resident",
        verbose_name=_("resident"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="party_member",
    )
    user = models.OneToOneField(
        "access.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="party_member", editable=False
    )
    # In-service members (双报到): they stay members of their employer's organization.
    employer = models.CharField(_("employer"), max_length=100, blank=True)
    employer_org = models.CharField(_("employer's party organization"), max_length=100, blank=True)
    # Floating members: 流动党员活动证 number, where they went or came from.
    floating_certificate = models.CharField(_("floating member certificate no."), max_length=40, blank=True)
    floating_place = models.CharField(_("floating to / from"), max_length=100, blank=True)
    note = models.TextField(_("note"), blank=True, max_length=2000)
    # Set when a transfer out of the system completes (组织关系转出); cleared if they come back.
    left_on = models.DateField(_("transferred out on"), null=True, blank=True, editable=False)

    objects = MemberQuerySet.as_manager()

    class Meta:
        ordering = ["org__path", "name_pinyin", "id"]
        verbose_name = _("party member")
        verbose_name_plural = _("party members")
        constraints = [models.UniqueConstraint(fields=["id_number_hash"], name="unique_member_id_number")]

    def __str__(self) -> str:
        return self.name

    @staticmethod
    def scope_self_q(user: Actor) -> Q:
        return Q(user_id=user.pk)
