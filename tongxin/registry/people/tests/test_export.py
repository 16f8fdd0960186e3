from __future__ import annotations

from io import BytesIO

from django.urls import reverse
from openpyxl import load_workbook

from conftest import ID_ZHANGSAN, PHONE_ZHANGSAN
from tongxin.platform.core.models import AuditEvent


def test_secretary_exports_the_filtered_list_masked_and_audited(world, secretary, client):
    client.force_login(secretary)
    response = client.get(reverse("residents:export"), {"category": "empty_nest"}, REMOTE_ADDR="10.0.0.7")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    sheet = load_workbook(BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "姓名"
    assert [r[0] for r in rows[1:]] == ["张三"]  # 李四 is not empty-nest; 王五 is in another community
    assert rows[1][7] == "110***********0037" and rows[1][8] == "138****5678"
    text = repr(rows)
    assert ID_ZHANGSAN not in text and PHONE_ZHANGSAN not in text
    event = AuditEvent.objects.get(action="export")
    assert (event.actor, event.ip_address, event.changes["rows"], event.changes["category"]) == (
        secretary,
        "10.0.0.7",
        1,
        "empty_nest",
    )


def test_export_is_scoped_like_the_page(world, street_officer, client):
    client.force_login(street_officer)
    sheet = load_workbook(BytesIO(client.get(reverse("residents:export")).content)).active
    assert sorted(r[0] for r in list(sheet.iter_rows(values_only=True))[1:]) == ["张三", "李四", "王五"]
