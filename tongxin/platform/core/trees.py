"""The two trees, named for code that must not import the apps that own them (access)."""

from __future__ import annotations

from django.apps import apps
from django.db import models

AREA = "area"
ORG = "org"
TREE_MODELS = {AREA: "areas.Area", ORG: "party.Organization"}


def tree_model(tree: str) -> type[models.Model]:
    return apps.get_model(TREE_MODELS[tree])
