"""The procedures and council kinds a new installation starts with, from the law and the seeds.

Each is configuration: an office may change names, steps and rules in the admin. Sources are in
docs/decisions/0020-council-voting-rules.md. `ensure_defaults` is idempotent and touches only
the rows it knows by code (the migration runs it; so does the demo).
"""

from __future__ import annotations

from typing import Any

# (code, zh, en, [(step code, zh, en, kind, council kinds)], source)
PROCEDURES: list[tuple[str, str, str, list[tuple[str, str, str, str, str]], str]] = [
    (
        "community",
        "城乡社区协商",
        "Community consultation",
        [
            ("set", "确定议题", "Topic set", "record", ""),
            ("plan", "公布协商方案", "Plan announced", "record", ""),
            ("consult", "召开协商会议", "Consultation meeting", "record", ""),
            ("vote", "表决", "Vote", "vote", ""),
            ("publish", "结果公示", "Result published", "publish", ""),
            ("carry_out", "组织实施", "Carried out", "execute", ""),
            ("evaluate", "评议反馈", "Evaluated", "evaluate", ""),
        ],
        "中办、国办《关于加强城乡社区协商的意见》(2015)",
    ),
    (
        "four_two",
        "四议两公开",
        "Four deliberations, two disclosures",
        [
            ("propose", "村党组织提议", "Proposed by the village Party organization", "record", ""),
            ("discuss", "村两委会议商议", "Discussed by the two committees", "record", ""),
            ("review", "党员大会审议", "Reviewed by the Party members' meeting", "vote", "party_general"),
            (
                "resolve",
                "村民会议或村民代表会议决议",
                "Resolved by the villagers' (representatives') meeting",
                "vote",
                "villagers,village_reps",
            ),
            ("publish", "决议公开", "Resolution made public", "publish", ""),
            ("carry_out", "实施结果公开", "Result carried out and made public", "execute", ""),
        ],
        "《中国共产党农村基层组织工作条例》第十九条；村民委员会组织法",
    ),
    (
        "one_matter",
        "一事一议",
        "Per-matter levy",
        [
            ("propose", "提出议事方案", "Plan proposed", "record", ""),
            ("levy", "筹资筹劳方案", "Money and labour per person", "levy", ""),
            (
                "resolve",
                "村民会议或村民代表会议表决",
                "Voted by the villagers' (representatives') meeting",
                "vote",
                "villagers,village_reps",
            ),
            ("publish", "公示", "Published", "publish", ""),
            ("carry_out", "组织实施，公开出资出劳", "Carried out, who paid and worked made public", "execute", ""),
        ],
        "《村民一事一议筹资筹劳管理办法》(国办发〔2007〕4号)",
    ),
]

# (code, zh, en, basis, quorum (num, den, strict), households (num, den), majority (num, den, strict),
#  majority of entitled, procedure, source)
COUNCIL_KINDS: list[tuple[Any, ...]] = [
    (
        "democratic",
        "民主协商议事会",
        "Democratic consultation council",
        "members",
        (1, 2, True),
        (0, 1),
        (1, 2, True),
        False,
        "community",
        "《关于加强城乡社区协商的意见》; local practice",
    ),
    (
        "alliance",
        "群策联盟议事会",
        "Joint-wisdom alliance council",
        "members",
        (1, 2, True),
        (0, 1),
        (1, 2, True),
        False,
        "community",
        "《关于加强城乡社区协商的意见》; local practice",
    ),
    (
        "residents",
        "居民议事会",
        "Residents' council",
        "members",
        (1, 2, True),
        (0, 1),
        (1, 2, True),
        False,
        "community",
        "《关于加强城乡社区协商的意见》; local practice",
    ),
    (
        "micro",
        "微议事",
        "Micro-consultation group",
        "members",
        (1, 2, True),
        (0, 1),
        (1, 2, True),
        False,
        "community",
        "local practice (seed 004)",
    ),
    (
        "village_reps",
        "村民代表会议",
        "Villagers' representatives' meeting",
        "members",
        (2, 3, False),
        (0, 1),
        (1, 2, True),
        False,
        "four_two",
        "村民委员会组织法 第二十六条",
    ),
    (
        "villagers",
        "村民会议",
        "Villagers' meeting",
        "villagers",
        (1, 2, True),
        (2, 3),
        (1, 2, True),
        False,
        "four_two",
        "村民委员会组织法 第二十二条",
    ),
    (
        "two_committees",
        "两委联席会议",
        "Joint meeting of the two committees",
        "members",
        (1, 2, True),
        (0, 1),
        (1, 2, True),
        False,
        "four_two",
        "local practice",
    ),
    (
        "party_general",
        "党员大会",
        "Party members' general meeting",
        "party",
        (1, 2, True),
        (0, 1),
        (1, 2, True),
        True,
        "four_two",
        "《中国共产党支部工作条例（试行）》第十一条",
    ),
]


def ensure_defaults(procedure_model: Any = None, step_model: Any = None, kind_model: Any = None) -> None:
    """Create the default procedures and council kinds that are missing (models may be a migration's)."""
    if procedure_model is None:
        from tongxin.council.consultation.models import CouncilKind, Procedure, ProcedureStep

        procedure_model, step_model, kind_model = Procedure, ProcedureStep, CouncilKind
    procedures = {}
    for order, (code, zh, en, steps, source) in enumerate(PROCEDURES, start=1):
        procedure, created = procedure_model.objects.get_or_create(
            code=code, defaults={"name_zh": zh, "name_en": en, "sort_order": order, "source": source}
        )
        procedures[code] = procedure
        if created:
            for position, (step_code, step_zh, step_en, kind, kinds) in enumerate(steps, start=1):
                step_model.objects.create(
                    procedure=procedure,
                    position=position,
                    code=step_code,
                    name_zh=step_zh,
                    name_en=step_en,
                    kind=kind,
                    council_kinds=kinds,
                    sort_order=position,
                )
    for order, row in enumerate(COUNCIL_KINDS, start=1):
        code, zh, en, basis, quorum, households, majority, of_entitled, procedure_code, source = row
        kind_model.objects.get_or_create(
            code=code,
            defaults={
                "name_zh": zh,
                "name_en": en,
                "sort_order": order,
                "quorum_basis": basis,
                "quorum_num": quorum[0],
                "quorum_den": quorum[1],
                "quorum_strict": quorum[2],
                "household_num": households[0],
                "household_den": households[1],
                "majority_num": majority[0],
                "majority_den": majority[1],
                "majority_strict": majority[2],
                "majority_of_entitled": of_entitled,
                "procedure": procedures[procedure_code],
                "source": source,
            },
        )
