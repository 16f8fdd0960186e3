from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from hypothesis import given
from hypothesis import strategies as st

from conftest import ID_ZHANGSAN, PHONE_ZHANGSAN
from tongxin.platform.core.personal import mask_id_number, mask_phone, normalize_id_number, normalize_phone


def test_masks_look_like_the_paper_forms():
    assert mask_id_number("110101198001010037") == "110***********0037"
    assert mask_phone("13812345678") == "138****5678"


@pytest.mark.parametrize(
    "value,message",
    [
        ("110101198001010038", "校验位"),  # wrong check digit
        ("110101198002300035", "出生日期"),  # 30 February
        ("11010119800101003", "18"),  # too short
        ("999999198001010038", "地区"),  # unknown region code
        ("abc", "18"),
    ],
)
def test_invalid_id_numbers_are_refused_in_the_users_words(value, message, settings):
    from django.utils import translation

    with translation.override("zh-hans"), pytest.raises(ValidationError) as exc:
        normalize_id_number(value)
    assert message in " ".join(exc.value.messages)


def test_valid_id_number_is_normalised():
    assert normalize_id_number(" 110101198001010037 ") == "110101198001010037"


@pytest.mark.parametrize("value", ["12345", "23812345678", "+1 202 555 0100", "phone"])
def test_invalid_phone_numbers_are_refused(value):
    with pytest.raises(ValidationError) as exc:
        normalize_phone(value)
    assert exc.value.code == "phone_invalid"


def test_phone_number_forms_are_normalised():
    assert normalize_phone("138 1234 5678") == "13812345678"
    assert normalize_phone("+86 138-1234-5678") == "13812345678"


@given(st.text(max_size=40))
def test_id_validation_never_crashes_on_any_text(value):
    try:
        normalize_id_number(value)
    except ValidationError:
        pass


@pytest.mark.django_db(transaction=True)
def test_plain_numbers_are_not_in_the_database(world, tmp_path):
    """The ID and phone numbers are stored encrypted: no column holds the plain value."""
    assert world.zhangsan.id_number_plain() == ID_ZHANGSAN
    with connection.cursor() as cursor:
        tables = connection.introspection.table_names(cursor)
        for table in tables:
            cursor.execute(f'SELECT * FROM "{table}"')  # noqa: S608  (table names from introspection)
            for values in cursor.fetchall():
                text = " ".join(str(v) for v in values)
                assert ID_ZHANGSAN not in text, table
                assert PHONE_ZHANGSAN not in text, table
    if connection.vendor == "sqlite":
        # The database file itself, as a newcomer's demo would keep it on disk.
        target = tmp_path / "copy.sqlite3"
        with connection.cursor() as cursor:
            cursor.execute("VACUUM INTO %s", [str(target)])
        data = target.read_bytes()
        assert ID_ZHANGSAN.encode() not in data
        assert PHONE_ZHANGSAN.encode() not in data
        assert "张三".encode() in data  # the copy really holds the registry


@pytest.mark.django_db
def test_exact_lookup_by_keyed_hash(world, secretary):
    from tongxin.registry.people.queries import resident_list

    assert [r.name for r in resident_list(secretary, search=ID_ZHANGSAN)] == ["张三"]
    assert [r.name for r in resident_list(secretary, search=PHONE_ZHANGSAN)] == ["张三"]
    # A partial number finds nobody: only exact numbers are looked up.
    assert list(resident_list(secretary, search=ID_ZHANGSAN[:10])) == []
