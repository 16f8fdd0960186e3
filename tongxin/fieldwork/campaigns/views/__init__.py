"""The campaign pages (a package: the office's pages, the phone's, the inspection points')."""

from tongxin.fieldwork.campaigns.views.campaigns import (
    campaign_close,
    campaign_detail,
    campaign_new,
    campaign_start,
    campaign_summary,
    campaigns,
)
from tongxin.fieldwork.campaigns.views.field import target_ok, target_problem, targets
from tongxin.fieldwork.campaigns.views.points import point_edit, point_new, points

__all__ = [
    "campaign_close",
    "campaign_detail",
    "campaign_new",
    "campaign_start",
    "campaign_summary",
    "campaigns",
    "point_edit",
    "point_new",
    "points",
    "target_ok",
    "target_problem",
    "targets",
]
