"""What a need was raised from: a case, a visit or a council topic, read by model label (apps
registry), never imported — co-building does not import fieldwork or council. A record is read only
through the scope gate, so a need form can be prefilled, and a link back shown, only from what
the user may open themself."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.urls import reverse

from tongxin.cobuilding.projects.models import Need
from tongxin.platform.access.actor import Actor
from tongxin.platform.access.scope import visible_to
from tongxin.platform.core.models import PATH_STEP
from tongxin.registry.areas.models import Area, Level


@dataclass(frozen=True)
class SourceKind:
    model: str  # app_label.Model
    url_name: str


SOURCES: dict[str, SourceKind] = {
    Need.Source.CASE: SourceKind("cases.Case", "cases:detail"),
    Need.Source.PUBLIC: SourceKind("cases.Case", "cases:detail"),
    Need.Source.VISIT: SourceKind("visits.Visit", "visits:detail"),
    Need.Source.TOPIC: SourceKind("consultation.Topic", "consultation:topic"),
}


def source_record(user: Actor, source: str, source_id: Any) -> Any:
    kind = SOURCES.get(source)
    if kind is None or source_id is None:
        return None
    try:
        key = int(source_id)
    except (TypeError, ValueError):
        return None
    if not 0 < key < 2**62:
        return None
    model = apps.get_model(kind.model)
    return visible_to(model._default_manager.all(), user).filter(pk=key).first()


def source_url(user: Actor, need: Need) -> str:
    """The link back to the record the need came from, if the user may open it; else ''."""
    record = source_record(user, need.source, need.source_id)
    return reverse(SOURCES[need.source].url_name, args=[record.pk]) if record is not None else ""


def community_of(place: Area) -> Area | None:
    """The community (or village) a place lies in, or the place itself when it is one."""
    prefixes = [place.path[:i] for i in range(PATH_STEP, len(place.path) + 1, PATH_STEP)]
    return Area.objects.filter(path__in=prefixes, level__in=(Level.COMMUNITY, Level.VILLAGE)).first()


def prefill(user: Actor, source: str, source_id: Any) -> dict[str, Any] | None:
    """The need form's initial values from the record: source, its id and label, the place, a
    description from the record. None when the record is not one the user sees."""
    record = source_record(user, source, source_id)
    if record is None:
        return None
    if source == Need.Source.VISIT:
        household = record.household
        return {
            "source": Need.Source.VISIT,
            "source_id": record.pk,
            "label": f"走访 {household.area.name} {household.number} {record.visited_on:%Y-%m-%d}",
            "place": household.area,
            "description": record.needs or record.findings,
            "title": (record.needs or "").strip().splitlines()[0][:100] if record.needs else "",
        }
    if source in (Need.Source.CASE, Need.Source.PUBLIC):
        public = record.source == "public"
        return {
            "source": Need.Source.PUBLIC if public else Need.Source.CASE,
            "source_id": record.pk,
            "label": f"{record.tracking_code} {record.category}",
            "place": record.area,
            "description": record.description,
            "title": record.description.strip().splitlines()[0][:100] if record.description else "",
        }
    return {
        "source": Need.Source.TOPIC,
        "source_id": record.pk,
        "label": f"{record.tracking_code} {record.title}",
        "place": record.area,
        "description": record.description,
        "title": record.title,
    }
