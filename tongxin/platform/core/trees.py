"""The two trees, named for code that must not import the apps that own them (access)."""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.db import models

from tongxin.platform.core.models import TreeNode

AREA = "area"
ORG = "org"
TREE_MODELS = {AREA: "areas.Area", ORG: "party.Organization"}


def tree_model(tree: str) -> type[models.Model]:
    return apps.get_model(TREE_MODELS[tree])


def node_choices(qs: Any, limit: int, selected: TreeNode | None = None) -> list[tuple[int, str]]:
    """Choices for picking a node: indented by depth, in tree order, at most `limit` of them."""
    nodes = list(qs.order_by("path").values_list("pk", "name", "depth")[:limit])
    top = min((depth for _, _, depth in nodes), default=0)
    choices = [(pk, "\u00a0\u00a0" * (depth - top) + name) for pk, name, depth in nodes]
    if selected is not None and selected.pk not in {pk for pk, _ in choices}:
        choices.append((selected.pk, selected.name))
    return choices
