"""Batched inserts with ids allocated up front.

Allocating ids ourselves (from max(id) + 1) lets a child refer to its parent, and a tree node
carry its materialized path, before anything is written: every row is inserted exactly once
with `bulk_create`, and nothing is saved row by row. Foreign keys in Django's SQLite and
PostgreSQL schemas are deferred to commit, and buffers are flushed in dependency order anyway.
"""

from __future__ import annotations

from collections import Counter
from typing import Any, TypeVar

from django.core.management.color import no_style
from django.db import connection, models
from django.db.models import Max

from tongxin.grid.cases.models import Case, CaseEvent, CaseTransition
from tongxin.interfaces.demo.seed.config import BATCH
from tongxin.platform.core.models import PATH_STEP, TreeNode, path_segment
from tongxin.registry.areas.models import Area, Estate, Household
from tongxin.registry.cobuild.models import ResidentUnit, UnitContact
from tongxin.registry.party.models import Organization, PartyMember
from tongxin.registry.people.models import Resident

M = TypeVar("M", bound=models.Model)
N = TypeVar("N", bound=TreeNode)

# Parents before children, so a flush never inserts a row whose parent is still buffered.
ORDER: tuple[type[models.Model], ...] = (
    Area,
    Estate,
    Organization,
    Household,
    Resident,
    PartyMember,
    ResidentUnit,
    UnitContact,
    Case,
    CaseTransition,
    CaseEvent,
)
CategoryLink = Resident.care_categories.through


class BulkWriter:
    def __init__(self, batch: int = BATCH) -> None:
        self.batch = batch
        self.next_id = {model: (model._default_manager.aggregate(m=Max("id"))["m"] or 0) + 1 for model in ORDER}
        self.buffers: dict[type[models.Model], list[models.Model]] = {model: [] for model in ORDER}
        self.links: list[models.Model] = []
        self.written: Counter[str] = Counter()

    def add(self, obj: M) -> M:
        model = type(obj)
        obj.pk = self.next_id[model]
        self.next_id[model] += 1
        buffer = self.buffers[model]
        buffer.append(obj)
        if len(buffer) >= self.batch:
            self.flush()
        return obj

    def node(self, model: type[N], parent: N | None, **fields: Any) -> N:
        """A tree node with its path computed from its parent's (see core.models)."""
        obj = model(parent=parent, **fields)
        obj.pk = self.next_id[model]
        obj.path = (parent.path if parent is not None else "") + path_segment(obj.pk)
        obj.depth = len(obj.path) // PATH_STEP - 1
        return self.add(obj)

    def link(self, resident_id: int, category_id: int) -> None:
        self.links.append(CategoryLink(resident_id=resident_id, carecategory_id=category_id))
        if len(self.links) >= self.batch:
            self.flush()

    def flush(self) -> None:
        for model in ORDER:
            buffer = self.buffers[model]
            if buffer:
                model._default_manager.bulk_create(buffer, batch_size=self.batch)
                self.written[model.__name__] += len(buffer)
                buffer.clear()
        if self.links:
            CategoryLink._default_manager.bulk_create(self.links, batch_size=self.batch)
            self.written["care links"] += len(self.links)
            self.links.clear()

    def finish(self) -> None:
        self.flush()
        # Rows were inserted with explicit ids; PostgreSQL's sequences do not see that and
        # would hand the same ids out again. (SQLite keeps its counter in step by itself.)
        statements = connection.ops.sequence_reset_sql(no_style(), list(ORDER))
        if statements:
            with connection.cursor() as cursor:
                for sql in statements:
                    cursor.execute(sql)
