"""Pledge-item templates a community starts from (configuration: staff rename, add or retire items).

红六条 follows seed 004's six red commitments of members in an estate community; 红十条 is the
longer list villages use beside the villagers' convention. The items are short enough for a
board card; the description says what each means.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

# code -> (label, [(title, description)])
TEMPLATES: dict[str, tuple[object, list[tuple[str, str]]]] = {
    "red_six": (
        _("Six red pledges (红六条)"),
        [
            ("亮身份作表率", "佩戴党徽、亮明身份，在邻里中带头守规矩"),
            ("联系服务群众", "联系周边住户，了解困难，及时反映诉求"),
            ("参加志愿服务", "每年参加志愿服务，参与社区活动"),
            ("带头遵守公约", "带头遵守居民公约，文明养犬、垃圾分类"),
            ("化解邻里矛盾", "发现纠纷及时劝导，协助调解"),
            ("参与社区治理", "参加议事协商，建言献策，监督落实"),
        ],
    ),
    "red_ten": (
        _("Ten red pledges (红十条)"),
        [
            ("带头学习政策", "学习党的政策，向村民宣讲"),
            ("带头遵守村规民约", "自觉遵守村规民约，带动家人邻里"),
            ("带头移风易俗", "红白喜事从简，不大操大办"),
            ("带头发展产业", "带头增收致富，帮带困难户"),
            ("带头美化环境", "门前三包，参与人居环境整治"),
            ("带头孝老爱亲", "孝敬老人，关爱留守儿童"),
            ("带头维护稳定", "不信谣不传谣，及时报告矛盾隐患"),
            ("带头参与议事", "参加四议两公开，监督村务"),
            ("带头志愿服务", "参加巡逻、防汛、帮扶等志愿服务"),
            ("带头联系农户", "每人联系五至十户，上门走访"),
        ],
    ),
}


def template_choices() -> list[tuple[str, object]]:
    return [(code, label) for code, (label, _items) in TEMPLATES.items()]
