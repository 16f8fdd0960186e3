"""Accounts and role assignments: created, granted and revoked by a platform admin, audited."""

from __future__ import annotations

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from tongxin.platform.access.actor import Actor
from tongxin.platform.access.models import RoleAssignment, User
from tongxin.platform.access.roles import ROLE_TREE, Perm, Role
from tongxin.platform.access.scope import scope_for
from tongxin.platform.core.audit import audit_record
from tongxin.platform.core.exceptions import DomainError, Forbidden
from tongxin.platform.core.trees import tree_model


def _require_manager(actor: Actor) -> None:
    if not scope_for(actor).has_perm(Perm.MANAGE_USERS):
        raise Forbidden(_("Only a platform admin may manage accounts."))


@transaction.atomic
def user_create(*, actor: Actor, username: str, display_name: str, password: str) -> User:
    _require_manager(actor)
    if User.objects.filter(username=username).exists():
        raise DomainError({"username": _("This user name is taken.")})
    user = User(username=username, display_name=display_name)
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise DomainError({"password": exc.messages}) from exc
    user.set_password(password)
    user.full_clean(exclude=["password"])
    user.save()
    audit_record(actor=actor, action="create", obj=user, changes={"username": [None, username]})
    return user


@transaction.atomic
def role_grant(*, actor: Actor, user: User, role: str, node_id: int | None, title: str = "") -> RoleAssignment:
    _require_manager(actor)
    tree = ROLE_TREE.get(role, "missing")
    if tree == "missing":
        raise DomainError({"role": _("Unknown role.")})
    if tree is None:
        node_id = None
    elif node_id is None or not tree_model(tree)._default_manager.filter(pk=node_id).exists():
        raise DomainError({"node": _("Choose where the role is held.")})
    if RoleAssignment.objects.filter(user=user, role=role, node_id=node_id).exists():
        raise DomainError(_("This person already holds this role there."))
    assignment = RoleAssignment.objects.create(user=user, role=role, node_id=node_id, title=title)
    audit_record(
        actor=actor,
        action="create",
        obj=assignment,
        changes={"user": user.username, "role": Role(role).label, "node": node_id},
    )
    return assignment


@transaction.atomic
def role_revoke(*, actor: Actor, assignment: RoleAssignment) -> None:
    _require_manager(actor)
    audit_record(
        actor=actor,
        action="delete",
        obj=assignment,
        changes={"user": assignment.user.username, "role": assignment.get_role_display(), "node": assignment.node_id},
    )
    assignment.delete()


@transaction.atomic
def user_unlock(*, actor: Actor, user: User) -> None:
    _require_manager(actor)
    User.objects.filter(pk=user.pk).update(locked_until=None, failed_logins=0)
    audit_record(actor=actor, action="update", obj=user, changes={"locked_until": ["…", None]})


@transaction.atomic
def user_set_active(*, actor: Actor, user: User, active: bool) -> None:
    _require_manager(actor)
    if user.pk == actor.pk and not active:
        raise DomainError(_("You cannot disable your own account."))
    User.objects.filter(pk=user.pk).update(is_active=active)
    audit_record(actor=actor, action="update", obj=user, changes={"is_active": [not active, active]})
