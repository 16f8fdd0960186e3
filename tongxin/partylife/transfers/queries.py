"""Scoped reads of transfers and floating members, with their flags computed in the database."""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import BooleanField, Case, Max, Q, QuerySet, Value, When
from django.db.models.functions import Coalesce
from django.http import Http404

from tongxin.partylife.transfers.history import months_before
from tongxin.partylife.transfers.models import FloatingIn, FloatingOut, Transfer, TransferState
from tongxin.platform.access.actor import Actor
from tongxin.platform.access.roles import Perm
from tongxin.platform.access.scope import scope_for, visible_to
from tongxin.platform.core.trees import ORG
from tongxin.registry.party.models import Organization

# Domain rule: a floating member reports home at least yearly; we flag silence at 6 months,
# and an absence of more than 6 months at a fixed place calls for a formal transfer.
CONTACT_FLAG_MONTHS = 6
FIXED_PLACE_MONTHS = 6


# Transfers still under way (未办结): the list's "open" figure and filter, and the workbench.
PENDING = (TransferState.INITIATED, TransferState.SENT, TransferState.RECEIVED)
PENDING_FILTER = "pending"


def transfers_visible_to(user: Actor, perm: str = Perm.VIEW) -> QuerySet[Transfer]:
    """Transfers either side of which (or the branch placed in) is in the user's scope; a member's own."""
    qs = Transfer.objects.all()
    scope = scope_for(user)
    if scope.user_id is None:
        return qs.none()
    if scope.is_admin:
        return qs
    condition = Q(pk__in=[])
    for prefix in scope.prefixes(ORG, perm):
        condition |= (
            Q(from_org__path__startswith=prefix)
            | Q(to_org__path__startswith=prefix)
            | Q(place_in__path__startswith=prefix)
        )
    if perm == Perm.VIEW:
        condition |= Transfer.scope_self_q(user)
    return qs.filter(condition)


def transfer_for(user: Actor, pk: Any) -> Transfer:
    """One transfer the user may see, or 404 (existence never leaks)."""
    try:
        pk = int(pk)
    except (TypeError, ValueError) as exc:
        raise Http404 from exc
    transfer = (
        transfers_visible_to(user)
        .select_related("from_org", "to_org", "place_in", "member", "member__org")
        .filter(pk=pk)
        .first()
    )
    if transfer is None:
        raise Http404
    return transfer


def with_overdue(qs: QuerySet[Transfer], today: datetime.date) -> QuerySet[Transfer]:
    """A letter sent and not received by the last day it is valid is overdue."""
    return qs.annotate(
        overdue=Case(
            When(state=TransferState.SENT, due_on__lt=today, then=Value(True)),
            default=Value(False),
            output_field=BooleanField(),
        )
    )


def transfer_list(
    user: Actor,
    *,
    today: datetime.date,
    node: Organization | None = None,
    state: str = "",
    direction: str = "",
    overdue: bool = False,
) -> QuerySet[Transfer]:
    qs = with_overdue(transfers_visible_to(user), today).select_related("from_org", "to_org", "place_in")
    if node is not None:
        qs = qs.filter(
            Q(from_org__path__startswith=node.path)
            | Q(to_org__path__startswith=node.path)
            | Q(place_in__path__startswith=node.path)
        )
    if state == PENDING_FILTER:
        qs = qs.filter(state__in=PENDING)
    elif state:
        qs = qs.filter(state=state)
    if direction:
        qs = qs.filter(direction=direction)
    if overdue:
        qs = qs.filter(overdue=True)
    return qs.order_by("-initiated_on", "-id")


def _away(today: datetime.date) -> Q:
    return Q(left_on__lte=today) & (Q(back_on__isnull=True) | Q(back_on__gt=today))


def with_flags(qs: QuerySet[FloatingOut], today: datetime.date) -> QuerySet[FloatingOut]:
    """Annotate `last_contact`, `silent` (no contact for 6 months) and `needs_transfer`."""
    contact_cutoff = months_before(today, CONTACT_FLAG_MONTHS)
    fixed_cutoff = months_before(today, FIXED_PLACE_MONTHS)
    return (
        qs.annotate(last_contact=Max("contacts__on"))
        .annotate(last_touch=Coalesce("last_contact", "left_on"))
        .annotate(
            away=Case(When(_away(today), then=Value(True)), default=Value(False), output_field=BooleanField()),
            silent=Case(
                When(_away(today) & Q(last_touch__lt=contact_cutoff), then=Value(True)),
                default=Value(False),
                output_field=BooleanField(),
            ),
            needs_transfer=Case(
                When(_away(today) & Q(fixed_place=True, left_on__lt=fixed_cutoff), then=Value(True)),
                default=Value(False),
                output_field=BooleanField(),
            ),
        )
    )


def floating_out_list(
    user: Actor, *, today: datetime.date, node: Organization | None = None, flag: str = ""
) -> QuerySet[FloatingOut]:
    qs = visible_to(FloatingOut.objects.all(), user).select_related("member", "member__org", "station")
    if node is not None:
        qs = qs.filter(member__org__path__startswith=node.path)
    qs = with_flags(qs, today)
    if flag == "silent":
        qs = qs.filter(silent=True)
    elif flag == "needs_transfer":
        qs = qs.filter(needs_transfer=True)
    elif flag == "away":
        qs = qs.filter(away=True)
    return qs.order_by("-silent", "-needs_transfer", "-left_on", "-id")


def floating_in_list(user: Actor, *, today: datetime.date, node: Organization | None = None) -> QuerySet[FloatingIn]:
    qs = visible_to(FloatingIn.objects.all(), user).select_related("station")
    if node is not None:
        qs = qs.filter(station__path__startswith=node.path)
    return qs.annotate(
        here=Case(
            When(Q(left_on__isnull=True) | Q(left_on__gt=today), then=Value(True)),
            default=Value(False),
            output_field=BooleanField(),
        )
    ).order_by("-here", "-arrived_on", "-id")


def floating_figures(user: Actor, *, today: datetime.date, node: Organization | None = None) -> dict[str, int]:
    """Counts for the page head, in one query."""
    from django.db.models import Count

    qs = with_flags(visible_to(FloatingOut.objects.all(), user), today)
    if node is not None:
        qs = qs.filter(member__org__path__startswith=node.path)
    # Counting over an aggregate needs a subquery: count the flagged ids.
    base = FloatingOut.objects.filter(pk__in=qs.values("pk"))
    flagged = qs.filter(silent=True).values("pk")
    fixed = qs.filter(needs_transfer=True).values("pk")
    return base.aggregate(
        away=Count("pk", filter=_away(today)),
        silent=Count("pk", filter=Q(pk__in=flagged)),
        needs_transfer=Count("pk", filter=Q(pk__in=fixed)),
    )
