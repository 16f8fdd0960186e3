"""Writes of transfers and floating members: each one checks the actor, the rules, and is audited."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tongxin.partylife.transfers.history import members_present_on
from tongxin.partylife.transfers.models import (
    LETTER_VALID_DAYS,
    OPEN_STATES,
    STATE_DATE,
    TRANSFER_KINDS,
    TRANSITIONS,
    ContactLog,
    Direction,
    FloatingIn,
    FloatingOut,
    LetterScope,
    MembershipHistory,
    Transfer,
    TransferEvent,
    TransferState,
)
from tongxin.platform.access.actor import Actor, signed_in
from tongxin.platform.access.protect import apply_identity
from tongxin.platform.access.roles import Perm
from tongxin.platform.access.scope import scope_for
from tongxin.platform.core.audit import audit_record
from tongxin.platform.core.exceptions import DomainError, Forbidden
from tongxin.platform.core.personal import normalize_id_number, normalize_phone, protect_phone
from tongxin.platform.core.trees import ORG
from tongxin.registry.party.models import MemberKind, Organization, OrgKind, PartyMember

EARLIEST = datetime.date(1990, 1, 1)
# Organizations that hold members' relationships (not a member household nor a liaison station).
HOLDING_KINDS = (
    OrgKind.COMMITTEE,
    OrgKind.GENERAL_BRANCH,
    OrgKind.BRANCH,
    OrgKind.GROUP,
    OrgKind.JOINT_COMMITTEE,
)


def letter_due(sent_on: datetime.date, scope: str) -> datetime.date:
    """The last day the introduction letter is valid: 10 days within the city, 30 elsewhere."""
    return sent_on + datetime.timedelta(days=LETTER_VALID_DAYS[scope])


def acting_org(transfer: Transfer, to_state: str) -> Organization:
    """Whose PARTY_WORK a step needs: the sender issues the letter, the receiver does the rest.

    A side outside the system cannot act in it, so the side inside records every step.
    """
    sender, receiver = transfer.from_org, transfer.to_org
    if to_state == TransferState.SENT:
        return sender or receiver  # type: ignore[return-value]
    return receiver or sender  # type: ignore[return-value]


def creating_org(direction: str, *, from_org: Organization | None, to_org: Organization | None) -> Organization | None:
    return to_org if direction == Direction.IN else from_org


def may_act(user: Actor, transfer: Transfer, to_state: str) -> bool:
    org = acting_org(transfer, to_state)
    return scope_for(user).allows_path(Perm.PARTY_WORK, ORG, org.path)


def _require(actor: Actor, org: Organization) -> None:
    if not scope_for(actor).allows_path(Perm.PARTY_WORK, ORG, org.path):
        raise Forbidden(_("You may not do the member work of %(org)s.") % {"org": org.name})


def _check_day(errors: dict[str, list[str]], field: str, day: Any, today: datetime.date) -> None:
    if not isinstance(day, datetime.date):
        errors.setdefault(field, []).append(_("Enter a date."))
    elif day < EARLIEST or day > today:
        errors.setdefault(field, []).append(_("The date must be between 1990 and today."))


def _is_present(member: PartyMember, today: datetime.date) -> bool:
    return members_present_on(today).filter(pk=member.pk).exists()


def _clean(text: Any, limit: int) -> str:
    return "".join(c for c in str(text or "") if c >= " " or c in "\n\t").strip()[:limit]


@transaction.atomic
def transfer_create(
    *,
    actor: Actor,
    direction: str,
    member_kind: str = MemberKind.DIRECT,
    member: PartyMember | None = None,
    from_org: Organization | None = None,
    from_name: str = "",
    to_org: Organization | None = None,
    to_name: str = "",
    place_in: Organization | None = None,
    name: str = "",
    id_number: str = "",
    phone: str = "",
    member_status: str = PartyMember.Status.FULL,
    letter_scope: str = LetterScope.CITY,
    letter_number: str = "",
    initiated_on: datetime.date | None = None,
    note: str = "",
) -> Transfer:
    """Start a transfer in, out, or between two organizations here; refuse whole, naming every problem."""
    today = timezone.localdate()
    initiated_on = initiated_on or today
    errors: dict[str, list[str]] = {}

    def refuse(field: str, message: str) -> None:
        errors.setdefault(field, []).append(message)

    if direction not in Direction.values:
        raise DomainError(_("Choose whether the member transfers in, out, or between two organizations here."))
    if member_kind not in TRANSFER_KINDS:
        refuse("member_kind", _("Choose a directly managed or a retired member."))
    if member_status not in PartyMember.Status.values:
        refuse("member_status", _("Choose full or probationary member."))
    if letter_scope not in LetterScope.values:
        refuse("letter_scope", _("Choose whether the letter stays within the city or goes elsewhere."))
    _check_day(errors, "initiated_on", initiated_on, today)
    from_name, to_name = _clean(from_name, 100), _clean(to_name, 100)
    transfer = Transfer(
        direction=direction,
        member_kind=member_kind,
        member_status=member_status,
        letter_scope=letter_scope,
        letter_number=_clean(letter_number, 40),
        initiated_on=initiated_on,
        note=_clean(note, 2000),
        created_by=signed_in(actor),
    )
    if direction in (Direction.OUT, Direction.INTERNAL):
        if member is None:
            raise DomainError({"member": [_("Choose the member who transfers.")]})
        if not _is_present(member, today):
            refuse("member", _("%(name)s has already transferred out of the system.") % {"name": member.name})
        from_org = member.org
        transfer.member = member
        transfer.member_kind = member.kind if member.kind in TRANSFER_KINDS else MemberKind.DIRECT
        transfer.member_status = member.status
        transfer.set_name(member.name)
        transfer.set_id_number(member.protected_id_number() if member.id_number_hash else None)
        transfer.set_phone(member.protected_phone() if member.phone_hash else None)
        if direction == Direction.OUT:
            if not to_name:
                refuse("to_name", _("Name the organization the member transfers to."))
            to_org = None
        else:
            if to_org is None:
                refuse("to_org", _("Choose the organization the member transfers to."))
            elif to_org.pk == from_org.pk:
                refuse("to_org", _("The member is already in this organization."))
            elif to_org.kind not in HOLDING_KINDS:
                refuse("to_org", _("A member's relationship is kept by a committee, branch or group."))
            to_name = ""
        from_name = ""
        place_in = None
    else:
        if to_org is None:
            raise DomainError({"to_org": [_("Choose the organization that receives the member.")]})
        if to_org.kind not in HOLDING_KINDS:
            refuse("to_org", _("A member's relationship is kept by a committee, branch or group."))
        if not from_name:
            refuse("from_name", _("Name the organization the member comes from."))
        clean_name = _clean(name, 50)
        if not clean_name:
            refuse("name", _("Enter the member's name."))
        transfer.set_name(clean_name)
        try:
            apply_identity(transfer, id_number=id_number, phone=phone)
        except ValidationError as exc:
            field = "id_number" if id_number and _bad_id(id_number) else "phone"
            refuse(field, " ".join(exc.messages))
        if transfer.id_number_hash:
            known = PartyMember.objects.filter(id_number_hash=transfer.id_number_hash).first()
            if known is not None:
                if _is_present(known, today):
                    refuse(
                        "id_number",
                        _(
                            "This member is already on the register (%(org)s): transfer them between "
                            "organizations here instead."
                        )
                        % {"org": known.org.name},
                    )
                else:
                    # A member who once transferred out comes back: their record is reused.
                    member = known
        transfer.member = member
        if place_in is not None and not place_in.path.startswith(to_org.path):
            refuse("place_in", _("The branch must be under the receiving organization."))
        elif place_in is not None and place_in.kind not in HOLDING_KINDS:
            refuse("place_in", _("A member's relationship is kept by a committee, branch or group."))
        if member_kind == MemberKind.RETIRED and place_in is None:
            refuse("place_in", _("Choose the branch the retired member is placed in."))
        from_org = None
        to_name = ""
    if member is not None and direction != Direction.IN:
        if Transfer.objects.filter(member=member, state__in=OPEN_STATES).exists():
            refuse("member", _("%(name)s already has a transfer under way.") % {"name": member.name})
    if member is not None and direction == Direction.IN:
        if Transfer.objects.filter(member=member, state__in=OPEN_STATES).exists():
            refuse("id_number", _("This person already has a transfer under way."))
    if errors:
        raise DomainError({k: list(dict.fromkeys(v)) for k, v in errors.items()})
    transfer.from_org, transfer.from_name = from_org, from_name
    transfer.to_org, transfer.to_name = to_org, to_name
    transfer.place_in = place_in
    org = creating_org(direction, from_org=from_org, to_org=to_org)
    assert org is not None
    _require(actor, org)
    transfer.full_clean(exclude=["id_number_hash", "member", "from_org", "to_org", "place_in"])
    transfer.save()
    _event(transfer, actor, "", TransferState.INITIATED, initiated_on, "")
    audit_record(
        actor=actor,
        action="create",
        obj=transfer,
        changes={
            "direction": direction,
            "from": transfer.from_label,
            "to": transfer.to_label,
            "member": transfer.name,
            "id_number_masked": transfer.id_number_masked,
        },
    )
    return transfer


def _bad_id(value: str) -> bool:
    try:
        normalize_id_number(value)
    except ValidationError:
        return True
    return False


def _event(transfer: Transfer, actor: Actor, from_state: str, to_state: str, on: datetime.date, comment: str) -> None:
    authenticated = getattr(actor, "is_authenticated", False)
    TransferEvent.objects.create(
        transfer=transfer,
        from_state=from_state,
        to_state=to_state,
        on=on,
        actor=actor if authenticated else None,
        actor_name=actor.get_username()[:150] if authenticated else "",
        comment=comment[:200],
    )


def refusal(state: str, to_state: str) -> str:
    """Why a step is not allowed from here, in the user's words."""
    if state == TransferState.COMPLETED:
        return _("This transfer is completed; nothing follows.")
    if state == TransferState.RETURNED:
        return _("This transfer was returned; start a new one if the member still transfers.")
    if to_state == TransferState.RETURNED:
        return _("Only a letter that was sent can be returned.")
    labels = dict(TransferState.choices)
    allowed = ", ".join(str(labels[s]) for s in TRANSITIONS[state])
    return _("From “%(state)s” the transfer can only go to: %(allowed)s.") % {
        "state": labels[state],
        "allowed": allowed,
    }


@transaction.atomic
def transfer_transition(
    *,
    actor: Actor,
    transfer: Transfer,
    to_state: str,
    on: datetime.date | None = None,
    reason: str = "",
    letter_number: str = "",
) -> Transfer:
    """Move a transfer one step along initiated → sent → received → completed (or returned)."""
    today = timezone.localdate()
    on = on or today
    if to_state not in TransferState.values:
        raise DomainError(_("Unknown step."))
    state = transfer.state
    if to_state not in TRANSITIONS[state]:
        raise DomainError(refusal(state, to_state), code="transition")
    _require(actor, acting_org(transfer, to_state))
    errors: dict[str, list[str]] = {}
    _check_day(errors, "on", on, today)
    if errors:
        raise DomainError(errors)
    previous = getattr(transfer, STATE_DATE[state])
    if not errors and previous and on < previous:
        errors.setdefault("on", []).append(
            _("The date cannot be before the previous step (%(day)s).") % {"day": previous.isoformat()}
        )
    reason = _clean(reason, 200)
    updates: dict[str, Any] = {"state": to_state, STATE_DATE[to_state]: on}
    if to_state == TransferState.RETURNED:
        if not reason:
            errors.setdefault("reason", []).append(_("Give the reason the transfer is returned."))
        updates["return_reason"] = reason
    if to_state == TransferState.SENT:
        number = _clean(letter_number, 40) or transfer.letter_number
        if not number:
            errors.setdefault("letter_number", []).append(_("Enter the letter number (介绍信编号) to send the letter."))
        updates["letter_number"] = number
        updates["due_on"] = letter_due(on, transfer.letter_scope)
    if to_state == TransferState.RECEIVED and transfer.due_on and on > transfer.due_on:
        errors.setdefault("on", []).append(
            _("The letter was valid until %(day)s; return it so that a new letter is issued.")
            % {"day": transfer.due_on.isoformat()}
        )
    if errors:
        raise DomainError(errors)
    # A conditional update: of two people acting at once, only one moves the transfer.
    if not Transfer.objects.filter(pk=transfer.pk, state=state).update(**updates, updated_at=timezone.now()):
        raise DomainError(_("Someone else moved this transfer meanwhile; look at it again."), code="conflict")
    for key, value in updates.items():
        setattr(transfer, key, value)
    if to_state == TransferState.COMPLETED:
        _complete(actor=actor, transfer=transfer, on=on)
    _event(transfer, actor, state, to_state, on, reason)
    audit_record(actor=actor, action="update", obj=transfer, changes={"state": [state, to_state], "on": on})
    return transfer


def _complete(*, actor: Actor, transfer: Transfer, on: datetime.date) -> None:
    """The member's relationship moves (or leaves the system) on the completion day."""
    if transfer.direction == Direction.OUT:
        assert transfer.member is not None
        _history_move(transfer.member, None, on, transfer)
        # Off every register here from that day; the record stays for its history.
        transfer.member.left_on = on
        transfer.member.save(update_fields=["left_on", "updated_at"])
        return
    target = transfer.place_in or transfer.to_org
    assert target is not None
    reason = MembershipHistory.Reason.PLACEMENT if transfer.place_in_id else MembershipHistory.Reason.TRANSFER
    member = transfer.member
    if transfer.direction == Direction.IN and member is None:
        member = PartyMember(
            org=target,
            kind=transfer.member_kind,
            status=transfer.member_status,
            note=_("Transferred in from %(org)s") % {"org": transfer.from_name},
        )
        member.set_name(transfer.name)
        if transfer.id_number_hash:
            apply_identity(member, id_number=transfer.id_number_plain())
            if PartyMember.objects.filter(id_number_hash=member.id_number_hash).exists():
                raise DomainError(
                    {"id_number": [_("Someone with this ID number is already registered.")]}, code="duplicate"
                )
        if transfer.phone_hash:
            member.set_phone(transfer.protected_phone())
        member.save()
        audit_record(actor=actor, action="create", obj=member, changes={"transfer": transfer.pk, "org": target.name})
        transfer.member = member
        Transfer.objects.filter(pk=transfer.pk).update(member=member)
        MembershipHistory.objects.create(member=member, org=target, started_on=on, reason=reason, transfer=transfer)
        return
    assert member is not None
    if transfer.direction == Direction.IN:
        # Someone who once left comes back onto the register.
        member.kind, member.status, member.left_on = transfer.member_kind, transfer.member_status, None
        member.save(update_fields=["kind", "status", "left_on", "updated_at"])
    _history_move(member, target, on, transfer, reason)


def _history_move(
    member: PartyMember,
    target: Organization | None,
    on: datetime.date,
    transfer: Transfer,
    reason: str = MembershipHistory.Reason.TRANSFER,
) -> None:
    rows = list(MembershipHistory.objects.select_for_update().filter(member=member))
    if not rows:
        MembershipHistory.objects.create(
            member=member,
            org_id=member.org_id,
            started_on=None,
            ended_on=on,
            reason=MembershipHistory.Reason.BEFORE,
            left_system=target is None,
        )
    else:
        later = [r for r in rows if r.started_on and r.started_on >= on]
        if later:
            raise DomainError(
                {
                    "on": [
                        _("The member's current membership started on %(day)s; the date must be after it.")
                        % {"day": max(r.started_on for r in later).isoformat()}
                    ]
                }
            )
        current = [r for r in rows if r.ended_on is None]
        for row in current:
            row.ended_on, row.left_system = on, target is None
            row.save(update_fields=["ended_on", "left_system"])
    if target is not None:
        MembershipHistory.objects.create(member=member, org=target, started_on=on, reason=reason, transfer=transfer)
        if member.org_id != target.pk:
            old = member.org.name
            member.org = target
            member.save(update_fields=["org", "updated_at"])
            audit_record(actor=None, action="update", obj=member, changes={"org": [old, target.name]})


# Floating members (流动党员) ----------------------------------------------------------------


def _protected_phone(phone: str) -> Any:
    return protect_phone(normalize_phone(phone)) if phone else None


@transaction.atomic
def floating_out_create(
    *,
    actor: Actor,
    member: PartyMember,
    certificate_number: str,
    destination: str,
    left_on: datetime.date,
    station: Organization | None = None,
    back_on: datetime.date | None = None,
    fixed_place: bool = False,
    phone: str = "",
    note: str = "",
) -> FloatingOut:
    _require(actor, member.org)
    today = timezone.localdate()
    errors: dict[str, list[str]] = {}
    _check_day(errors, "left_on", left_on, today)
    if back_on is not None and isinstance(left_on, datetime.date) and back_on < left_on:
        errors.setdefault("back_on", []).append(_("The member cannot be back before leaving."))
    certificate_number, destination = _clean(certificate_number, 40), _clean(destination, 100)
    if not certificate_number:
        errors.setdefault("certificate_number", []).append(_("Enter the certificate number (流动党员活动证)."))
    if not destination:
        errors.setdefault("destination", []).append(_("Enter where the member has gone."))
    if station is not None and station.kind != OrgKind.LIAISON_STATION:
        errors.setdefault("station", []).append(_("Choose a floating member liaison station."))
    if FloatingOut.objects.filter(member=member, back_on__isnull=True).exists():
        errors.setdefault("member", []).append(
            _("%(name)s is already away; record their return first.") % {"name": member.name}
        )
    record = FloatingOut(
        member=member,
        certificate_number=certificate_number,
        destination=destination,
        left_on=left_on,
        back_on=back_on,
        station=station,
        fixed_place=bool(fixed_place),
        note=_clean(note, 2000),
    )
    try:
        record.set_phone(_protected_phone(phone))
    except ValidationError as exc:
        errors.setdefault("phone", []).extend(exc.messages)
    if errors:
        raise DomainError(errors)
    record.save()
    audit_record(
        actor=actor,
        action="create",
        obj=record,
        changes={"member": member.name, "destination": destination, "phone_masked": record.phone_masked},
    )
    return record


@transaction.atomic
def floating_in_create(
    *,
    actor: Actor,
    station: Organization,
    name: str,
    home_org: str,
    certificate_number: str,
    arrived_on: datetime.date,
    phone: str = "",
    note: str = "",
) -> FloatingIn:
    _require(actor, station)
    today = timezone.localdate()
    errors: dict[str, list[str]] = {}
    if station.kind != OrgKind.LIAISON_STATION:
        errors.setdefault("station", []).append(_("Choose a floating member liaison station."))
    _check_day(errors, "arrived_on", arrived_on, today)
    record = FloatingIn(
        station=station,
        home_org=_clean(home_org, 100),
        certificate_number=_clean(certificate_number, 40),
        arrived_on=arrived_on,
        note=_clean(note, 2000),
    )
    record.set_name(_clean(name, 50))
    if not record.name:
        errors.setdefault("name", []).append(_("Enter the member's name."))
    if not record.home_org:
        errors.setdefault("home_org", []).append(_("Name the member's home organization."))
    if not record.certificate_number:
        errors.setdefault("certificate_number", []).append(_("Enter the certificate number (流动党员活动证)."))
    try:
        record.set_phone(_protected_phone(phone))
    except ValidationError as exc:
        errors.setdefault("phone", []).extend(exc.messages)
    if errors:
        raise DomainError(errors)
    record.save()
    audit_record(
        actor=actor,
        action="create",
        obj=record,
        changes={"name": record.name, "home_org": record.home_org, "phone_masked": record.phone_masked},
    )
    return record


@transaction.atomic
def contact_log_add(
    *, actor: Actor, floating: FloatingOut, on: datetime.date, how: str, note: str = "", by_name: str = ""
) -> ContactLog:
    _require(actor, floating.member.org)
    errors: dict[str, list[str]] = {}
    _check_day(errors, "on", on, timezone.localdate())
    if isinstance(on, datetime.date) and on < floating.left_on:
        errors.setdefault("on", []).append(_("The member was not away yet on this date."))
    if how not in ContactLog.How.values:
        errors.setdefault("how", []).append(_("Choose how the member was contacted."))
    if errors:
        raise DomainError(errors)
    authenticated = getattr(actor, "is_authenticated", False)
    log = ContactLog.objects.create(
        floating=floating,
        on=on,
        how=how,
        note=_clean(note, 500),
        by=actor if authenticated else None,
        by_name=_clean(by_name, 50) or (actor.get_username()[:50] if authenticated else ""),
    )
    audit_record(actor=actor, action="update", obj=floating, changes={"contact": [str(on), how]})
    return log


@transaction.atomic
def floating_end(*, actor: Actor, record: FloatingOut | FloatingIn, on: datetime.date) -> None:
    """A member away is back home (FloatingOut.back_on), or one from elsewhere has left (FloatingIn.left_on)."""
    if isinstance(record, FloatingOut):
        org, field, start = record.member.org, "back_on", record.left_on
        before = _("The member cannot be back before leaving.")
    else:
        org, field, start = record.station, "left_on", record.arrived_on
        before = _("The member cannot leave before arriving.")
    _require(actor, org)
    errors: dict[str, list[str]] = {}
    _check_day(errors, "on", on, timezone.localdate())
    if not errors and on < start:
        errors.setdefault("on", []).append(before)
    if errors:
        raise DomainError(errors)
    if not type(record).objects.filter(pk=record.pk, **{f"{field}__isnull": True}).update(**{field: on}):
        raise DomainError(_("This was already recorded."), code="conflict")
    setattr(record, field, on)
    audit_record(actor=actor, action="update", obj=record, changes={field: str(on)})
