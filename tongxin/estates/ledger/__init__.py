"""An estate's income and expense ledger (收支台账), approved by the owners' committee, published to
owners, with their questions.
"""
