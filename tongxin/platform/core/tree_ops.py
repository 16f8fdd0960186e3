"""Keeping materialized paths right when nodes are added and moved."""

from __future__ import annotations

from django.db.models import F, Value
from django.db.models.functions import Concat, Substr

from tongxin.platform.core.models import PATH_STEP, TreeNode, path_segment


def node_insert(node: TreeNode) -> TreeNode:
    """Save a new node and give it its path (its id is part of the path)."""
    node.save()
    parent_path = node.parent.path if node.parent else ""
    node.path = parent_path + path_segment(node.pk)
    node.depth = len(node.path) // PATH_STEP - 1
    type(node)._default_manager.filter(pk=node.pk).update(path=node.path, depth=node.depth)
    return node


def subtree_move(node: TreeNode, new_parent: TreeNode | None) -> int:
    """Move a node with its whole subtree under `new_parent`; returns rows rewritten.

    One UPDATE rewrites the path prefix of every node in the subtree, so a move costs the
    same for a building as for a community with thousands of nodes.
    """
    model = type(node)
    old_path = node.path
    new_path = (new_parent.path if new_parent else "") + path_segment(node.pk)
    depth_delta = (len(new_path) - len(old_path)) // PATH_STEP
    model._default_manager.filter(pk=node.pk).update(parent=new_parent)
    rows = model._default_manager.filter(path__startswith=old_path).update(
        path=Concat(Value(new_path), Substr("path", len(old_path) + 1)),
        depth=F("depth") + depth_delta,
    )
    node.parent = new_parent
    node.path = new_path
    node.depth = node.depth + depth_delta
    return rows
