"""Writes to the organization tree and the member registry."""

from __future__ import annotations

from typing import Any, cast

from django.db import transaction
from django.utils.translation import gettext as _

from tongxin.platform.access.actor import Actor
from tongxin.platform.access.protect import UNSET, apply_identity, ensure_unique_id, note_hidden_changes
from tongxin.platform.access.roles import Perm
from tongxin.platform.access.scope import scope_for
from tongxin.platform.core.audit import audit_record, diff, stored
from tongxin.platform.core.exceptions import DomainError, Forbidden
from tongxin.platform.core.tree_ops import node_insert, subtree_move
from tongxin.platform.core.trees import ORG
from tongxin.registry.party.models import CHILD_KINDS, Organization, OrgKind, PartyMember
from tongxin.registry.people.care_changes import care_changed
from tongxin.registry.people.models import CareCategory, Resident

ORG_FIELDS = ["name", "kind", "branch_type", "area_id", "secretary_name", "founded_on", "note", "sort_order"]
MEMBER_FIELDS = [
    "name",
    "org_id",
    "kind",
    "status",
    "is_needy",
    "without_post",
    "gender",
    "birth_date",
    "joined_on",
    "resident_id",
    "employer",
    "employer_org",
    "floating_certificate",
    "floating_place",
    "id_number_masked",
    "phone_masked",
    "note",
]


def _require_org(actor: Actor, perm: str, path: str) -> None:
    if not scope_for(actor).allows_path(perm, ORG, path):
        raise Forbidden(_("You may not change this part of the organization tree."))


def _check_kind(parent: Organization | None, kind: str) -> None:
    if kind not in CHILD_KINDS[parent.kind if parent else None]:
        raise DomainError(
            _("A %(child)s cannot be placed under a %(parent)s.")
            % {
                "child": OrgKind(kind).label,
                "parent": OrgKind(parent.kind).label if parent else _("the top of the tree"),
            },
            code="kind",
        )


@transaction.atomic
def org_create(*, actor: Actor, parent: Organization | None, kind: str, name: str, **fields: Any) -> Organization:
    if parent is None:
        if not scope_for(actor).has_perm(Perm.EDIT_TREE) or not _may_add_root(actor, fields.get("area")):
            raise Forbidden(_("You may not add a top-level organization here."))
    else:
        _require_org(actor, Perm.EDIT_TREE, parent.path)
    _check_kind(parent, kind)
    org = Organization(parent=parent, kind=kind, name=name.strip(), **fields)
    org.full_clean(exclude=["path", "parent"])
    node_insert(org)
    audit_record(actor=actor, action="create", obj=org, changes={f: [None, getattr(org, f)] for f in ORG_FIELDS})
    return org


def _may_add_root(actor: Actor, area: Any) -> bool:
    """A top-level organization (a community committee) must be anchored in the actor's areas."""
    from tongxin.platform.core.trees import AREA

    scope = scope_for(actor)
    return scope.is_admin or (area is not None and scope.allows_path(Perm.EDIT_TREE, AREA, area.path))


@transaction.atomic
def org_update(*, actor: Actor, org: Organization, **fields: Any) -> Organization:
    _require_org(actor, Perm.EDIT_TREE, org.path)
    before = stored(org, ORG_FIELDS)
    for key, value in fields.items():
        setattr(org, key, value)
    if org.kind != before["kind"]:
        _check_kind(cast("Organization | None", org.parent), org.kind)  # the stubs see TreeNode's parent
        for child_kind in org.children.values_list("kind", flat=True).distinct():
            if child_kind not in CHILD_KINDS[org.kind]:
                raise DomainError(_("The organizations under this one do not fit the new kind."), code="kind")
    org.full_clean(exclude=["path", "parent"])
    org.save()
    audit_record(actor=actor, action="update", obj=org, changes=diff(before, {f: getattr(org, f) for f in ORG_FIELDS}))
    return org


@transaction.atomic
def org_move(*, actor: Actor, org: Organization, new_parent: Organization) -> Organization:
    scope = scope_for(actor)
    if not scope.is_admin and org.path in scope.roots(ORG, Perm.EDIT_TREE):
        raise Forbidden(_("You cannot move the organization your own role is held at."))
    _require_org(actor, Perm.EDIT_TREE, org.path)
    _require_org(actor, Perm.EDIT_TREE, new_parent.path)
    if new_parent.path.startswith(org.path):
        raise DomainError(_("An organization cannot be moved under itself or its own descendants."), code="cycle")
    _check_kind(new_parent, org.kind)
    old_parent = org.parent
    subtree_move(org, new_parent)
    audit_record(
        actor=actor,
        action="move",
        obj=org,
        changes={"parent": [str(old_parent) if old_parent else None, str(new_parent)]},
    )
    return org


def _member_snapshot(member: PartyMember) -> dict[str, Any]:
    return {f: getattr(member, f) for f in MEMBER_FIELDS}


@transaction.atomic
def member_create(
    *,
    actor: Actor,
    org: Organization,
    name: str,
    id_number: str = "",
    phone: str = "",
    resident: Resident | None = None,
    **fields: Any,
) -> PartyMember:
    _require_org(actor, Perm.EDIT_PEOPLE, org.path)
    member = PartyMember(org=org, resident=resident, **fields)
    member.set_name(name)
    apply_identity(member, id_number=id_number, phone=phone)
    if resident is not None:
        if PartyMember.objects.filter(resident=resident).exists():
            raise DomainError(_("This resident is already registered as a party member."), code="duplicate")
        # The resident's numbers are copied as stored (ciphertext, hash, mask): never decrypted.
        if not id_number and resident.id_number_hash:
            member.set_id_number(resident.protected_id_number())
            member.birth_date, member.gender = resident.birth_date, resident.gender
        if not phone and resident.phone_hash:
            member.set_phone(resident.protected_phone())
        # 党员 is one of 六清楚: the resident register shows it.
        member_category = CareCategory.objects.filter(code="party_member").first()
        if member_category is not None:
            resident.care_categories.add(member_category)
            care_changed([resident.household_id])
    ensure_unique_id(PartyMember, member)
    member.full_clean(exclude=["id_number_hash"])
    member.save()
    audit_record(
        actor=actor, action="create", obj=member, changes={k: [None, v] for k, v in _member_snapshot(member).items()}
    )
    return member


@transaction.atomic
def member_update(
    *,
    actor: Actor,
    member: PartyMember,
    name: str | None = None,
    id_number: Any = UNSET,
    phone: Any = UNSET,
    **fields: Any,
) -> PartyMember:
    _require_org(actor, Perm.EDIT_PEOPLE, member.org.path)
    before = stored(member, MEMBER_FIELDS)
    hashes_before = (member.id_number_hash, member.phone_hash)
    if name is not None:
        member.set_name(name)
    for key, value in fields.items():
        setattr(member, key, value)
    if member.org_id != before["org_id"]:
        _require_org(actor, Perm.EDIT_PEOPLE, member.org.path)
    apply_identity(member, id_number=id_number, phone=phone)
    ensure_unique_id(PartyMember, member)
    member.full_clean(exclude=["id_number_hash"])
    member.save()
    changes = diff(before, _member_snapshot(member))
    note_hidden_changes(changes, member, hashes_before)
    audit_record(actor=actor, action="update", obj=member, changes=changes)
    return member


@transaction.atomic
def member_delete(*, actor: Actor, member: PartyMember) -> None:
    _require_org(actor, Perm.EDIT_PEOPLE, member.org.path)
    audit_record(
        actor=actor, action="delete", obj=member, changes={k: [v, None] for k, v in _member_snapshot(member).items()}
    )
    member.delete()
