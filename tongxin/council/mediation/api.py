"""Mediation (人民调解) in the JSON API (mounted by tongxin/interfaces/api/main.py)."""

from ninja import Router

router = Router(tags=["mediation"])
