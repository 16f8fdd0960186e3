"""Encryption at rest and keyed hashes for personal numbers (ID, phone).

The ciphertext (Fernet: AES-128-CBC + HMAC) is what the database stores; a keyed HMAC-SHA256
of the normalised value sits beside it so that an exact search or a uniqueness constraint
never needs the plain value. MultiFernet lets keys rotate: the first key encrypts, all decrypt.
"""

from __future__ import annotations

import hashlib
import hmac
from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


@lru_cache(maxsize=1)
def _fernet(keys: tuple[str, ...]) -> MultiFernet:
    try:
        return MultiFernet([Fernet(key.encode()) for key in keys])
    except ValueError as exc:
        raise ImproperlyConfigured("FIELD_ENCRYPTION_KEY must be Fernet keys (urlsafe base64 of 32 bytes)") from exc


def fernet() -> MultiFernet:
    return _fernet(tuple(settings.FIELD_ENCRYPTION_KEYS))


def encrypt(plain: str) -> str:
    return fernet().encrypt(plain.encode()).decode()


def decrypt(token: str) -> str:
    try:
        return fernet().decrypt(token.encode()).decode()
    except InvalidToken as exc:
        raise ImproperlyConfigured("Cannot decrypt a personal field: wrong key?") from exc


def rotate(token: str) -> str:
    return fernet().rotate(token.encode()).decode()


def keyed_hash(kind: str, plain: str) -> str:
    """HMAC of a normalised value; `kind` keeps an ID number and a phone number apart."""
    key = settings.FIELD_HASH_KEY.encode()
    return hmac.new(key, f"{kind}:{plain}".encode(), hashlib.sha256).hexdigest()
