"""What each recorded thing is worth in points (积分): defaults here, overrides in the PointRule table.

Points differ from place to place, so nothing here is a setting: the defaults below hold until
an admin changes a rule on the rules page, which writes a PointRule row for that code. Another
app that brings a new kind of point registers its default with `register_rule`.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from tongxin.registry.party.point_sources import SERVICE_HOUR


@dataclass(frozen=True)
class Rule:
    code: str
    label: str | Promise
    unit: str | Promise
    points: Decimal
    yearly_cap: Decimal | None = None
    active: bool = True

    def worth(self) -> Decimal:
        """Points per unit as the computation uses them: an inactive rule is worth nothing."""
        return self.points if self.active else Decimal(0)


MEETING_PRESENT = "meeting_present"
MEETING_EXCUSED = "meeting_excused"
CASE_REPORTED = "case_reported"
POST_MONTH = "post_month"

DEFAULT_RULES: dict[str, Rule] = {}


def register_rule(
    code: str,
    label: str | Promise,
    unit: str | Promise,
    points: Decimal | int | str,
    yearly_cap: Decimal | int | str | None = None,
) -> Rule:
    rule = Rule(code, label, unit, Decimal(points), None if yearly_cap is None else Decimal(yearly_cap))
    DEFAULT_RULES[code] = rule
    return rule


register_rule(MEETING_PRESENT, _("Attended a meeting"), _("meeting"), 2)
register_rule(MEETING_EXCUSED, _("Excused from a meeting (请假)"), _("meeting"), 0)
register_rule(SERVICE_HOUR, _("Service hours"), _("hour"), 1)
register_rule(CASE_REPORTED, _("Reported a case (随手拍)"), _("case"), 1, 10)
register_rule(POST_MONTH, _("Held a post"), _("month"), 2)


def active_rules() -> dict[str, Rule]:
    """Every known rule with this deployment's overrides applied (one query)."""
    from tongxin.partylife.points.models import PointRule

    rules = dict(DEFAULT_RULES)
    for row in PointRule.objects.filter(code__in=list(rules)):
        base = rules[row.code]
        rules[row.code] = Rule(base.code, base.label, base.unit, row.points, row.yearly_cap, row.active)
    return rules
