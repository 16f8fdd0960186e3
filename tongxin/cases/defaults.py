"""Default case categories from field practice (DOMAIN.md, "Cases"); admins edit them later."""

from __future__ import annotations

from typing import Any

# code, parent, Chinese, English, handler, accept limit+unit, resolve limit+unit
CATEGORIES = [
    ("disputes", None, "矛盾纠纷", "Disputes", "community", 24, "hours", 5, "days"),
    ("neighbour_dispute", "disputes", "邻里纠纷", "Neighbour dispute", "grid", 24, "hours", 5, "days"),
    ("family_dispute", "disputes", "家庭纠纷", "Family dispute", "community", 24, "hours", 5, "days"),
    ("property_dispute", "disputes", "物业纠纷", "Property management dispute", "community", 24, "hours", 5, "days"),
    ("labour_dispute", "disputes", "劳动纠纷", "Labour dispute", "community", 24, "hours", 5, "days"),
    ("safety", None, "安全隐患", "Safety hazards", "grid", 2, "hours", 1, "days"),
    ("fire_hazard", "safety", "消防隐患", "Fire hazard", "grid", 2, "hours", 1, "days"),
    ("thrown_objects", "safety", "高空抛物", "Objects thrown from heights", "grid", 2, "hours", 1, "days"),
    ("public_order", "safety", "治安问题", "Public order", "community", 2, "hours", 1, "days"),
    ("services", None, "民生服务", "People's services", "grid", 24, "hours", 3, "days"),
    ("sewage", "services", "污水外溢", "Sewage back-flow", "grid", 4, "hours", 2, "days"),
    ("roof_leak", "services", "屋顶漏水", "Roof leak", "grid", 24, "hours", 5, "days"),
    ("elderly_repair", "services", "为老维修", "Repairs for the elderly", "team", 24, "hours", 3, "days"),
    ("errand_help", "services", "代买代缴", "Shopping and bills for those who cannot", "team", 4, "hours", 1, "days"),
    ("certificate", "services", "证明办理", "Certificates and enquiries", "community", 24, "hours", 3, "days"),
    ("appearance", None, "市容环境", "City appearance", "grid", 24, "hours", 5, "days"),
    ("sanitation", "appearance", "环境卫生", "Sanitation", "grid", 24, "hours", 3, "days"),
    ("parking", "appearance", "乱停乱放", "Parking", "grid", 24, "hours", 3, "days"),
    ("illegal_construction", "appearance", "违章搭建", "Illegal construction", "community", 24, "hours", 5, "days"),
    ("noise", "appearance", "噪音扰民", "Noise", "grid", 24, "hours", 3, "days"),
]


def ensure_default_categories(category_model: Any = None) -> None:
    """Create the default categories that are missing (a migration and the demo both use it)."""
    if category_model is None:
        from tongxin.cases.models import CaseCategory as category_model
    made: dict[str, Any] = {}
    for order, (code, parent, zh, en, handler, al, au, rl, ru) in enumerate(CATEGORIES):
        made[code], _ = category_model.objects.get_or_create(
            code=code,
            defaults={
                "parent": made.get(parent),
                "name_zh": zh,
                "name_en": en,
                "handler": handler,
                "accept_limit": al,
                "accept_unit": au,
                "resolve_limit": rl,
                "resolve_unit": ru,
                "sort_order": order,
            },
        )
