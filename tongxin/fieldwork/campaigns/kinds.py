"""The campaign templates: what each kind of campaign from the seeds checks, and how.

A template sets the campaign's kind, what its targets are, the prompt the checker reads on the
phone, a default name, and the case category a problem found becomes (tongxin.grid.cases'
default categories, by code).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from tongxin.fieldwork.campaigns.models import CampaignKind, PointKind, TargetKind


@dataclass(frozen=True)
class Template:
    kind: str
    target_kind: str
    point_kind: str
    name: str | Promise
    prompt: str | Promise
    # Case categories tried in order: the first that exists and is active is used.
    categories: tuple[str, ...]


TEMPLATES: dict[str, Template] = {
    CampaignKind.FLOOD: Template(
        CampaignKind.FLOOD,
        TargetKind.POINT,
        PointKind.RAIN_GRATE,
        _("Flood season check of the rain grates"),
        _("Is the grate clear of leaves and rubbish, its cover in place, and does water drain away?"),
        ("blocked_drain", "flooding", "services"),
    ),
    CampaignKind.SAFETY: Template(
        CampaignKind.SAFETY,
        TargetKind.HOUSEHOLD,
        "",
        _("Safety sweep, door to door"),
        _("Gas and wiring, e-bikes charged indoors or from flying wires, blocked stairwells and fire exits."),
        ("safety", "fire_hazard"),
    ),
    CampaignKind.GEOLOGICAL: Template(
        CampaignKind.GEOLOGICAL,
        TargetKind.POINT,
        PointKind.SLOPE,
        _("Geological hazards sweep of the slopes"),
        _("Cracks, bulges, water seeping out, fallen stones; houses close below the slope."),
        ("safety",),
    ),
    CampaignKind.CENSUS: Template(
        CampaignKind.CENSUS,
        TargetKind.HOUSEHOLD,
        "",
        _("Census visit to every household"),
        _("Visit the household, help fill in the census form, note who was not at home."),
        ("services",),
    ),
    CampaignKind.VACCINATION: Template(
        CampaignKind.VACCINATION,
        TargetKind.HOUSEHOLD,
        "",
        _("Vaccination notice to every household"),
        _("Hand over the notice, tell the dates and place, note who needs help to get there."),
        ("services", "elderly_visit"),
    ),
    CampaignKind.OTHER: Template(
        CampaignKind.OTHER,
        TargetKind.BUILDING,
        "",
        _("Campaign"),
        "",
        ("services",),
    ),
}
