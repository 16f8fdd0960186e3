"""Scoped reads of the organization tree and party members."""

from __future__ import annotations

from django.db.models import QuerySet

from tongxin.platform.access.actor import Actor
from tongxin.platform.access.scope import scope_for, visible_to
from tongxin.platform.core.people import person_search_q
from tongxin.platform.core.trees import ORG
from tongxin.registry.areas.queries import count_by_prefix
from tongxin.registry.party.models import KIND_FLAGS, MemberKind, MemberQuerySet, Organization, PartyMember


def orgs_visible_to(user: Actor) -> QuerySet[Organization]:
    return visible_to(Organization.objects.all(), user)


def org_roots(user: Actor) -> QuerySet[Organization]:
    scope = scope_for(user)
    if scope.is_admin:
        return Organization.objects.filter(parent__isnull=True).order_by("sort_order", "name", "id")
    return Organization.objects.filter(path__in=scope.roots(ORG)).order_by("path")


def org_children(org: Organization) -> QuerySet[Organization]:
    return Organization.objects.filter(parent=org).select_related("area").order_by("sort_order", "name", "id")


def org_subtree_counts(nodes: list[Organization]) -> dict[int, dict[str, int]]:
    """Sub-organizations and members under each node: two grouped queries per depth."""
    result: dict[int, dict[str, int]] = {}
    by_depth: dict[int, list[Organization]] = {}
    for node in nodes:
        by_depth.setdefault(len(node.path), []).append(node)
    for same_depth in by_depth.values():
        paths = [n.path for n in same_depth]
        orgs = count_by_prefix(Organization.objects.all(), "path", paths)
        members = count_by_prefix(PartyMember.objects.current(), "org__path", paths)
        for node in same_depth:
            result[node.pk] = {"orgs": orgs.get(node.path, 1) - 1, "members": members.get(node.path, 0)}
    return result


def members_visible_to(user: Actor) -> MemberQuerySet:
    return visible_to(PartyMember.objects.all(), user)


def members_on_register(user: Actor) -> QuerySet[PartyMember]:
    """The members a figure counts (the home page, the member list, the organization tree):
    those still on a register here. A member transferred out of the system keeps their record
    for the history (`left_on`), but is no longer one of ours."""
    return members_visible_to(user).current()


def member_list(
    user: Actor, *, node: Organization | None = None, kind: str = "", search: str = ""
) -> QuerySet[PartyMember]:
    qs = members_on_register(user).select_related("org")
    if node is not None:
        qs = qs.filter(org__path__startswith=node.path)
    if kind in KIND_FLAGS:
        qs = qs.filter(**{KIND_FLAGS[kind]: True})
    elif kind in MemberKind.values:
        qs = qs.filter(kind=kind)
    if search:
        qs = qs.filter(person_search_q(search))
    return qs.order_by("org__path", "name_pinyin", "id")


def own_member_record(user: Actor) -> PartyMember | None:
    if not user.is_authenticated:
        return None
    return PartyMember.objects.filter(user=user).select_related("org").first()
