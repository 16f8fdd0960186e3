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
    # Added after the first release: appended so existing categories keep their sort order.
    ("facilities", None, "公共设施", "Public facilities", "grid", 24, "hours", 5, "days"),
    ("street_light", "facilities", "路灯楼道灯", "Street and stairwell lights", "grid", 24, "hours", 3, "days"),
    ("road_damage", "facilities", "道路破损", "Damaged road or pavement", "community", 24, "hours", 10, "days"),
    # An open manhole is a safety hazard first: the safety limits.
    ("manhole_cover", "facilities", "井盖缺失", "Missing or broken manhole cover", "grid", 2, "hours", 1, "days"),
    ("elevator", "facilities", "电梯故障", "Lift out of order", "community", 4, "hours", 2, "days"),
    # 汛期 (flood season): water in the street is answered within two working hours.
    ("flooding", None, "防汛排涝", "Flooding and drainage", "grid", 2, "hours", 1, "days"),
    ("waterlogging", "flooding", "内涝积水", "Waterlogging", "grid", 2, "hours", 1, "days"),
    ("blocked_drain", "flooding", "雨水篦子堵塞", "Blocked storm drain", "grid", 4, "hours", 2, "days"),
    ("elderly", None, "为老服务", "Services for the elderly", "team", 24, "hours", 3, "days"),
    ("elderly_visit", "elderly", "独居老人探访", "Visiting an elderly person alone", "grid", 4, "hours", 1, "days"),
    ("meal_help", "elderly", "助餐助浴", "Meals and bathing help", "team", 24, "hours", 3, "days"),
    ("flying_wire", "safety", "飞线充电", "E-bike charged from a flying wire", "grid", 2, "hours", 1, "days"),
]


def ensure_default_categories(category_model: Any = None) -> None:
    """Create the default categories that are missing (a migration and the demo both use it)."""
    if category_model is None:
        from tongxin.grid.cases.models import CaseCategory as category_model
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
