"""Writes of posts and points: a post, a member taking up or leaving one, points by hand, a rule."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from tongxin.partylife.points.models import PointEntry, PointRule, Post, PostHolding, PostKind
from tongxin.partylife.points.rules import DEFAULT_RULES
from tongxin.platform.access.actor import Actor, check, check_at, signed_in
from tongxin.platform.access.roles import Perm
from tongxin.platform.access.scope import scope_for
from tongxin.platform.core.audit import audit_record
from tongxin.platform.core.exceptions import DomainError
from tongxin.platform.core.trees import ORG
from tongxin.registry.areas.models import Area
from tongxin.registry.party.models import Organization, PartyMember

EARLIEST = datetime.date(1990, 1, 1)
# A post may be set to start (or end) a little ahead, e.g. from the first of next month.
AHEAD = datetime.timedelta(days=366)
MAX_ENTRY_POINTS = Decimal(100)
MAX_RULE_POINTS = Decimal(1000)


def _check_date(value: Any, field: str, today: datetime.date, errors: dict[str, list[str]]) -> None:
    if not isinstance(value, datetime.date) or not EARLIEST <= value <= today + AHEAD:
        errors.setdefault(field, []).append(_("Enter a date from 1990 on, at most a year ahead."))


@transaction.atomic
def post_create(
    *, actor: Actor, org: Organization, kind: str, title: str, duties: str = "", area: Area | None = None
) -> Post:
    check_at(actor, Perm.PARTY_WORK, ORG, org.path)
    errors: dict[str, list[str]] = {}
    title = (title or "").strip()
    if kind not in PostKind.values:
        errors["kind"] = [_("Choose the kind of post.")]
    if not title:
        errors["title"] = [_("Give the post a title, e.g. 3号楼责任区 or 政策宣传岗.")]
    if area is not None and (org.area is None or not area.path.startswith(org.area.path)):
        errors["area"] = [_("The area covered must lie in the organization's own area.")]
    if errors:
        raise DomainError(errors)
    post = Post(
        org=org,
        kind=kind,
        title=title[:100],
        duties=(duties or "").strip()[:2000],
        area=area,
        created_by=signed_in(actor),
    )
    post.save()
    audit_record(
        actor=actor,
        action="create",
        obj=post,
        changes={"org": org.name, "kind": kind, "title": post.title, "area": area.name if area else ""},
    )
    return post


def _overlaps(post: Post, member: PartyMember, from_on: datetime.date, to_on: datetime.date | None) -> bool:
    qs = PostHolding.objects.filter(post=post, member=member).filter(Q(to_on__isnull=True) | Q(to_on__gte=from_on))
    if to_on is not None:
        qs = qs.filter(from_on__lte=to_on)
    return qs.exists()


@transaction.atomic
def holding_create(
    *,
    actor: Actor,
    post: Post,
    member: PartyMember,
    from_on: datetime.date,
    to_on: datetime.date | None = None,
    today: datetime.date | None = None,
) -> PostHolding:
    """The member takes up the post from `from_on` (until `to_on`, or open)."""
    check_at(actor, Perm.PARTY_WORK, ORG, post.org.path)
    today = today or timezone.localdate()
    errors: dict[str, list[str]] = {}
    if not member.org.path.startswith(post.org.path):
        errors["member"] = [_("%(name)s is not a member of %(org)s.") % {"name": member.name, "org": post.org.name}]
    _check_date(from_on, "from_on", today, errors)
    if to_on is not None:
        _check_date(to_on, "to_on", today, errors)
        if isinstance(from_on, datetime.date) and isinstance(to_on, datetime.date) and to_on < from_on:
            errors.setdefault("to_on", []).append(_("The end date is before the start date."))
    if not errors and _overlaps(post, member, from_on, to_on):
        errors["member"] = [_("%(name)s already holds this post in that time.") % {"name": member.name}]
    if errors:
        raise DomainError(errors)
    holding = PostHolding.objects.create(post=post, member=member, from_on=from_on, to_on=to_on)
    audit_record(
        actor=actor,
        action="create",
        obj=post,
        changes={"holder": member.name, "from_on": from_on.isoformat(), "to_on": to_on.isoformat() if to_on else ""},
    )
    return holding


@transaction.atomic
def holding_end(
    *, actor: Actor, holding: PostHolding, to_on: datetime.date, today: datetime.date | None = None
) -> PostHolding:
    today = today or timezone.localdate()
    holding = (
        PostHolding.objects.select_for_update(of=("self",)).select_related("post__org", "member").get(pk=holding.pk)
    )
    check_at(actor, Perm.PARTY_WORK, ORG, holding.post.org.path)
    errors: dict[str, list[str]] = {}
    if holding.to_on is not None:
        raise DomainError(_("%(name)s has already left this post.") % {"name": holding.member.name})
    _check_date(to_on, "to_on", today, errors)
    if not errors and to_on < holding.from_on:
        errors["to_on"] = [_("The end date is before the start date.")]
    if errors:
        raise DomainError(errors)
    holding.to_on = to_on
    holding.save(update_fields=["to_on"])
    audit_record(
        actor=actor,
        action="update",
        obj=holding.post,
        changes={"holder": holding.member.name, "to_on": [None, str(to_on)]},
    )
    return holding


@transaction.atomic
def entry_create(
    *,
    actor: Actor,
    member: PartyMember,
    on: datetime.date,
    points: Decimal,
    reason: str,
    today: datetime.date | None = None,
) -> PointEntry:
    """Points given (or taken, when negative) by hand for something no source records."""
    check_at(actor, Perm.PARTY_WORK, ORG, member.org.path)
    today = today or timezone.localdate()
    errors: dict[str, list[str]] = {}
    reason = (reason or "").strip()
    if not isinstance(on, datetime.date) or not EARLIEST <= on <= today:
        errors["on"] = [_("Enter a date from 1990 up to today.")]
    if not isinstance(points, Decimal) or not points.is_finite() or points == 0 or abs(points) > MAX_ENTRY_POINTS:
        errors["points"] = [_("Enter points between -100 and 100, not 0 (negative to take points away).")]
    if not reason:
        errors["reason"] = [_("Say what the points are for.")]
    if errors:
        raise DomainError(errors)
    entry = PointEntry.objects.create(
        member=member, on=on, points=points.quantize(Decimal("0.1")), reason=reason[:200], recorded_by=signed_in(actor)
    )
    audit_record(
        actor=actor,
        action="create",
        obj=entry,
        changes={"member": member.name, "on": on.isoformat(), "points": str(entry.points), "reason": entry.reason},
    )
    return entry


@transaction.atomic
def rule_set(
    *, actor: Actor, code: str, points: Decimal, yearly_cap: Decimal | None, active: bool
) -> dict[str, list[str]]:
    """Override one rule for this deployment (admins only); returns what changed (empty when nothing did)."""
    check(scope_for(actor).is_admin)
    if code not in DEFAULT_RULES:
        raise DomainError(_("There is no such rule."))
    if not points.is_finite() or abs(points) > MAX_RULE_POINTS:
        raise DomainError({"points": [_("Points per unit are between -1000 and 1000.")]})
    if yearly_cap is not None and (not yearly_cap.is_finite() or not 0 <= yearly_cap <= 100000):
        raise DomainError({"yearly_cap": [_("A yearly cap is between 0 and 100,000 points, or empty for none.")]})
    base = DEFAULT_RULES[code]
    row = PointRule.objects.select_for_update().filter(code=code).first()
    before = (row.points, row.yearly_cap, row.active) if row else (base.points, base.yearly_cap, base.active)
    after = (points, yearly_cap, active)
    if before == after:
        return {}
    row = row or PointRule(code=code)
    row.points, row.yearly_cap, row.active = after
    row.save()
    names = ("points", "yearly_cap", "active")
    changes = {n: [str(b), str(a)] for n, b, a in zip(names, before, after, strict=True) if b != a}
    audit_record(actor=actor, action="update", obj=row, changes=changes)
    return changes
