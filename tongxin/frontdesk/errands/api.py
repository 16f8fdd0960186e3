"""errands in the JSON API (mounted by tongxin/interfaces/api/main.py).

No `from __future__ import annotations`: django-ninja reads the parameter annotations at import.
"""

from ninja import Router

router = Router(tags=["errands"])
