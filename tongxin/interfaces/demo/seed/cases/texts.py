"""What the demo cases say: which categories come up how often, and the words people use.

Weights follow what the seed articles say grids spend their days on (sanitation, parking and
stairwell clutter first; flooding in 汛期; disputes that a mediator settles). `{b}` is the
building the case is about.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class LeafText:
    weight: float
    # Share found on a grid worker's round (巡查) rather than reported by residents.
    grid_share: float
    # About one household (a leak, an elderly neighbour): the reporter's home is the place.
    at_home: bool
    texts: tuple[str, ...]


LEAVES: dict[str, LeafText] = {
    "sanitation": LeafText(
        16,
        0.7,
        False,
        (
            "{b}楼下垃圾桶满溢，两天无人清运",
            "{b}旁绿化带内有人倾倒建筑垃圾",
            "{b}楼道内小广告乱贴乱画",
            "{b}附近有人露天焚烧垃圾，烟味很大",
            "{b}垃圾分类投放点异味严重，需清洗",
        ),
    ),
    "parking": LeafText(
        10,
        0.65,
        False,
        (
            "{b}门口车辆乱停，堵住消防通道",
            "共享单车在{b}前人行道乱停乱放",
            "僵尸车长期占用{b}附近车位",
        ),
    ),
    "noise": LeafText(
        7,
        0.2,
        True,
        (
            "{b}附近广场舞音响声音太大",
            "{b}楼上装修早上七点前就开始施工",
            "{b}底商夜间营业噪音扰民",
        ),
    ),
    "illegal_construction": LeafText(
        3, 0.6, False, ("{b}一楼住户私自扩建院墙", "{b}顶楼住户私搭阳光房", "{b}楼下有人圈占绿地搭建棚子")
    ),
    "neighbour_dispute": LeafText(
        6,
        0.25,
        True,
        (
            "{b}楼上楼下因漏水赔偿发生争执，双方情绪激动",
            "{b}邻居在楼道堆放杂物引发矛盾",
            "{b}两户因空调外机噪音和滴水产生纠纷",
        ),
    ),
    "family_dispute": LeafText(
        2,
        0.2,
        True,
        ("{b}住户因赡养老人问题产生家庭矛盾，老人请求社区协调", "{b}一户夫妻争吵，邻居反映需上门调解"),
    ),
    "property_dispute": LeafText(
        5,
        0.1,
        False,
        (
            "{b}业主反映物业费上涨未公示，要求物业说明",
            "小区停车收费标准引发{b}业主与物业争议",
            "{b}业主反映维修资金使用不透明",
        ),
    ),
    "labour_dispute": LeafText(
        1, 0.1, False, ("{b}附近商户拖欠两名员工工资，员工求助社区", "{b}装修工人反映工钱被拖欠")
    ),
    "fire_hazard": LeafText(
        4,
        0.75,
        False,
        ("{b}楼道堆放纸箱杂物，堵塞消防通道", "{b}消防栓无水、灭火器过期", "{b}底商占用消防通道停车"),
    ),
    "flying_wire": LeafText(
        5,
        0.8,
        True,
        ("{b}有居民从窗口拉飞线给电动车充电", "{b}电动车推进楼道内充电，存在火灾隐患"),
    ),
    "thrown_objects": LeafText(2, 0.3, True, ("{b}有人从高层往下扔垃圾，险些砸到行人", "{b}楼下发现从高处坠落的花盆")),
    "public_order": LeafText(3, 0.4, False, ("{b}附近夜间有人聚集喝酒喧哗", "{b}单元门禁损坏，陌生人随意进出")),
    "sewage": LeafText(5, 0.35, True, ("{b}化粪池满溢，污水流到路面", "{b}一楼下水道反水，污水漫进屋内")),
    "roof_leak": LeafText(4, 0.15, True, ("{b}顶楼住户反映屋顶漏水，墙面发霉", "{b}楼顶防水层老化，雨天渗水")),
    "elderly_repair": LeafText(
        4,
        0.3,
        True,
        ("{b}独居老人家中水龙头漏水，需上门维修", "{b}老人家中电灯不亮，请帮忙更换", "{b}老人家门锁损坏"),
    ),
    "errand_help": LeafText(3, 0.3, True, ("{b}行动不便老人需代缴水电费", "{b}老人请求代买药品和生活用品")),
    "certificate": LeafText(
        4,
        0.0,
        True,
        ("{b}居民咨询开具居住证明需要哪些材料", "{b}居民办理老年优待证，咨询办理流程", "{b}居民咨询高龄津贴申领"),
    ),
    "street_light": LeafText(
        6, 0.55, False, ("{b}楼道灯不亮已一周", "{b}附近路灯损坏，夜间出行不便", "{b}单元门口声控灯失灵")
    ),
    "road_damage": LeafText(3, 0.6, False, ("{b}门前路面坑洼，雨天积水", "{b}旁人行道地砖松动，老人差点摔倒")),
    "manhole_cover": LeafText(2, 0.7, False, ("{b}附近井盖缺失，存在安全隐患", "{b}路口井盖破损下沉")),
    "elevator": LeafText(3, 0.1, True, ("{b}电梯故障停运，高层老人下楼困难", "{b}电梯运行有异响，居民担心安全")),
    "waterlogging": LeafText(
        3,
        0.6,
        False,
        ("暴雨后{b}附近路面积水没过脚踝", "{b}地下车库进水", "{b}门口低洼处积水排不出去"),
    ),
    "blocked_drain": LeafText(3, 0.7, False, ("{b}附近雨水篦子被树叶垃圾堵塞", "{b}雨水管道堵塞，排水不畅")),
    "elderly_visit": LeafText(
        3,
        0.6,
        True,
        ("{b}独居老人多日未出门，邻居请网格员上门看看", "{b}高龄老人需要定期探访"),
    ),
    "meal_help": LeafText(2, 0.2, True, ("{b}失能老人申请助餐服务", "{b}老人申请助浴上门服务")),
}

# Flooding happens in the flood season (汛期): most of those cases fall in June to August.
SUMMER_LEAVES = frozenset({"waterlogging", "blocked_drain"})

# What the handler writes when the work is done, by group of the category tree.
DONE: dict[str, tuple[str, ...]] = {
    "disputes": (
        "经网格员和人民调解员上门调解，双方达成谅解",
        "组织双方当面协商，签订调解协议",
        "已协调物业与业主沟通，问题解决",
    ),
    "safety": ("已现场清理隐患并告知住户", "已联系物业整改完毕，经复查合格", "已联合综合执法队处置"),
    "services": ("已联系维修人员上门处理", "已协调物业完成维修", "已办理完毕并告知居民"),
    "appearance": ("已联系环卫清运完毕", "已劝导车主挪车并加强巡查", "已联系执法队依法处理"),
    "facilities": ("已报修，维修单位已修复", "已联系物业更换", "已协调主管部门修复"),
    "flooding": ("已组织人员疏通排水，积水已排除", "已清理雨水篦子，排水恢复"),
    "elderly": ("网格员已上门探访，老人身体状况良好", "已安排志愿服务队上门服务", "已联系助餐点每日送餐"),
}
DONE_AGAIN = ("已再次上门处理，问题彻底解决", "已返工处理并请反映人现场确认")
REJECT_REASONS = (
    "不属于社区职责范围，已告知反映人向相关部门反映",
    "经核实与已办结事件重复",
    "经现场核实，反映情况不存在",
)
RETURN_REASONS = ("描述不清，请补充具体位置", "请补充现场照片或具体楼栋单元")
RESUBMIT_NOTES = ("已电话联系反映人补充位置", "反映人已补充具体楼栋单元")
MISDISPATCH_NOTE = "不属于本网格，退回重新派单"
VERIFY_FAILED_NOTE = "现场核查未处理到位，退回继续办理"
REOPEN_NOTES = ("问题还没有解决", "处理不彻底，过几天又出现了")
RATING_NOTES = {
    "satisfied": ("处理很及时，谢谢网格员", "态度很好，问题解决了", ""),
    "fair": ("解决了，就是时间长了点", ""),
    "unsatisfied": ("没有人联系我", ""),
}
SUPERVISION_TEXT = "该事件已超期，请尽快办理并反馈进展"
SUPERVISION_ANSWERS = ("已联系相关单位，预计两日内处理完毕", "正在协调物业和维修单位，明天上门处理")
EXTENSION_REASONS = ("需协调物业和维修单位，申请延期", "需等待材料到货，申请延期")
EXTENSION_GRANTED = "同意延期"
# Outside applications that send cases through Open311.
OPEN311_CLIENTS = ("城市随手拍", "12345热线平台", "市民通小程序")
