"""Re-encrypt every personal number with the first FIELD_ENCRYPTION_KEY.

Rotation: put the new key first in FIELD_ENCRYPTION_KEY (keeping the old one after it), run
this command, then remove the old key. The lookup hashes do not change (they use
FIELD_HASH_KEY), so searches and uniqueness keep working throughout.
"""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction

from tongxin.platform.core import crypto

ENCRYPTED_FIELDS = ("id_number_enc", "phone_enc")
BATCH = 2000


class Command(BaseCommand):
    help = "Re-encrypt ID and phone numbers with the first key of FIELD_ENCRYPTION_KEY."

    def handle(self, *args: Any, **options: Any) -> None:
        total = 0
        for model in apps.get_models():
            fields = [f.name for f in model._meta.concrete_fields if f.name in ENCRYPTED_FIELDS]
            if not fields:
                continue
            count = 0
            last_pk = 0
            while True:
                with transaction.atomic():
                    rows = list(
                        model._default_manager.filter(pk__gt=last_pk).order_by("pk").only("pk", *fields)[:BATCH]
                    )
                    if not rows:
                        break
                    for row in rows:
                        for name in fields:
                            value = getattr(row, name)
                            if value:
                                setattr(row, name, crypto.rotate(value))
                    model._default_manager.bulk_update(rows, fields)
                count += len(rows)
                last_pk = rows[-1].pk
            total += count
            self.stdout.write(f"{model._meta.label}: {count}")
        self.stdout.write(self.style.SUCCESS(f"Re-encrypted {total} rows with the first key."))
