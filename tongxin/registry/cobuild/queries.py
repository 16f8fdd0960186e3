"""Scoped reads of resident units."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet

from tongxin.platform.access.actor import Actor
from tongxin.platform.access.roles import Role
from tongxin.platform.access.scope import scope_for, visible_to
from tongxin.platform.core.listing import clean_text
from tongxin.platform.core.people import person_search_q
from tongxin.platform.core.trees import ORG
from tongxin.registry.areas.models import Area
from tongxin.registry.cobuild.models import ResidentUnit, UnitContact


def units_visible_to(user: Actor) -> QuerySet[ResidentUnit]:
    return visible_to(ResidentUnit.objects.all(), user)


def unit_list(user: Actor, *, node: Area | None = None, kind: str = "", search: str = "") -> QuerySet[ResidentUnit]:
    qs = units_visible_to(user).select_related("area", "org").annotate(contact_count=Count("contacts"))
    if node is not None:
        qs = qs.filter(area__path__startswith=node.path)
    if kind:
        qs = qs.filter(kind=kind)
    term = clean_text(search)
    if term:
        contacts = UnitContact.objects.filter(person_search_q(term, with_id=False)).values("unit_id")
        qs = qs.filter(Q(name__icontains=term) | Q(credit_code=term.upper()) | Q(pk__in=contacts))
    return qs.order_by("name", "id")


def units_answered_by(user: Actor) -> QuerySet[ResidentUnit]:
    """The units a user answers for (the unit contact's own units): a unit contact of the unit's
    Party organization, or the contact the unit's record names. The case hand-over
    (grid/cases/handover.py), the units' topics and the unit's portal (/unit/) all ask this."""
    if user is None or user.pk is None:
        return ResidentUnit.objects.none()
    paths = [path for role, tree, path in scope_for(user).grants if role == Role.UNIT_CONTACT and tree == ORG]
    condition = Q(pk__in=UnitContact.objects.filter(user_id=user.pk).values("unit_id"))
    for path in paths:
        condition |= Q(org__path__startswith=path)
    return ResidentUnit.objects.filter(condition).select_related("area", "org").order_by("name", "pk")
