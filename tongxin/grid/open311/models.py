from __future__ import annotations

import hashlib

from django.db import models
from django.utils.translation import gettext_lazy as _


class Open311Client(models.Model):
    """An outside application allowed to submit service requests (POST requests.json).

    Only the SHA-256 of its key is stored; the key is shown once, when it is issued
    (`manage.py open311_key NAME`). The prefix tells keys apart without revealing them.
    """

    name = models.CharField(_("name"), max_length=50)
    # The office (subdistrict, community or village) the client reports to: a request it cannot
    # place in a grid (an address text alone, a point outside every grid of the office) waits in
    # this office's queue, marked 位置待核实, for a person to place it. Without an office such a
    # request is refused.
    office = models.ForeignKey(
        "areas.Area", verbose_name=_("office"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    key_hash = models.CharField(max_length=64, unique=True)
    prefix = models.CharField(max_length=8)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    revoked = models.BooleanField(_("revoked"), default=False)

    class Meta:
        ordering = ["name", "created_at"]
        verbose_name = _("Open311 client")
        verbose_name_plural = _("Open311 clients")

    def __str__(self) -> str:
        return f"{self.name} {self.prefix}…"

    @staticmethod
    def hash_key(key: str) -> str:
        return hashlib.sha256(key.encode()).hexdigest()
