"""One tree component for areas and organizations: rows for nodes, crumbs for a path."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.urls import reverse

from tongxin.platform.access.actor import Actor
from tongxin.platform.access.roles import Perm
from tongxin.platform.access.scope import scope_for, visible_to
from tongxin.platform.core.models import TreeNode


def crumbs_for(
    user: Actor, node: TreeNode, tree: str, detail_name: str, root_label: str, root_url: str
) -> list[dict[str, Any]]:
    """Breadcrumbs following the tree; ancestors outside the user's scope are named, not linked."""
    scope = scope_for(user)
    ancestors = {a.pk: a for a in type(node)._default_manager.filter(pk__in=node.ancestor_ids())}
    crumbs: list[dict[str, Any]] = [{"name": root_label, "url": root_url}]
    for pk in node.ancestor_ids():
        ancestor = ancestors.get(pk)
        if ancestor is None:
            continue
        visible = scope.allows_path(Perm.VIEW, tree, ancestor.path)
        crumbs.append({"name": ancestor.name, "url": reverse(detail_name, args=[pk]) if visible else ""})
    crumbs.append({"name": node.name, "url": ""})
    return crumbs


def move_targets(user: Actor, node: TreeNode, candidates: Any, limit: int) -> list[tuple[int, str]]:
    """Where a node may move: parents of a fitting kind the user may edit, outside its own subtree."""
    qs = visible_to(candidates, user, Perm.EDIT_TREE).exclude(path__startswith=node.path).exclude(pk=node.parent_id)
    return list(qs.order_by("path").values_list("pk", "name")[:limit])


def open_along(
    rows: list[dict[str, Any]],
    open_ids: set[int],
    children_rows: Callable[[Any], list[dict[str, Any]]],
) -> None:
    """Open the rows whose node is on `open_ids`, loading their children, level by level.

    The tree page opens its first level this way, and the path to a search match: a fixed
    number of queries per open level, never one per row.
    """
    for row in rows:
        if row["node"].pk in open_ids and row["has_children"]:
            row["open"] = True
            row["children"] = children_rows(row["node"])
            open_along(row["children"], open_ids, children_rows)
