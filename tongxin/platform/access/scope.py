"""The scoping gate: every read of areas, organizations and people data goes through here.

A user's scope is the set of subtrees under the nodes where they hold roles, per permission.
`visible_to(queryset, user)` filters any scoped model by path prefix; `get_for(...)` fetches
one object and raises Http404 when it is outside the user's scope (so existence never leaks),
PermissionDenied (403) only when it is in scope but the role may not do what was asked.

A scoped model declares `SCOPE = {"area": "<lookup to an area path>", "org": "<lookup to an
org path>"}`, and may declare `VIEW_PERM` and `scope_self_q(user)` for rows a user may see
because they are their own (a party member's own record).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeVar, overload

from django.db import models
from django.db.models import OuterRef, Q, Subquery
from django.http import Http404

from tongxin.platform.access.roles import ROLE_PERMS, ROLE_TREE, Perm, Role
from tongxin.platform.core.trees import AREA, ORG, tree_model

if TYPE_CHECKING:
    from tongxin.platform.access.actor import Actor
    from tongxin.platform.access.models import User

M = TypeVar("M", bound=models.Model)
# A queryset keeps its class through the gate, so a custom one's methods stay available.
QS = TypeVar("QS", bound="models.QuerySet[Any]")

_CACHE_ATTR = "_tongxin_scope"


@dataclass
class Scope:
    user_id: int | None
    is_admin: bool = False
    # (role, tree, path) for every role held at a node
    grants: list[tuple[str, str, str]] = field(default_factory=list)
    roles: set[str] = field(default_factory=set)
    # (role, node name) for the header: where the user works
    labels: list[tuple[str, str]] = field(default_factory=list)
    # (role, area path) of the roles held in the area tree, whose organizations are theirs too
    area_grants: list[tuple[str, str]] = field(default_factory=list)
    _anchored_orgs: list[tuple[str, str]] | None = field(default=None, repr=False)

    @property
    def anchored_orgs(self) -> list[tuple[str, str]]:
        """Org subtrees anchored in an area where the user holds an area role: (role, org path).

        Read on first use: a case or resident page never asks for the organization tree, and
        listing a subdistrict's organizations cost such a page a query and ~10 ms.
        """
        if self._anchored_orgs is None:
            self._anchored_orgs = _anchored_orgs(self.area_grants)
        return self._anchored_orgs

    def has_perm(self, perm: str) -> bool:
        return self.is_admin or any(perm in ROLE_PERMS[role] for role in self.roles)

    def prefixes(self, tree: str, perm: str) -> list[str]:
        found = {path for role, t, path in self.grants if t == tree and perm in ROLE_PERMS[role]}
        if tree == ORG:
            found |= {path for role, path in self.anchored_orgs if perm in ROLE_PERMS[role]}
        # Drop prefixes already covered by a shorter one, so the filter stays small.
        minimal: list[str] = []
        for path in sorted(found, key=len):
            if not any(path.startswith(m) for m in minimal):
                minimal.append(path)
        return sorted(minimal)

    def allows_path(self, perm: str, tree: str, path: str) -> bool:
        if self.is_admin:
            return True
        return any(path.startswith(prefix) for prefix in self.prefixes(tree, perm))

    def roles_at(self, tree: str, path: str) -> set[str]:
        """The roles the user holds at this node or above it (admin everywhere)."""
        held = {role for role, t, prefix in self.grants if t == tree and path.startswith(prefix)}
        return held | ({Role.ADMIN} if self.is_admin else set())

    def roots(self, tree: str, perm: str = Perm.VIEW) -> list[str]:
        return self.prefixes(tree, perm)


def scope_for(user: Actor | None) -> Scope:
    """The user's scope, built once per request (cached on the user object)."""
    cached: Scope | None = getattr(user, _CACHE_ATTR, None)
    if cached is not None:
        return cached
    if user is None or not user.is_authenticated or not user.is_active:
        scope = Scope(user_id=None)
    else:
        scope = _build_scope(user)
    try:
        setattr(user, _CACHE_ATTR, scope)
    except AttributeError:
        pass
    return scope


def _build_scope(user: User) -> Scope:
    from tongxin.platform.access.models import RoleAssignment

    # The roles with their nodes' paths and names in one query (every signed-in page pays it):
    # a node is an area or an organization, by the role's tree.
    node: dict[str, Any] = {}
    for kind in (AREA, ORG):
        same_node = tree_model(kind)._default_manager.filter(pk=OuterRef("node_id"))
        node[f"{kind}_path"] = Subquery(same_node.values("path")[:1])
        node[f"{kind}_name"] = Subquery(same_node.values("name")[:1])
    assignments = list(RoleAssignment.objects.filter(user=user).annotate(**node).values_list("role", "node_id", *node))
    scope = Scope(user_id=user.pk, roles={row[0] for row in assignments})
    if user.is_superuser or Role.ADMIN in scope.roles:
        scope.is_admin = True
        scope.roles.add(Role.ADMIN)
        scope.labels.append((Role.ADMIN, ""))
        return scope
    for role, node_id, area_path, area_name, org_path, org_name in assignments:
        tree = ROLE_TREE.get(role)
        path: str | None = area_path if tree == AREA else org_path
        if tree and node_id is not None and path is not None:
            scope.grants.append((role, tree, path))
            scope.labels.append((role, (area_name if tree == AREA else org_name) or ""))
            if tree == AREA:
                scope.area_grants.append((role, path))
    return scope


def _anchored_orgs(area_grants: list[tuple[str, str]]) -> list[tuple[str, str]]:
    # Party organizations tied to an area the user looks after are theirs to see too: a
    # community secretary sees the community committee and every branch under it.
    if not area_grants:
        return []
    q = Q()
    for _role, path in area_grants:
        q |= Q(area__path__startswith=path)
    found: list[tuple[str, str]] = []
    for org_path, area_path in tree_model(ORG)._default_manager.filter(q).values_list("path", "area__path"):
        for role, path in area_grants:
            if area_path.startswith(path):
                found.append((role, org_path))
    return found


def visible_to(queryset: QS, user: Actor, perm: str | None = None) -> QS:
    model = queryset.model
    spec: dict[str, str] = getattr(model, "SCOPE")  # noqa: B009  (fail loudly if missing)
    view_perm: str = getattr(model, "VIEW_PERM", Perm.VIEW)
    perm = perm or view_perm
    scope = scope_for(user)
    if scope.user_id is None:
        return queryset.none()
    if scope.is_admin:
        return queryset
    condition = Q(pk__in=[])
    for tree, lookup in spec.items():
        for prefix in scope.prefixes(tree, perm):
            condition |= Q(**{f"{lookup}__startswith": prefix})
    self_q = getattr(model, "scope_self_q", None)
    if self_q is not None and perm == view_perm:
        condition |= self_q(user)
    return queryset.filter(condition)


@overload
def get_for(user: Actor, queryset: type[M], pk: int | str | None, *, perm: str | None = None) -> M: ...


@overload
def get_for(user: Actor, queryset: models.QuerySet[M], pk: int | str | None, *, perm: str | None = None) -> M: ...


def get_for(user: Actor, queryset: models.QuerySet[M] | type[M], pk: int | str | None, *, perm: str | None = None) -> M:
    """Fetch one object the user may see, or 404; 403 if seen but `perm` is not granted."""
    qs = queryset._default_manager.all() if isinstance(queryset, type) else queryset
    if pk is None:
        raise Http404
    try:
        pk = int(pk)
    except (TypeError, ValueError) as exc:
        raise Http404 from exc
    obj = visible_to(qs, user).filter(pk=pk).first()
    if obj is None:
        raise Http404
    if perm is not None and perm != getattr(qs.model, "VIEW_PERM", Perm.VIEW):
        require(user, qs.model, obj, perm)
    return obj


def allowed(user: Actor, model: type[models.Model], obj: models.Model, perm: str) -> bool:
    return visible_to(model._default_manager.filter(pk=obj.pk), user, perm).exists()


def require(user: Actor, model: type[models.Model], obj: models.Model, perm: str) -> None:
    from django.core.exceptions import PermissionDenied

    if not allowed(user, model, obj, perm):
        raise PermissionDenied
