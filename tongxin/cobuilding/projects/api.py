"""projects (co-building) in the JSON API (mounted by tongxin/interfaces/api/main.py)."""

from ninja import Router

router = Router(tags=["projects"])
