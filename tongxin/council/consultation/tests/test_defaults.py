"""The default council kinds cite the provisions their rules come from
(docs/decisions/0020-council-voting-rules.md)."""

from __future__ import annotations

import pytest

from tongxin.council.consultation import rules
from tongxin.council.consultation.models import CouncilKind

pytestmark = pytest.mark.django_db


def test_each_kind_cites_its_provision():
    sources = dict(CouncilKind.objects.values_list("code", "source"))
    assert "第二十二条" in sources["villagers"] and "第二十六条" in sources["village_reps"]
    # The branch general meeting's two halves are in article 11 of the branch regulations
    # (article 12 is about the branch committee).
    assert "《中国共产党支部工作条例（试行）》第十一条" == sources["party_general"]


@pytest.mark.parametrize(
    "code,entitled,present,yes,result",
    [
        # 村民代表会议: two thirds of 9 members is 6 — six present is enough (以上 includes it).
        ("village_reps", 9, 6, 4, "passed"),
        ("village_reps", 9, 5, 5, "no_quorum"),
        # More than half of those present: 3 of 6 is not enough.
        ("village_reps", 9, 6, 3, "failed"),
        # 党员大会: more than half of those entitled agree, not of those present.
        ("party_general", 10, 6, 5, "failed"),
        ("party_general", 10, 6, 6, "passed"),
        ("party_general", 10, 5, 5, "no_quorum"),
    ],
)
def test_the_defaults_decide_by_the_law(code, entitled, present, yes, result):
    kind = CouncilKind.objects.get(code=code)
    assert rules.outcome(kind, rules.Count(entitled=entitled, present=present), yes) == result
