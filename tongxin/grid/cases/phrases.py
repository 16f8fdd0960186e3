"""Common phrases offered under the description, per category (tap to insert).

A grid worker in a stairwell types with one thumb: the words most reports of a kind share are
one tap away, and the worker adds what is particular. Keyed by category code; a category
without its own phrases offers its parent's, then the general ones.
"""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

GENERAL: tuple[Promise, ...] = (
    _("Found on my round today."),
    _("Residents have complained more than once."),
    _("It needs to be dealt with soon."),
)

PHRASES: dict[str, tuple[Promise, ...]] = {
    "disputes": (_("The two sides have argued several times."), _("Mediation by the grid has not settled it.")),
    "neighbour_dispute": (
        _("Neighbours upstairs and downstairs are in dispute."),
        _("The two sides have argued several times."),
        _("Mediation by the grid has not settled it."),
    ),
    "safety": (_("A danger to people passing by."), _("Cordoned off for now."), _("Needs to be removed today.")),
    "fire_hazard": (
        _("Things piled up in the stairwell block the escape route."),
        _("The fire extinguisher is missing or expired."),
        _("The fire door is locked or blocked."),
    ),
    "flying_wire": (
        _("An e-bike is charged from a cable hung out of a window."),
        _("E-bikes are charged in the stairwell."),
    ),
    "thrown_objects": (_("Something was thrown from a window."), _("Nobody was hurt.")),
    "sewage": (
        _("Sewage is backing up on the ground floor."),
        _("The drain pipe is blocked."),
        _("It smells and affects the residents."),
    ),
    "roof_leak": (
        _("Water leaks through the top-floor ceiling."),
        _("The stairwell wall is damp."),
        _("It gets worse when it rains."),
    ),
    "sanitation": (_("Rubbish has piled up and not been collected."), _("The bins are overflowing.")),
    "parking": (_("A car blocks the fire lane."), _("Bicycles block the entrance.")),
    "noise": (_("Noise late at night."), _("Loud music from the square."), _("Building work outside permitted hours.")),
    "illegal_construction": (_("A shed was built on the roof."), _("A wall was built across a shared space.")),
    "street_light": (_("The stairwell light is out."), _("The street light does not come on at night.")),
    "manhole_cover": (_("A manhole cover is missing."), _("A manhole cover is broken or loose.")),
    "road_damage": (_("The pavement is broken and uneven."), _("A pothole in the road.")),
    "elevator": (_("The lift is out of order."), _("Someone is trapped in the lift.")),
    "flooding": (_("Water stands in the street after the rain."), _("Water is entering the basement.")),
    "waterlogging": (_("Water stands in the street after the rain."), _("Water is entering the basement.")),
    "blocked_drain": (_("The storm drain grating is blocked with leaves."), _("Water does not drain away.")),
    "elderly": (_("An elderly person living alone needs help."),),
    "elderly_visit": (_("An elderly person living alone has not been seen for days."), _("Nobody answers the door.")),
    "elderly_repair": (_("An elderly resident needs a repair at home."),),
}


def phrases_for(code: str, parent_code: str | None) -> list[str]:
    chosen = PHRASES.get(code) or (PHRASES.get(parent_code) if parent_code else None) or GENERAL
    return [str(p) for p in chosen]
