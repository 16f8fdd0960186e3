"""Writes to owners' committees and cross-appointments, by the community's office (Perm.ESTATE)."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from tongxin.estates.owners.models import Committee, CrossAppointment, Member, Post
from tongxin.platform.access.actor import Actor, signed_in
from tongxin.platform.access.protect import apply_identity
from tongxin.platform.core.audit import audit_record
from tongxin.platform.core.exceptions import DomainError, Forbidden
from tongxin.registry.areas.models import Estate
from tongxin.registry.people.models import Resident

MAX_MEMBERS = 15


def check_keeps(actor: Actor, estate: Estate) -> None:
    from tongxin.estates.owners.queries import may_keep

    if not may_keep(actor, estate):
        raise Forbidden(_("Only the community's office may keep the estate's records."))


def clean(value: Any, limit: int, *, field: str, required: bool = False) -> str:
    """Text without control characters, trimmed, at most `limit` characters."""
    text = "".join(c for c in str(value or "") if c >= " " or c in "\n\t").replace("\x7f", "").strip()
    if required and not text:
        raise DomainError({field: _("This field is required.")})
    if len(text) > limit:
        raise DomainError({field: _("At most %(limit)d characters.") % {"limit": limit}})
    return text


def _date(value: Any, field: str) -> datetime.date:
    if not isinstance(value, datetime.date) or not 2000 <= value.year <= 2100:
        raise DomainError({field: _("Enter a date as year-month-day, e.g. 2026-03-08.")})
    return value


@transaction.atomic
def committee_save(
    *,
    actor: Actor,
    estate: Estate | None = None,
    committee: Committee | None = None,
    elected_on: datetime.date,
    term_starts: datetime.date,
    term_ends: datetime.date,
    note: str = "",
) -> Committee:
    """Record an elected term of the estate's owners' committee, or correct one."""
    if committee is not None:
        estate = committee.estate
    if estate is None:
        raise DomainError(_("Choose an estate."))
    check_keeps(actor, estate)
    elected_on, term_starts, term_ends = (
        _date(elected_on, "elected_on"),
        _date(term_starts, "term_starts"),
        _date(term_ends, "term_ends"),
    )
    if elected_on > term_starts:
        raise DomainError({"elected_on": _("The committee is elected before its term starts.")})
    if term_ends <= term_starts:
        raise DomainError({"term_ends": _("The term ends after it starts.")})
    if (term_ends - term_starts).days > 5 * 366:
        raise DomainError({"term_ends": _("A term lasts at most five years.")})
    created = committee is None
    if committee is None:
        committee = Committee(estate=estate, created_by=signed_in(actor))
    committee.elected_on, committee.term_starts, committee.term_ends = elected_on, term_starts, term_ends
    committee.note = clean(note, 2000, field="note")
    try:
        with transaction.atomic():
            committee.save()
    except IntegrityError as exc:
        raise DomainError({"term_starts": _("This estate already has a term starting that day.")}) from exc
    audit_record(
        actor=actor,
        action="create" if created else "update",
        obj=committee,
        changes={"term": [str(term_starts), str(term_ends)]},
    )
    return committee


@transaction.atomic
def member_save(
    *,
    actor: Actor,
    committee: Committee | None = None,
    member: Member | None = None,
    name: str,
    post: str,
    phone: str | None = None,
    resident: Resident | None = None,
) -> Member:
    """Add a member to a term, or correct one. `phone`: None keeps the stored number (an edit
    form never shows it in full), "" clears it."""
    if member is not None:
        committee = member.committee
    if committee is None:
        raise DomainError(_("Choose a committee."))
    estate = committee.estate
    check_keeps(actor, estate)
    if post not in Post.values:
        raise DomainError({"post": _("Choose a post.")})
    if resident is not None and not resident.household.area.path.startswith(estate.community.path):
        raise DomainError({"resident": _("This resident does not live in the estate's community.")})
    created = member is None
    if member is None:
        if committee.members.count() >= MAX_MEMBERS:
            raise DomainError(_("A committee has at most %(n)d members.") % {"n": MAX_MEMBERS})
        member = Member(committee=committee, sort_order=committee.members.count())
    member.name = clean(name, 50, field="name", required=True)
    member.post = post
    member.resident = resident
    if phone is not None:
        try:
            apply_identity(member, phone=clean(phone, 30, field="phone") or None)
        except ValidationError as exc:
            raise DomainError({"phone": exc.messages}) from exc
    if post == Post.CHAIR and committee.members.filter(post=Post.CHAIR).exclude(pk=member.pk).exists():
        raise DomainError({"post": _("This committee already has a chair.")})
    member.save()
    audit_record(actor=actor, action="create" if created else "update", obj=member, changes={"post": post})
    return member


@transaction.atomic
def member_remove(*, actor: Actor, member: Member) -> None:
    check_keeps(actor, member.committee.estate)
    audit_record(actor=actor, action="delete", obj=member, changes={"name": member.name})
    member.delete()


@transaction.atomic
def appointment_save(
    *,
    actor: Actor,
    estate: Estate | None = None,
    appointment: CrossAppointment | None = None,
    person: str,
    company: str,
    company_post: str,
    party_post: str,
    since: datetime.date,
    until: datetime.date | None = None,
    note: str = "",
) -> CrossAppointment:
    """Record (or correct) a cross-appointment of 红色物业: the person, their post on each side."""
    if appointment is not None:
        estate = appointment.estate
    if estate is None:
        raise DomainError(_("Choose an estate."))
    check_keeps(actor, estate)
    since = _date(since, "since")
    if until is not None and _date(until, "until") < since:
        raise DomainError({"until": _("The appointment ends after it starts.")})
    created = appointment is None
    if appointment is None:
        appointment = CrossAppointment(estate=estate)
    appointment.person = clean(person, 50, field="person", required=True)
    appointment.company = clean(company, 100, field="company", required=True)
    appointment.company_post = clean(company_post, 60, field="company_post", required=True)
    appointment.party_post = clean(party_post, 60, field="party_post", required=True)
    appointment.since, appointment.until = since, until
    appointment.note = clean(note, 300, field="note")
    appointment.save()
    audit_record(actor=actor, action="create" if created else "update", obj=appointment, changes={})
    return appointment
