from __future__ import annotations

import io

from cryptography.fernet import Fernet
from django.core.management import call_command

from conftest import ID_ZHANGSAN, PHONE_ZHANGSAN
from tongxin.platform.core import crypto
from tongxin.registry.people.models import Resident
from tongxin.registry.people.queries import resident_list


def test_rotation_re_encrypts_with_the_new_key_and_search_still_works(world, secretary, settings):
    old = settings.FIELD_ENCRYPTION_KEYS[0]
    new = Fernet.generate_key().decode()
    settings.FIELD_ENCRYPTION_KEYS = [new, old]
    call_command("rotate_field_key", stdout=io.StringIO())
    settings.FIELD_ENCRYPTION_KEYS = [new]  # the old key is gone
    crypto._fernet.cache_clear()
    zhangsan = Resident.objects.get(pk=world.zhangsan.pk)
    assert zhangsan.id_number_plain() == ID_ZHANGSAN and zhangsan.phone_plain() == PHONE_ZHANGSAN
    assert [r.name for r in resident_list(secretary, search=ID_ZHANGSAN)] == ["张三"]
