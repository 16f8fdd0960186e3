"""Writes of enrolments: at the desk or online, the waiting list, cancelling, revealing a phone number."""

from __future__ import annotations

import datetime
import secrets
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from tongxin.platform.access.actor import Actor, check_at, signed_in
from tongxin.platform.access.roles import Perm
from tongxin.platform.core.audit import audit_record
from tongxin.platform.core.crypto import keyed_hash
from tongxin.platform.core.exceptions import DomainError
from tongxin.platform.core.personal import protect_phone
from tongxin.platform.core.trees import AREA
from tongxin.registry.areas.models import Area
from tongxin.volunteering.programmes.models import (
    CODE_LENGTH,
    MAX_AGE,
    Audience,
    Enrolment,
    EnrolmentSource,
    EnrolmentStatus,
    Programme,
)
from tongxin.volunteering.programmes.services._common import _check_runs, _fill_from_waiting, _take_seat, _text

# Lookup codes: no 0/O, 1/I/L, so a code read out on the phone is typed back right.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
PARTICIPANT_KIND = "programme_participant"


def age_on(birth_date: datetime.date, day: datetime.date) -> int:
    """Full years on `day` (someone born on 29 February turns a year older on 1 March)."""
    return day.year - birth_date.year - ((day.month, day.day) < (birth_date.month, birth_date.day))


def new_code() -> str:
    while True:
        code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
        if not Enrolment.objects.filter(code=code).exists():
            return code


def participant_key(name: str, birth_date: datetime.date | None, phone: str) -> str:
    """A keyed hash naming one participant: the same name, birth date and phone."""
    plain = "|".join([name.strip(), birth_date.isoformat() if birth_date else "", phone])
    return keyed_hash(PARTICIPANT_KIND, plain)


def _next_waiting_number(programme_id: int) -> int:
    Programme.objects.filter(pk=programme_id).update(waiting_seq=F("waiting_seq") + 1)
    return Programme.objects.filter(pk=programme_id).values_list("waiting_seq", flat=True).get()


def check_participant(
    programme: Programme, *, name: str, birth_date: Any, guardian_name: str, source: str
) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if not name:
        errors.setdefault("name", []).append(_("Enter the participant's name."))
    child = programme.audience == Audience.CHILDREN
    ages = programme.min_age is not None or programme.max_age is not None
    if birth_date is not None and not isinstance(birth_date, datetime.date):
        errors.setdefault("birth_date", []).append(_("Enter a date."))
    elif birth_date is None and (child or ages):
        errors.setdefault("birth_date", []).append(
            _("Enter the date of birth: this programme has an age limit.")
            if ages
            else _("Enter the child's date of birth.")
        )
    elif birth_date is not None:
        if birth_date > timezone.localdate():
            errors.setdefault("birth_date", []).append(_("A date of birth cannot be in the future."))
        else:
            age = age_on(birth_date, programme.start_date)
            if age > MAX_AGE:
                errors.setdefault("birth_date", []).append(_("Check the date of birth."))
            elif programme.min_age is not None and age < programme.min_age:
                errors.setdefault("birth_date", []).append(
                    _("This programme is for ages %(low)s and up; on %(day)s the participant will be %(age)d.")
                    % {"low": programme.min_age, "day": programme.start_date.isoformat(), "age": age}
                )
            elif programme.max_age is not None and age > programme.max_age:
                errors.setdefault("birth_date", []).append(
                    _("This programme is for ages up to %(high)s; on %(day)s the participant will be %(age)d.")
                    % {"high": programme.max_age, "day": programme.start_date.isoformat(), "age": age}
                )
            elif programme.audience == Audience.ADULTS and age < 18:
                errors.setdefault("birth_date", []).append(_("This programme is for adults (18 and over)."))
    if child and not guardian_name:
        errors.setdefault("guardian_name", []).append(_("Enter the name of the child's guardian."))
    if source == EnrolmentSource.PUBLIC and not programme.is_published:
        errors.setdefault("__all__", []).append(_("This programme is not open for enrolment online."))
    return errors


@transaction.atomic
def enrolment_create(
    *,
    actor: Actor | None,
    programme: Programme,
    name: str,
    phone: str,
    birth_date: datetime.date | None = None,
    guardian_name: str = "",
    resident: Any = None,
    source: str = EnrolmentSource.STAFF,
    ip: str | None = None,
    today: datetime.date | None = None,
) -> Enrolment:
    """Enrol someone: a seat if one is left, else a place on the waiting list.

    `phone` is the normalized number (`normalize_phone`), required online, optional at the desk.
    Online (`source=PUBLIC`) anyone enrols, with no account; otherwise staff who run the programme.
    """
    if source != EnrolmentSource.PUBLIC:
        _check_runs(actor or AnonymousUser(), programme.area)
    today = today or timezone.localdate()
    name = _text(name, 50)
    guardian_name = _text(guardian_name, 50)
    errors = check_participant(programme, name=name, birth_date=birth_date, guardian_name=guardian_name, source=source)
    if source not in EnrolmentSource.values:
        errors.setdefault("__all__", []).append(_("Unknown way of enrolling."))
    if source == EnrolmentSource.PUBLIC and not phone:
        errors.setdefault("phone", []).append(_("Enter a phone number."))
    if programme.end_date < today:
        errors.setdefault("__all__", []).append(_("This programme has ended."))
    if resident is not None and not resident.household.area.path.startswith(programme.area.path):
        errors.setdefault("resident", []).append(_("Choose a resident of this community."))
    key = participant_key(name, birth_date if isinstance(birth_date, datetime.date) else None, phone)
    if not errors and (
        Enrolment.objects.filter(programme=programme, participant_key=key)
        .exclude(status=EnrolmentStatus.CANCELLED)
        .exists()
    ):
        errors.setdefault("__all__", []).append(
            _("%(name)s is already enrolled in this programme (or waiting for a seat).") % {"name": name}
        )
    if errors:
        raise DomainError(errors)
    if _take_seat(programme.pk):
        status, number = EnrolmentStatus.ENROLLED, None
    else:
        # Full: hold the programme row while taking a number, so a seat given back meanwhile
        # (a cancellation holds the same row) is not left empty while this person waits.
        Programme.objects.select_for_update().filter(pk=programme.pk).first()
        if _take_seat(programme.pk):
            status, number = EnrolmentStatus.ENROLLED, None
        else:
            status, number = EnrolmentStatus.WAITING, _next_waiting_number(programme.pk)
    enrolment = Enrolment(
        programme=programme,
        birth_date=birth_date,
        guardian_name=guardian_name,
        resident=resident,
        status=status,
        waiting_position=number,
        enrolled_at=timezone.now(),
        source=source,
        code=new_code(),
        participant_key=key,
        ip_address=ip if source == EnrolmentSource.PUBLIC else None,
        created_by=signed_in(actor),
    )
    enrolment.set_name(name)
    enrolment.set_phone(protect_phone(phone) if phone else None)
    try:
        with transaction.atomic():
            enrolment.save()
    except IntegrityError as exc:
        # The same person sent the form twice at once; the other request enrolled them.
        raise DomainError(
            _("%(name)s is already enrolled in this programme (or waiting for a seat).") % {"name": name},
            code="duplicate",
        ) from exc
    audit_record(
        actor=actor,
        action="create",
        obj=enrolment,
        changes={
            "programme": programme.title,
            "name": name,
            "phone": enrolment.phone_masked,
            "status": status,
            "source": source,
        },
    )
    return enrolment


def waiting_rank(enrolment: Enrolment) -> int | None:
    """Place in the queue now (1 = next to get a seat)."""
    if enrolment.status != EnrolmentStatus.WAITING or enrolment.waiting_position is None:
        return None
    ahead = Enrolment.objects.filter(
        programme_id=enrolment.programme_id,
        status=EnrolmentStatus.WAITING,
        waiting_position__lt=enrolment.waiting_position,
    ).count()
    return ahead + 1


@transaction.atomic
def enrolment_cancel(*, actor: Actor, enrolment: Enrolment) -> Enrolment:
    """Staff who run the programme cancel an enrolment; a seat it held goes to the first person waiting."""
    _check_runs(actor, Area.objects.only("path").get(programmes=enrolment.programme_id))
    return enrolment_cancel_apply(actor=actor, enrolment=enrolment)


@transaction.atomic
def enrolment_cancel_apply(*, actor: Actor | None, enrolment: Enrolment) -> Enrolment:
    """Cancel an enrolment: `enrolment_cancel` calls it after checking its actor, and the public page
    after the browser proved the enrolment is its own (it made it, or looked it up by phone and code)."""
    programme = Programme.objects.select_for_update().get(pk=enrolment.programme_id)
    locked = Enrolment.objects.select_for_update().get(pk=enrolment.pk)
    if locked.status == EnrolmentStatus.CANCELLED:
        raise DomainError(_("This enrolment is already cancelled."), code="cancelled")
    held_seat = locked.status == EnrolmentStatus.ENROLLED
    before = locked.status
    locked.status, locked.waiting_position, locked.cancelled_at = EnrolmentStatus.CANCELLED, None, timezone.now()
    locked.save(update_fields=["status", "waiting_position", "cancelled_at"])
    if held_seat:
        Programme.objects.filter(pk=programme.pk, enrolled__gt=0).update(enrolled=F("enrolled") - 1)
    audit_record(actor=actor, action="update", obj=locked, changes={"status": [before, "cancelled"]})
    if held_seat:
        _fill_from_waiting(programme, actor=actor)
    return locked


def enrolment_reveal(*, actor: Actor, enrolment: Enrolment) -> str:
    """The full phone number, for staff who may see it (REVEAL over the community); every reveal is audited."""
    check_at(actor, Perm.REVEAL, AREA, Area.objects.only("path").get(programmes=enrolment.programme_id).path)
    audit_record(actor=actor, action="reveal", obj=enrolment, changes={"field": "phone"})
    return enrolment.phone_plain()


def public_enrolments_from(ip: str | None, since: datetime.datetime) -> int:
    if not ip:
        return 0
    return Enrolment.objects.filter(source=EnrolmentSource.PUBLIC, ip_address=ip, enrolled_at__gte=since).count()
