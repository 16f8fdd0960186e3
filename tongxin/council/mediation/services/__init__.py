"""Mediation's writes (keyword-only, transactional, checking their actor)."""

from tongxin.council.mediation.services.agreements import agreement_accessed, agreement_save, agreement_scan_upload
from tongxin.council.mediation.services.cases import (
    case_from_handover,
    case_open,
    case_settle,
    followup_record,
    party_add,
    party_reveal,
    session_record,
)
from tongxin.council.mediation.services.committees import committee_create, mediator_add, mediator_end, sweep_record

__all__ = [
    "agreement_accessed",
    "agreement_save",
    "agreement_scan_upload",
    "case_from_handover",
    "case_open",
    "case_settle",
    "committee_create",
    "followup_record",
    "mediator_add",
    "mediator_end",
    "party_add",
    "party_reveal",
    "session_record",
    "sweep_record",
]
