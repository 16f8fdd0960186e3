"""The council kind a rating panel is (评议会): added beside consultation's kinds, not in them.

A 道德评议委员会 (seed 004) is a council of the place like any other: consultation keeps its
members and meetings; ratings only needs its kind to exist. `ensure_panel_kind` is idempotent
(the migration runs it; so does the demo) and touches only the row it knows by code.
"""

from __future__ import annotations

from typing import Any

PANEL = "panel"


def ensure_panel_kind(kind_model: Any = None, procedure_model: Any = None) -> Any:
    """The 'panel' council kind (道德评议委员会), created if missing; None if consultation has no procedures."""
    if kind_model is None:
        from tongxin.council.consultation.models import CouncilKind, Procedure

        kind_model, procedure_model = CouncilKind, Procedure
    found = kind_model.objects.filter(code=PANEL).first()
    if found is not None:
        return found
    procedure = procedure_model.objects.filter(code="community").first() or procedure_model.objects.first()
    if procedure is None:
        return None
    return kind_model.objects.create(
        code=PANEL,
        name_zh="道德评议委员会",
        name_en="Moral review panel",
        sort_order=90,
        quorum_basis="members",
        quorum_num=1,
        quorum_den=2,
        quorum_strict=True,
        household_num=0,
        household_den=1,
        majority_num=1,
        majority_den=2,
        majority_strict=True,
        majority_of_entitled=False,
        procedure=procedure,
        source="local practice (seed 004): 道德评议委员会，依托网格定期开展评星定级",
    )
