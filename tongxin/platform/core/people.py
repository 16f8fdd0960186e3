"""Abstract models for anyone the registries hold: a searchable name and protected numbers."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from pypinyin import lazy_pinyin

from tongxin.platform.core import crypto
from tongxin.platform.core.personal import ProtectedValue, lookup_hashes


def pinyin_of(name: str) -> tuple[str, str]:
    """Full pinyin and initials, lower-case without tones: 张三 -> ("zhangsan", "zs")."""
    syllables = lazy_pinyin(name, errors="ignore")
    full = "".join(syllables).lower()
    initials = "".join(s[0] for s in syllables if s).lower()
    return full[:200], initials[:50]


class NamedPerson(models.Model):
    name = models.CharField(_("name"), max_length=50)
    name_pinyin = models.CharField(max_length=200, db_index=True, editable=False, default="")
    name_initials = models.CharField(max_length=50, db_index=True, editable=False, default="")

    class Meta:
        abstract = True

    def set_name(self, name: str) -> None:
        self.name = name.strip()
        self.name_pinyin, self.name_initials = pinyin_of(self.name)


class ProtectedPhone(models.Model):
    phone_enc = models.TextField(blank=True, default="", editable=False)
    phone_hash = models.CharField(max_length=64, blank=True, default="", db_index=True, editable=False)
    phone_masked = models.CharField(_("phone"), max_length=20, blank=True, default="", editable=False)

    class Meta:
        abstract = True

    def set_phone(self, value: ProtectedValue | None) -> None:
        self.phone_enc, self.phone_hash, self.phone_masked = (
            (value.encrypted, value.hash, value.masked) if value else ("", "", "")
        )

    def protected_phone(self) -> ProtectedValue:
        return ProtectedValue(self.phone_enc, self.phone_hash, self.phone_masked)

    def phone_plain(self) -> str:
        return crypto.decrypt(self.phone_enc) if self.phone_enc else ""


class ProtectedIdentity(ProtectedPhone):
    id_number_enc = models.TextField(blank=True, default="", editable=False)
    # NULL when there is no number, so the unique constraint lets many rows have none.
    id_number_hash = models.CharField(max_length=64, null=True, blank=True, editable=False)
    id_number_masked = models.CharField(_("ID number"), max_length=20, blank=True, default="", editable=False)

    class Meta:
        abstract = True

    def set_id_number(self, value: ProtectedValue | None) -> None:
        if value is None:
            self.id_number_enc, self.id_number_hash, self.id_number_masked = "", None, ""
        else:
            self.id_number_enc, self.id_number_hash, self.id_number_masked = value.encrypted, value.hash, value.masked

    def protected_id_number(self) -> ProtectedValue:
        return ProtectedValue(self.id_number_enc, self.id_number_hash or "", self.id_number_masked)

    def id_number_plain(self) -> str:
        return crypto.decrypt(self.id_number_enc) if self.id_number_enc else ""


def person_search_q(query: str, *, prefix: str = "", with_id: bool = True) -> Q:
    """Name, full pinyin, pinyin initials, or an exact ID / phone number."""
    from tongxin.platform.core.listing import clean_text

    q = clean_text(query)
    if not q:
        return Q()
    condition = Q(**{f"{prefix}name__icontains": q})
    lowered = q.lower().replace(" ", "")
    if lowered.isascii() and lowered.isalpha():
        condition |= Q(**{f"{prefix}name_initials__startswith": lowered})
        condition |= Q(**{f"{prefix}name_pinyin__startswith": lowered})
    hashes = lookup_hashes(q)
    if hashes:
        condition |= Q(**{f"{prefix}phone_hash__in": hashes})
        if with_id:
            condition |= Q(**{f"{prefix}id_number_hash__in": hashes})
    return condition
