"""Scoped reads of the resident registry."""

from __future__ import annotations

from django.db.models import Prefetch, Q, QuerySet

from tongxin.platform.access.actor import Actor
from tongxin.platform.access.scope import visible_to
from tongxin.platform.core.listing import clean_text
from tongxin.platform.core.people import person_search_q
from tongxin.registry.areas.models import Area, Household
from tongxin.registry.areas.queries import households_visible_to, lived_in, with_resident_count
from tongxin.registry.people.models import CareCategory, Resident


def residents_visible_to(user: Actor) -> QuerySet[Resident]:
    return visible_to(Resident.objects.all(), user)


def resident_list(user: Actor, *, node: Area | None = None, category: str = "", search: str = "") -> QuerySet[Resident]:
    qs = residents_visible_to(user).select_related("household", "household__area", "household__grid")
    if node is not None:
        qs = qs.filter(household__area__path__startswith=node.path)
    if category:
        qs = qs.filter(care_categories__code=category)
    if search:
        qs = qs.filter(person_search_q(search))
    return qs.prefetch_related(
        Prefetch("care_categories", queryset=CareCategory.objects.order_by("-is_builtin", "sort_order", "code"))
    ).order_by("household__area__path", "household__number", "id")


def care_categories() -> QuerySet[CareCategory]:
    return CareCategory.objects.all()


def household_list(
    user: Actor, *, node: Area | None = None, category: str = "", search: str = "", occupied: bool = False
) -> QuerySet[Household]:
    qs = with_resident_count(households_visible_to(user).select_related("area", "grid"))
    if occupied:
        qs = lived_in(qs)
    if node is not None:
        qs = qs.filter(area__path__startswith=node.path)
    if category:
        qs = qs.filter(pk__in=Resident.objects.filter(care_categories__code=category).values("household_id"))
    term = clean_text(search)
    if term:
        matching = Resident.objects.filter(person_search_q(term)).values("household_id")
        qs = qs.filter(Q(number__icontains=term) | Q(area__name__icontains=term) | Q(pk__in=matching))
    return qs.order_by("area__path", "number", "id")
