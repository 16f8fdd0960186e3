"""Estates without a property company (三位一体: 业委会管钱、居委会管事、业主监督).

- owners: the owners' committee (业委会) with its members and term, and red property (红色物业)
  cross-appointments between the property company and the community's Party organization;
- ledger: the estate's income and expense ledger (收支台账), approved by the committee, published
  monthly to owners, who ask about an entry and get an answer.

The estates themselves are in the registry (registry/areas, `Estate`).
"""
