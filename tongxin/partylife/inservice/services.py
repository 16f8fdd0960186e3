"""Writes of reporting in (双报到) and of help for needy members: each checks every rule, then
writes with an audit record, or refuses whole."""

from __future__ import annotations

import datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.db.models import Q, QuerySet, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from tongxin.partylife.inservice.models import (
    MAX_HOURS,
    MIN_HOURS,
    HelpKind,
    NeedyHelp,
    PostType,
    ReportIn,
    ServiceLog,
)
from tongxin.partylife.inservice.queries import is_own, may_write, may_write_report
from tongxin.partylife.points.models import Post
from tongxin.platform.access.actor import Actor, check, check_at, signed_in
from tongxin.platform.access.roles import Perm
from tongxin.platform.core.audit import audit_record
from tongxin.platform.core.exceptions import DomainError
from tongxin.platform.core.trees import ORG
from tongxin.registry.areas.models import COMMUNITY_LEVELS, Area
from tongxin.registry.party.models import PartyMember

EARLIEST = datetime.date(1990, 1, 1)
MAX_HELP_AMOUNT = Decimal("1000000.00")


def community_posts(community: Area) -> QuerySet[Post]:
    """Posts set up in the community (by one of its organizations, or covering a place in it)."""
    return Post.objects.filter(Q(org__area__path__startswith=community.path) | Q(area__path__startswith=community.path))


def _text(value: Any, limit: int) -> str:
    return str(value or "").strip()[:limit]


def _past_date(value: Any, field: str, errors: dict[str, list[str]], today: datetime.date) -> None:
    if not isinstance(value, datetime.date):
        errors.setdefault(field, []).append(_("Enter a date."))
    elif value < EARLIEST or value > today:
        errors.setdefault(field, []).append(_("Enter a date from 1990 up to today."))


@transaction.atomic
def report_in_create(
    *,
    actor: Actor,
    member: PartyMember,
    community: Area,
    reported_on: datetime.date,
    employer: str = "",
    employer_org: str = "",
    post_type: str = "",
    claimed_post: Post | None = None,
    post: str = "",
    skills: str = "",
    needs: str = "",
    today: datetime.date | None = None,
) -> ReportIn:
    """Staff report a member in to a community (双报到): confirmed at once; one community at a time."""
    check(may_write(actor, member, community))
    return _report_in(
        actor=actor,
        member=member,
        community=community,
        reported_on=reported_on,
        confirmed=True,
        employer=employer,
        employer_org=employer_org,
        post_type=post_type,
        claimed_post=claimed_post,
        post=post,
        skills=skills,
        needs=needs,
        today=today,
    )


@transaction.atomic
def report_in_own(
    *,
    actor: Actor,
    member: PartyMember,
    community: Area,
    employer: str = "",
    employer_org: str = "",
    claimed_post: Post | None = None,
    post: str = "",
    skills: str = "",
    needs: str = "",
    today: datetime.date | None = None,
) -> ReportIn:
    """The member reports in themself (from /me/), today: it waits for the community's staff."""
    check(is_own(actor, member))
    today = today or timezone.localdate()
    return _report_in(
        actor=actor,
        member=member,
        community=community,
        reported_on=today,
        confirmed=False,
        employer=employer,
        employer_org=employer_org,
        claimed_post=claimed_post,
        post=post,
        skills=skills,
        needs=needs,
        today=today,
    )


def _report_in(
    *,
    actor: Actor,
    member: PartyMember,
    community: Area,
    reported_on: datetime.date,
    confirmed: bool,
    employer: str = "",
    employer_org: str = "",
    post_type: str = "",
    claimed_post: Post | None = None,
    post: str = "",
    skills: str = "",
    needs: str = "",
    today: datetime.date | None = None,
) -> ReportIn:
    today = today or timezone.localdate()
    errors: dict[str, list[str]] = {}
    # Lock the member so two reports-in at once cannot both pass the check below.
    member = PartyMember.objects.select_for_update().get(pk=member.pk)
    if community.level not in COMMUNITY_LEVELS:
        errors.setdefault("community", []).append(_("A member reports in to a community or a village."))
    _past_date(reported_on, "reported_on", errors, today)
    if post_type and post_type not in PostType.values:
        errors.setdefault("post_type", []).append(_("Choose a type of post from the list."))
    if claimed_post is not None and not community_posts(community).filter(pk=claimed_post.pk).exists():
        errors.setdefault("claimed_post", []).append(_("Choose a post of the community the member reports in to."))
    current = ReportIn.objects.filter(member=member, active=True).select_related("community").first()
    if current is not None:
        errors.setdefault("member", []).append(
            _("%(name)s has already reported in to %(community)s; end that report-in first.")
            % {"name": member.name, "community": current.community.name}
        )
    if errors:
        raise DomainError(errors)
    now = timezone.now()
    report = ReportIn.objects.create(
        member=member,
        community=community,
        reported_on=reported_on,
        employer=_text(employer, 100),
        employer_org=_text(employer_org, 100),
        post_type=post_type or "",
        claimed_post=claimed_post,
        # The free text names the post when none of the community's posts was chosen.
        post=_text(post, 100) or (claimed_post.title[:100] if claimed_post is not None else ""),
        skills=_text(skills, 200),
        needs=_text(needs, 200),
        created_by=signed_in(actor),
        confirmed_at=now if confirmed else None,
        confirmed_by=signed_in(actor) if confirmed else None,
    )
    audit_record(
        actor=actor,
        action="create",
        obj=report,
        changes={
            "member": member.name,
            "community": community.name,
            "reported_on": reported_on.isoformat(),
            "post": report.post,
            "confirmed": confirmed,
        },
    )
    return report


@transaction.atomic
def report_in_confirm(*, actor: Actor, report: ReportIn) -> ReportIn:
    """Staff confirm a member's own report-in: from now on it counts."""
    check(may_write_report(actor, report))
    now = timezone.now()
    moved = ReportIn.objects.filter(pk=report.pk, active=True, confirmed_at__isnull=True).update(
        confirmed_at=now, confirmed_by=signed_in(actor), updated_at=now
    )
    if not moved:
        raise DomainError(_("This report-in is not waiting for confirmation any more."))
    report.confirmed_at, report.confirmed_by = now, signed_in(actor)
    audit_record(actor=actor, action="update", obj=report, changes={"confirmed_at": [None, now.isoformat()]})
    return report


@transaction.atomic
def report_in_decline(*, actor: Actor, report: ReportIn, reason: str, today: datetime.date | None = None) -> ReportIn:
    """Staff decline a member's own report-in, saying why: it ends unconfirmed, and the member
    may report in again (elsewhere, or with another post)."""
    check(may_write_report(actor, report))
    text = _text(reason, 200)
    if not text:
        raise DomainError({"reason": [_("Say why: the member reads it.")]})
    today = max(today or timezone.localdate(), report.reported_on)
    moved = ReportIn.objects.filter(pk=report.pk, active=True, confirmed_at__isnull=True).update(
        active=False, ended_on=today, end_reason=text, updated_at=timezone.now()
    )
    if not moved:
        raise DomainError(_("This report-in is not waiting for confirmation any more."))
    report.active, report.ended_on, report.end_reason = False, today, text
    audit_record(actor=actor, action="update", obj=report, changes={"declined": text})
    return report


@transaction.atomic
def report_in_end(
    *, actor: Actor, report: ReportIn, ended_on: datetime.date, reason: str = "", today: datetime.date | None = None
) -> ReportIn:
    check(may_write_report(actor, report))
    today = today or timezone.localdate()
    report = ReportIn.objects.select_for_update().get(pk=report.pk)
    errors: dict[str, list[str]] = {}
    if not report.active:
        raise DomainError(_("This report-in has already ended."))
    _past_date(ended_on, "ended_on", errors, today)
    if not errors and ended_on < report.reported_on:
        errors.setdefault("ended_on", []).append(_("A report-in cannot end before the member reported in."))
    if not errors and report.service_logs.filter(served_on__gt=ended_on).exists():
        errors.setdefault("ended_on", []).append(_("Service is recorded after this date; choose a later date."))
    if errors:
        raise DomainError(errors)
    report.active, report.ended_on, report.end_reason = False, ended_on, _text(reason, 200)
    report.save(update_fields=["active", "ended_on", "end_reason", "updated_at"])
    audit_record(
        actor=actor,
        action="update",
        obj=report,
        changes={"ended_on": ended_on.isoformat(), "reason": report.end_reason},
    )
    return report


def _hours(value: Any) -> Decimal | None:
    try:
        hours = Decimal(str(value))
    except (InvalidOperation, ValueError, TypeError):
        return None
    return hours if hours.is_finite() else None


@transaction.atomic
def service_log_record(
    *,
    actor: Actor,
    report: ReportIn,
    served_on: datetime.date,
    hours: Any,
    description: str,
    confirmed: bool,
    today: datetime.date | None = None,
) -> ServiceLog:
    """Record service given under a report-in; `confirmed` when staff enter it, not when the member does."""
    writer = may_write_report(actor, report)
    # The member records their own service too, but only staff's entry counts as confirmed.
    check(writer if confirmed else writer or is_own(actor, report.member))
    today = today or timezone.localdate()
    errors: dict[str, list[str]] = {}
    if not report.active:
        errors.setdefault("__all__", []).append(_("This report-in has ended; service is no longer recorded under it."))
    elif report.confirmed_at is None:
        errors.setdefault("__all__", []).append(
            _("This report-in waits for the community's confirmation; service is recorded once it is confirmed.")
        )
    _past_date(served_on, "served_on", errors, today)
    if "served_on" not in errors and served_on < report.reported_on:
        errors.setdefault("served_on", []).append(_("The service cannot be before the member reported in."))
    amount = _hours(hours)
    if amount is None:
        errors.setdefault("hours", []).append(_("Enter the hours as a number, e.g. 2 or 1.5."))
    elif not MIN_HOURS <= amount <= MAX_HOURS:
        errors.setdefault("hours", []).append(_("Hours of service in one day are from 0.5 to 24."))
    elif amount != amount.quantize(Decimal("0.1")):
        errors.setdefault("hours", []).append(_("Give the hours to one decimal place at most, e.g. 1.5."))
    text = _text(description, 300)
    if not text:
        errors.setdefault("description", []).append(_("Say what was done."))
    if not errors:
        # A day has 24 hours, however many entries it is logged in.
        logged = ServiceLog.objects.filter(member_id=report.member_id, served_on=served_on).aggregate(
            total=Sum("hours")
        )["total"] or Decimal(0)
        if amount is not None and logged + amount > MAX_HOURS:
            errors.setdefault("hours", []).append(
                # The sum's scale differs by database (SQLite 24, PostgreSQL 24.0): say it as people do.
                _("%(logged)s hours are already logged for that day; a day has 24 hours.")
                % {"logged": f"{logged.normalize():f}"}
            )
    if errors:
        raise DomainError(errors)
    assert amount is not None
    now = timezone.now()
    log = ServiceLog.objects.create(
        member_id=report.member_id,
        report_in=report,
        served_on=served_on,
        hours=amount,
        description=text,
        recorded_by=signed_in(actor),
        confirmed_by=signed_in(actor) if confirmed else None,
        confirmed_at=now if confirmed else None,
    )
    audit_record(
        actor=actor,
        action="create",
        obj=log,
        changes={"served_on": served_on.isoformat(), "hours": str(amount), "confirmed": confirmed},
    )
    return log


@transaction.atomic
def service_log_confirm(*, actor: Actor, log: ServiceLog) -> ServiceLog:
    log = ServiceLog.objects.select_for_update().get(pk=log.pk)
    check(may_write_report(actor, log.report_in))
    if log.confirmed_at is not None:
        raise DomainError(_("This entry was confirmed already."))
    log.confirmed_by, log.confirmed_at = signed_in(actor), timezone.now()
    log.save(update_fields=["confirmed_by", "confirmed_at"])
    audit_record(actor=actor, action="update", obj=log, changes={"confirmed": True})
    return log


@transaction.atomic
def needy_help_record(
    *,
    actor: Actor,
    member: PartyMember,
    given_on: datetime.date,
    kind: str,
    amount: Decimal | None = None,
    description: str = "",
    given_by: str = "",
    today: datetime.date | None = None,
) -> NeedyHelp:
    """Record help given to a needy member (困难党员): visits, money or goods, a post arranged."""
    check_at(actor, Perm.PARTY_WORK, ORG, member.org.path)
    today = today or timezone.localdate()
    errors: dict[str, list[str]] = {}
    if not member.is_needy:
        errors.setdefault("__all__", []).append(_("%(name)s is not marked as a needy member.") % {"name": member.name})
    _past_date(given_on, "given_on", errors, today)
    if kind not in HelpKind.values:
        errors.setdefault("kind", []).append(_("Choose the kind of help."))
    elif kind == HelpKind.MATERIAL:
        if amount is None or amount <= 0:
            errors.setdefault("amount", []).append(_("Give the amount in yuan (or the value of the goods)."))
        elif amount > MAX_HELP_AMOUNT or amount != amount.quantize(Decimal("0.01")):
            errors.setdefault("amount", []).append(_("Enter an amount in yuan to the fen, e.g. 500.00."))
    elif amount is not None:
        errors.setdefault("amount", []).append(_("An amount is given for material help only."))
    if kind == HelpKind.OTHER and not _text(description, 300):
        errors.setdefault("description", []).append(_("Say what help was given."))
    if errors:
        raise DomainError(errors)
    row = NeedyHelp.objects.create(
        member=member,
        given_on=given_on,
        kind=kind,
        amount=amount if kind == HelpKind.MATERIAL else None,
        description=_text(description, 300),
        given_by=_text(given_by, 100),
        recorded_by=signed_in(actor),
    )
    audit_record(
        actor=actor,
        action="create",
        obj=row,
        changes={"member": member.name, "kind": kind, "given_on": given_on.isoformat(), "amount": amount},
    )
    return row
