"""Sizes and names of the demo world.

Every figure here mirrors a community of the seed articles (DOMAIN.md, "Numbers from the
seeds"); every name is invented. Ages are counted from a fixed date rather than today so that
the same seed gives the same data whenever it runs.
"""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass, replace

REF_DATE = datetime.date(2026, 1, 1)
BATCH = 5000
PASSWORD = "Tongxin#2026"
DEFAULT_SEED = 2026
DEMO_URL = "http://127.0.0.1:8000/"


@dataclass(frozen=True)
class Scale:
    name: str
    districts: int
    subdistricts: int  # per district
    tiny: bool = False

    @property
    def member_factor(self) -> float:
        # Tiny keeps every structure but about a tenth of the members, so it loads in seconds.
        return 0.1 if self.tiny else 1.0


SCALES: dict[str, Scale] = {
    "tiny": Scale("tiny", 1, 1, tiny=True),
    "demo": Scale("demo", 1, 1),
    "district": Scale("district", 1, 10),
    "city": Scale("city", 10, 10),
}


@dataclass(frozen=True)
class AreaPlan:
    """The area tree of one community: how many grids, buildings, households, estates."""

    shape: str
    grids: int
    buildings: int
    households: int
    estates: int
    entrance_share: float  # share of buildings split into entrances (单元)
    village: bool = False
    member_homes: bool = False  # 党员中心户 chosen among the households (seed 002)

    def tiny(self) -> AreaPlan:
        # A handful of households per grid on three buildings, and a few estates: enough to
        # show every structure (an estate spanning grids too) while loading in a second.
        return replace(
            self,
            buildings=3 * self.grids,
            households=4 * self.grids,
            estates=min(self.estates, 2 if self.estates < 6 else 6),
        )


# Order matters: the first community of subdistrict 1 is the one the demo accounts use.
PLANS: tuple[AreaPlan, ...] = (
    # seed 002: 7 grids, 173 buildings, 7,000+ people (≈2,300 households)
    AreaPlan("grid", grids=7, buildings=173, households=2300, estates=5, entrance_share=0.35, member_homes=True),
    # seed 000: 28 estates, ~20,000 residents
    AreaPlan("large", grids=8, buildings=330, households=6600, estates=28, entrance_share=0.4),
    # seed 001: a mid-size community, ~5,000 residents
    AreaPlan("midsize", grids=5, buildings=80, households=1650, estates=6, entrance_share=0.3),
    # seed 004: a village with 2 grids
    AreaPlan("village", grids=2, buildings=48, households=480, estates=0, entrance_share=0.0, village=True),
    # seed 003: estates, one without a property company (三位一体), a joint committee of units
    AreaPlan("estate", grids=3, buildings=30, households=480, estates=3, entrance_share=0.3),
)

# Names used in subdistrict 1 (what the demo accounts see); other places get generated names.
DISTRICT_NAME = "河湾新区"
SUBDISTRICT_NAME = "清河街道"
COMMUNITY_NAMES = {
    "grid": "同心社区",
    "large": "锦华社区",
    "midsize": "文昌路社区",
    "village": "柳营村",
    "estate": "双槐社区",
}
PLACE_FIRST = "清云松柏枫桐槐柳杏桃梅兰竹荷菊金银玉翠明新安康和泰华春秋丰瑞祥福盛兴"
PLACE_SECOND = "河湖溪泉山岭桥园林苑湾塘源峰川洲台坊庄亭港岸堤坪池门"
GRID_NUMERALS = "一二三四五六七八九十"

# Real 6-digit region codes (stdnum's table decides in which birth years each is valid).
REGION_CODES = ("110101", "110105", "411502", "411503", "371502", "150103", "140729", "140121", "150121")
# Kept out of the generator so the fixed persons below can never collide with it.
FIXED_REGION = "110102"
PHONE_PREFIXES = ("138", "139", "150", "186", "137")
FIXED_PHONE_PREFIX = "188"

ESTATE_FIRST = (
    "锦绣",
    "和平",
    "幸福",
    "阳光",
    "翠苑",
    "金桥",
    "银杏",
    "枫林",
    "桂园",
    "康乐",
    "丽景",
    "怡和",
    "泰和",
    "春晖",
)
ESTATE_SECOND = ("家园", "花园", "小区", "新村", "雅居", "嘉园", "华庭", "名苑")

FLOATING_PLACES = (
    "广东省深圳市",
    "浙江省杭州市",
    "江苏省苏州市",
    "上海市浦东新区",
    "北京市海淀区",
    "湖北省武汉市",
    "河南省郑州市",
    "山东省青岛市",
    "福建省厦门市",
    "四川省成都市",
)
EMPLOYERS = (
    "区税务局",
    "市自来水公司",
    "区人民医院",
    "市第三中学",
    "区市场监督管理局",
    "市供电公司",
    "区住房和城乡建设局",
    "市公交集团",
    "区实验小学",
    "市农业科学研究所",
)
NEW_ORGS = ("启航科技有限公司", "同创物业服务有限公司", "惠民家政服务中心", "青禾文化传媒有限公司")

# Resident units (驻区单位): kind, name suffix. Seed 000 counts 25 of them.
UNIT_TEMPLATES: tuple[tuple[str, str], ...] = (
    ("school", "实验小学"),
    ("hospital", "社区卫生服务中心"),
    ("government", "税务所"),
    ("institution", "供电服务中心"),
    ("soe", "燃气公司营业部"),
    ("school", "第二中学"),
    ("hospital", "中医院"),
    ("government", "市场监管所"),
    ("institution", "图书馆"),
    ("soe", "邮政支局"),
    ("private", "商贸有限公司"),
    ("social", "志愿者协会"),
    ("school", "幼儿园"),
    ("institution", "文化馆"),
    ("soe", "自来水公司营业厅"),
    ("government", "综合执法队"),
    ("private", "物业服务有限公司"),
    ("institution", "消防救援站"),
    ("soe", "农商银行支行"),
    ("private", "连锁超市"),
    ("school", "职业技术学校"),
    ("institution", "老年大学"),
    ("social", "慈善协会"),
    ("private", "建筑设计院有限公司"),
    ("hospital", "口腔医院"),
)


def scaled(count: int, factor: float, minimum: int = 1) -> int:
    if factor >= 1:
        return count
    return max(minimum, round(count * factor))


def numeral(n: int) -> str:
    """Chinese numeral for 1..99 (第一网格, 第十一居民小组)."""
    if n <= 10:
        return GRID_NUMERALS[n - 1]
    tens, ones = divmod(n, 10)
    head = "" if tens == 1 else GRID_NUMERALS[tens - 1]
    return head + "十" + (GRID_NUMERALS[ones - 1] if ones else "")


def split(total: int, parts: int, rng: random.Random | None = None, jitter: float = 0.0) -> list[int]:
    """Divide `total` into `parts` whole shares that add up exactly (largest remainder)."""
    if parts <= 0:
        return []
    weights = [1.0 + (rng.uniform(-jitter, jitter) if rng and jitter else 0.0) for _ in range(parts)]
    scale = total / sum(weights)
    raw = [w * scale for w in weights]
    shares = [int(r) for r in raw]
    by_remainder = sorted(range(parts), key=lambda i: raw[i] - shares[i], reverse=True)
    for i in by_remainder[: total - sum(shares)]:
        shares[i] += 1
    return shares
