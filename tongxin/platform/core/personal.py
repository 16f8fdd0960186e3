"""Personal numbers: validation, normalisation and masking.

ID numbers (居民身份证号码) are checked with python-stdnum's `cn.ric` (checksum, birth date,
region); phone numbers with `phonenumbers` for region CN.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

import phonenumbers
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from stdnum import exceptions as stdnum_exceptions
from stdnum.cn import ric

from tongxin.platform.core import crypto

ID_KIND = "ric"
PHONE_KIND = "phone"


@dataclass(frozen=True)
class ProtectedValue:
    """What we store for one personal number: ciphertext, lookup hash and masked form."""

    encrypted: str
    hash: str
    masked: str


def normalize_id_number(value: str) -> str:
    """Validate a Chinese resident ID number and return its compact upper-case form."""
    raw = (value or "").strip()
    if not raw:
        raise ValidationError(_("Enter an ID number."), code="required")
    compact = ric.compact(raw)
    if len(compact) != 18 or not compact[:17].isdigit():
        raise ValidationError(
            _("An ID number has 18 characters: 17 digits and a check digit (0–9 or X)."),
            code="id_format",
        )
    try:
        ric.get_birth_date(compact)
    except stdnum_exceptions.InvalidComponent as exc:
        raise ValidationError(_("The birth date in this ID number does not exist."), code="id_birth_date") from exc
    if ric.get_birth_date(compact) > timezone.localdate():
        raise ValidationError(_("The birth date in this ID number is in the future."), code="id_birth_date")
    try:
        return ric.validate(compact)
    except stdnum_exceptions.InvalidChecksum as exc:
        raise ValidationError(_("The check digit of this ID number is wrong."), code="id_checksum") from exc
    except stdnum_exceptions.InvalidComponent as exc:
        raise ValidationError(
            _("The first six digits of this ID number are not a known region code."), code="id_region"
        ) from exc
    except stdnum_exceptions.ValidationError as exc:
        raise ValidationError(_("This is not a valid ID number."), code="id_invalid") from exc


def id_birth_date(compact: str) -> datetime.date:
    return ric.get_birth_date(compact)


def id_gender(compact: str) -> str:
    """'M' or 'F': the 17th digit is odd for men, even for women (GB 11643)."""
    return "M" if int(compact[16]) % 2 else "F"


def normalize_phone(value: str) -> str:
    """Validate a mainland phone number and return it as digits (mobile: 11 digits)."""
    raw = (value or "").strip()
    if not raw:
        raise ValidationError(_("Enter a phone number."), code="required")
    try:
        parsed = phonenumbers.parse(raw, "CN")
    except phonenumbers.NumberParseException as exc:
        raise ValidationError(_("This is not a phone number."), code="phone_invalid") from exc
    if parsed.country_code != 86 or not phonenumbers.is_valid_number(parsed):
        raise ValidationError(
            _("Enter a valid mainland China phone number, e.g. 13812345678."),
            code="phone_invalid",
        )
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.NATIONAL).replace(" ", "").replace("-", "")


def mask_id_number(compact: str) -> str:
    return compact[:3] + "*" * (len(compact) - 7) + compact[-4:]


def mask_phone(digits: str) -> str:
    if len(digits) == 11:
        return digits[:3] + "****" + digits[-4:]
    return digits[:2] + "*" * max(len(digits) - 4, 0) + digits[-2:]


def protect_id_number(compact: str) -> ProtectedValue:
    return ProtectedValue(crypto.encrypt(compact), crypto.keyed_hash(ID_KIND, compact), mask_id_number(compact))


def protect_phone(digits: str) -> ProtectedValue:
    return ProtectedValue(crypto.encrypt(digits), crypto.keyed_hash(PHONE_KIND, digits), mask_phone(digits))


def lookup_hashes(query: str) -> list[str]:
    """Keyed hashes a search string could match exactly (as an ID number or a phone number)."""
    hashes: list[str] = []
    q = (query or "").strip()
    if not q:
        return hashes
    try:
        hashes.append(crypto.keyed_hash(ID_KIND, normalize_id_number(q)))
    except ValidationError:
        pass
    digits = q.replace(" ", "").replace("-", "")
    if digits.lstrip("+").isdigit() and len(digits) >= 7:
        try:
            hashes.append(crypto.keyed_hash(PHONE_KIND, normalize_phone(digits)))
        except ValidationError:
            pass
    return hashes
