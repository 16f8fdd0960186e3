"""Writes of pairing assistance (结对帮扶): each checks its actor (`Forbidden`) and every rule,
then writes with an audit record, or refuses whole (`DomainError` with a message for the user).

Who may: staff with SERVICE over the beneficiary's community (`queries.may_manage`) add
beneficiaries, pair, log visits and close; a helper of the pairing (`models.helper_q`) logs their
own visits, whose hours then wait for a leader."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tongxin.grid.cases.models import CaseCategory
from tongxin.grid.cases.photos import ProcessedPhoto
from tongxin.grid.cases.services import case_report
from tongxin.platform.access.actor import Actor, check, signed_in
from tongxin.platform.core.audit import audit_record
from tongxin.platform.core.exceptions import DomainError
from tongxin.registry.areas.models import COMMUNITY_LEVELS, Area, Household
from tongxin.registry.cobuild.models import ResidentUnit
from tongxin.registry.party.models import PartyMember
from tongxin.registry.people.models import Resident
from tongxin.volunteering.pairing.models import (
    AMOUNT_KINDS,
    Beneficiary,
    BeneficiaryKind,
    HelpKind,
    Outcome,
    Pairing,
    PairingHelper,
    PairingPhoto,
    PairingVisit,
    helper_q,
)
from tongxin.volunteering.pairing.queries import may_manage
from tongxin.volunteering.service.models import HoursSource, Volunteer, VolunteerTeam
from tongxin.volunteering.service.services import hours_credit_apply

EARLIEST = datetime.date(1990, 1, 1)
MAX_AMOUNT = Decimal("1000000.00")
MIN_HOURS, MAX_HOURS = Decimal("0.5"), Decimal("24")
MAX_HELPERS = 30
# Outcomes after which the beneficiary is no longer looked after here.
LEAVING_OUTCOMES = (Outcome.MOVED, Outcome.DIED)

Helper = PartyMember | Volunteer | VolunteerTeam | ResidentUnit


def _text(value: Any, limit: int) -> str:
    return str(value or "").strip()[:limit]


def _add(errors: dict[str, list[str]], field: str, message: str) -> None:
    errors.setdefault(field, []).append(message)


def _past_date(value: Any, field: str, errors: dict[str, list[str]], today: datetime.date) -> bool:
    if not isinstance(value, datetime.date) or isinstance(value, datetime.datetime):
        _add(errors, field, _("Enter a date."))
        return False
    if value < EARLIEST or value > today:
        _add(errors, field, _("Enter a date from 1990 up to today."))
        return False
    return True


def _in(area_path: str | None, community: Area) -> bool:
    return bool(area_path) and str(area_path).startswith(community.path)


def beneficiary_name(*, resident: Resident | None, member: PartyMember | None, household: Household | None) -> str:
    if resident is not None:
        return resident.name
    if member is not None:
        return member.name
    assert household is not None
    return _("%(building)s, door %(number)s") % {"building": household.area.name, "number": household.number}


@transaction.atomic
def beneficiary_add(
    *,
    actor: Actor,
    community: Area,
    kind: str,
    since: datetime.date,
    resident: Resident | None = None,
    member: PartyMember | None = None,
    household: Household | None = None,
    needs: str = "",
    today: datetime.date | None = None,
) -> Beneficiary:
    """Add someone the community looks after (帮扶对象): a resident, a needy member, or a household.

    The whole household is meant when only `household` is given (a needy household, 困难户).
    """
    check(may_manage(actor, community))
    today = today or timezone.localdate()
    errors: dict[str, list[str]] = {}
    if community.level not in COMMUNITY_LEVELS:
        _add(errors, "community", _("Choose a community or a village."))
    if kind not in BeneficiaryKind.values:
        _add(errors, "kind", _("Choose the kind of beneficiary from the list."))
    _past_date(since, "since", errors, today)
    if resident is None and member is None and household is None:
        _add(errors, "resident", _("Choose the resident, the needy member or the household to look after."))
    if resident is not None and household is not None and resident.household_id != household.pk:
        _add(errors, "household", _("The resident does not live in that household."))
    if resident is not None and not _in(resident.household.area.path, community):
        _add(errors, "resident", _("The resident does not live in this community."))
    if household is not None and not _in(household.area.path, community):
        _add(errors, "household", _("The household is not in this community."))
    if member is not None:
        home = member.resident.household.area.path if member.resident_id else None
        org_area = member.org.area.path if member.org.area_id else None
        if member.left_on is not None:
            _add(errors, "member", _("This member has left the register."))
        elif not (_in(home, community) or _in(org_area, community)):
            _add(
                errors,
                "member",
                _("The member neither lives in this community nor belongs to one of its organizations."),
            )
        if kind == BeneficiaryKind.NEEDY_MEMBER and not member.is_needy:
            _add(errors, "member", _("%(name)s is not marked as a needy member.") % {"name": member.name})
    elif kind == BeneficiaryKind.NEEDY_MEMBER:
        _add(errors, "member", _("Choose the needy member."))
    if errors:
        raise DomainError(errors)
    # The household where the person lives: visits and cases go there.
    if household is None and resident is not None:
        household = resident.household
    elif household is None and member is not None and member.resident_id:
        household = member.resident.household
    open_rows = Beneficiary.objects.select_for_update().filter(closed_on__isnull=True)
    taken = (
        (resident is not None and open_rows.filter(resident=resident).exists())
        or (member is not None and open_rows.filter(member=member).exists())
        or (
            resident is None
            and member is None
            and household is not None
            and open_rows.filter(household=household, resident__isnull=True, member__isnull=True).exists()
        )
    )
    if taken:
        raise DomainError({"resident": _("This person or household is already on the list of beneficiaries.")})
    if household is not None:
        place = household.area
    elif member is not None and member.org.area_id and _in(member.org.area.path, community):
        place = member.org.area
    else:
        place = community
    row = Beneficiary.objects.create(
        community=community,
        area=place,
        resident=resident,
        member=member,
        household=household,
        name=beneficiary_name(resident=resident, member=member, household=household)[:100],
        kind=kind,
        needs=_text(needs, 2000),
        since=since,
        created_by=signed_in(actor),
    )
    audit_record(
        actor=actor,
        action="create",
        obj=row,
        changes={"name": row.name, "kind": kind, "community": community.name, "since": since.isoformat()},
    )
    return row


def _helper_row(pairing: Pairing, helper: Any) -> PairingHelper:
    if isinstance(helper, PartyMember):
        return PairingHelper(pairing=pairing, member=helper, name=helper.name[:100])
    if isinstance(helper, Volunteer):
        return PairingHelper(pairing=pairing, volunteer=helper, name=helper.name[:100])
    if isinstance(helper, VolunteerTeam):
        return PairingHelper(pairing=pairing, team=helper, name=helper.name[:100])
    if isinstance(helper, ResidentUnit):
        return PairingHelper(pairing=pairing, unit=helper, name=helper.name[:100])
    raise DomainError({"helpers": _("Choose helpers from the lists.")})


def _check_helpers(helpers: Sequence[Any], community: Area, errors: dict[str, list[str]]) -> None:
    if not helpers:
        _add(
            errors, "helpers", _("Choose at least one helper: a party member, a volunteer, a team or a resident unit.")
        )
        return
    if len(helpers) > MAX_HELPERS:
        _add(errors, "helpers", _("A pairing has at most %(max)d helpers.") % {"max": MAX_HELPERS})
    seen: set[tuple[str, int]] = set()
    for helper in helpers:
        key = (type(helper).__name__, helper.pk)
        if key in seen:
            _add(errors, "helpers", _("%(name)s is chosen twice.") % {"name": helper.name})
        seen.add(key)
        if isinstance(helper, PartyMember):
            if helper.left_on is not None:
                _add(errors, "helpers", _("%(name)s has left the register.") % {"name": helper.name})
        elif isinstance(helper, Volunteer | VolunteerTeam):
            if not helper.is_active or not _in(helper.area.path, community):
                _add(
                    errors,
                    "helpers",
                    _("%(name)s is not an active volunteer or team of this community.") % {"name": helper.name},
                )
        elif isinstance(helper, ResidentUnit):
            if not _in(helper.area.path, community):
                _add(errors, "helpers", _("%(name)s is not a resident unit of this community.") % {"name": helper.name})
        else:
            _add(errors, "helpers", _("Choose helpers from the lists."))


@transaction.atomic
def pairing_start(
    *,
    actor: Actor,
    beneficiary: Beneficiary,
    helpers: Sequence[Helper],
    goal: str,
    started_on: datetime.date,
    visit_interval_days: int = 30,
    today: datetime.date | None = None,
) -> Pairing:
    """Pair helpers with the beneficiary: one (一帮一) or many (多帮一); one open pairing at a time.

    Members must be on the register (the view offers those the actor sees); volunteers, teams and
    units must be the beneficiary's community's own.
    """
    today = today or timezone.localdate()
    # Lock the beneficiary so two pairings started at once cannot both pass the check below.
    beneficiary = Beneficiary.objects.select_for_update().select_related("community").get(pk=beneficiary.pk)
    check(may_manage(actor, beneficiary.community))
    errors: dict[str, list[str]] = {}
    if beneficiary.closed_on is not None:
        _add(errors, "__all__", _("%(name)s is no longer looked after here.") % {"name": beneficiary.name})
    if Pairing.objects.filter(beneficiary=beneficiary, closed_on__isnull=True).exists():
        _add(errors, "__all__", _("%(name)s already has an open pairing; close it first.") % {"name": beneficiary.name})
    goal_text = _text(goal, 300)
    if not goal_text:
        _add(errors, "goal", _("Say what the pairing is for, e.g. weekly visits and help with shopping."))
    if _past_date(started_on, "started_on", errors, today) and started_on < beneficiary.since:
        _add(errors, "started_on", _("The pairing cannot start before the beneficiary was taken on."))
    if (
        isinstance(visit_interval_days, bool)
        or not isinstance(visit_interval_days, int)
        or not (1 <= visit_interval_days <= 366)
    ):
        _add(errors, "visit_interval_days", _("Visit every 1 to 366 days."))
    _check_helpers(helpers, beneficiary.community, errors)
    if errors:
        raise DomainError(errors)
    pairing = Pairing.objects.create(
        beneficiary=beneficiary,
        goal=goal_text,
        started_on=started_on,
        visit_interval_days=visit_interval_days,
        created_by=signed_in(actor),
    )
    PairingHelper.objects.bulk_create([_helper_row(pairing, h) for h in helpers])
    audit_record(
        actor=actor,
        action="create",
        obj=pairing,
        changes={
            "beneficiary": beneficiary.name,
            "helpers": [h.name for h in helpers],
            "started_on": started_on.isoformat(),
            "goal": goal_text,
        },
    )
    return pairing


def _decimal(value: Any) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        number = Decimal(str(value).strip())
    except (InvalidOperation, ValueError, TypeError):
        return Decimal("NaN")
    return number


def _volunteer_to_credit(pairing: Pairing, helper: PairingHelper | None, actor: Actor) -> Volunteer | None:
    """Whose hours a visit is: the volunteer who went; for a team, the team member who logs it;
    for a party member, their volunteer record in the beneficiary's community."""
    if helper is None:
        return None
    community = pairing.beneficiary.community
    if helper.volunteer_id:
        return helper.volunteer
    if helper.team_id and signed_in(actor) is not None:
        return Volunteer.objects.filter(
            user=actor, memberships__team_id=helper.team_id, memberships__left_on__isnull=True, is_active=True
        ).first()
    if helper.member_id:
        return Volunteer.objects.filter(member_id=helper.member_id, area=community, is_active=True).first()
    return None


def _store_photos(visit: PairingVisit, photos: Sequence[ProcessedPhoto], actor: Actor, written: list[str]) -> None:
    """Store the processed photos; `written` collects the file names so that the caller removes
    them if its transaction fails (rows vanish with a rollback, files do not)."""
    for photo in photos:
        row = PairingPhoto(
            visit=visit, width=photo.width, height=photo.height, size=len(photo.image), uploaded_by=signed_in(actor)
        )
        row.file.save("photo.jpg", ContentFile(photo.image), save=False)
        written.append(row.file.name)
        row.thumbnail.save("thumb.jpg", ContentFile(photo.thumbnail), save=False)
        written.append(row.thumbnail.name)
        row.save()


def _delete_files(names: Sequence[str]) -> None:
    for name in names:
        try:
            default_storage.delete(name)
        except OSError:
            pass  # best effort: a leftover file is never served (no row points at it)


@transaction.atomic
def pairing_visit_log(
    *,
    actor: Actor,
    pairing: Pairing,
    visited_on: datetime.date,
    help_kind: str,
    helper: PairingHelper | None = None,
    by_name: str = "",
    amount: Any = None,
    hours: Any = None,
    note: str = "",
    photos: Sequence[ProcessedPhoto] = (),
    problem: str = "",
    category: CaseCategory | None = None,
    confirmed: bool = True,
    today: datetime.date | None = None,
) -> PairingVisit:
    """Log a visit of an open pairing and the help given; hours of a volunteer who went are
    credited to them (志愿时长, confirmed when staff log it, waiting for a leader when the helper
    does); a problem seen becomes a case of the beneficiary's household in the same step.

    Staff who manage the pairing log any visit; a helper logs their own (`helper` is their row)."""
    today = today or timezone.localdate()
    pairing = (
        Pairing.objects.select_for_update().select_related("beneficiary", "beneficiary__community").get(pk=pairing.pk)
    )
    manage = may_manage(actor, pairing.beneficiary.community)
    check(manage or _is_own_helper(actor, pairing, helper))
    # Hours a helper logs for themself wait for a leader; staff's are confirmed when they say so.
    confirmed = confirmed and manage
    beneficiary = pairing.beneficiary
    errors: dict[str, list[str]] = {}
    if pairing.closed_on is not None:
        _add(errors, "__all__", _("This pairing is closed; visits are no longer logged under it."))
    if _past_date(visited_on, "visited_on", errors, today) and visited_on < pairing.started_on:
        _add(errors, "visited_on", _("The visit cannot be before the pairing started."))
    if help_kind not in HelpKind.values:
        _add(errors, "help_kind", _("Choose the help given."))
    if helper is not None and helper.pairing_id != pairing.pk:
        _add(errors, "helper", _("Choose a helper of this pairing."))
    money = _decimal(amount)
    if help_kind in AMOUNT_KINDS:
        if money is None or not money.is_finite() or money <= 0:
            _add(errors, "amount", _("Give the amount in yuan (or the value of the goods)."))
        elif money > MAX_AMOUNT or money != money.quantize(Decimal("0.01")):
            _add(errors, "amount", _("Enter an amount in yuan to the fen, e.g. 500.00."))
    elif money is not None:
        _add(errors, "amount", _("An amount is given for money or goods only."))
    time = _decimal(hours)
    if time is not None:
        if not time.is_finite() or not MIN_HOURS <= time <= MAX_HOURS:
            _add(errors, "hours", _("Hours of service in one day are from 0.5 to 24."))
        elif time != time.quantize(Decimal("0.1")):
            _add(errors, "hours", _("Give the hours to one decimal place at most, e.g. 1.5."))
    note_text = _text(note, 2000)
    if help_kind == HelpKind.OTHER and not note_text:
        _add(errors, "note", _("Say what help was given."))
    problem_text = _text(problem, 4000)
    household = beneficiary.household or (beneficiary.resident.household if beneficiary.resident_id else None)
    if problem_text or category is not None:
        if not problem_text:
            _add(errors, "problem", _("Say what the problem is."))
        if category is None:
            _add(errors, "category", _("Choose what kind of problem it is."))
        if household is None:
            _add(errors, "problem", _("The beneficiary has no household on record: report the problem as a case."))
    volunteer = _volunteer_to_credit(pairing, helper, actor) if time is not None else None
    if time is not None and volunteer is None and "hours" not in errors:
        _add(
            errors,
            "hours",
            _("Hours are credited to a volunteer: choose the volunteer who went, or leave the hours empty."),
        )
    if errors:
        raise DomainError(errors)
    name = _text(by_name, 100) or (helper.name if helper is not None else "") or _actor_name(actor)
    visit = PairingVisit.objects.create(
        pairing=pairing,
        visited_on=visited_on,
        helper=helper,
        by_user=signed_in(actor),
        by_name=name,
        help_kind=help_kind,
        amount=money if help_kind in AMOUNT_KINDS else None,
        hours=time,
        note=note_text,
    )
    written: list[str] = []
    try:
        _store_photos(visit, photos, actor, written)
        _visit_follow_up(
            actor=actor,
            visit=visit,
            household=household,
            problem=problem_text,
            category=category,
            volunteer=volunteer,
            confirmed=confirmed,
        )
    except BaseException:
        _delete_files(written)
        raise
    audit_record(
        actor=actor,
        action="create",
        obj=visit,
        changes={
            "beneficiary": beneficiary.name,
            "visited_on": visited_on.isoformat(),
            "help_kind": help_kind,
            "amount": str(visit.amount) if visit.amount is not None else None,
            "hours": str(time) if time is not None else None,
            "photos": len(photos),
            "case": visit.case_id,
        },
    )
    return visit


def _visit_follow_up(
    *,
    actor: Actor,
    visit: PairingVisit,
    household: Household | None,
    problem: str,
    category: CaseCategory | None,
    volunteer: Volunteer | None,
    confirmed: bool,
) -> None:
    """The case of a problem seen, and the volunteer's hours."""
    beneficiary = visit.pairing.beneficiary
    helper = visit.helper
    problem_text, time, visited_on = problem, visit.hours, visit.visited_on
    if problem_text and category is not None and household is not None:
        case = case_report(
            actor=actor,
            category=category,
            description=problem_text,
            area=household.area,
            household=household,
            people_involved=beneficiary.name,
        )
        visit.case = case
        visit.save(update_fields=["case"])
    if time is not None and volunteer is not None:
        hours_credit_apply(
            volunteer=volunteer,
            area=beneficiary.community,
            served_on=visited_on,
            hours=time,
            description=_("Pairing visit to %(name)s") % {"name": beneficiary.name},
            source=HoursSource.PAIRING,
            source_id=visit.pk,
            team=helper.team if helper is not None and helper.team_id else None,
            people_served=1,
            actor=actor,
            confirmed=confirmed,
        )


def _is_own_helper(actor: Actor, pairing: Pairing, helper: PairingHelper | None) -> bool:
    """`helper` is a helper row of `pairing` the actor stands for (their member or volunteer record, their team)."""
    if helper is None or not getattr(actor, "is_authenticated", False):
        return False
    return PairingHelper.objects.filter(helper_q(actor), pk=helper.pk, pairing=pairing).exists()


def _actor_name(actor: Actor) -> str:
    user = signed_in(actor)
    if user is None:
        return ""
    full = getattr(user, "get_full_name", lambda: "")() or ""
    return (full or user.get_username())[:100]


@transaction.atomic
def pairing_close(
    *,
    actor: Actor,
    pairing: Pairing,
    closed_on: datetime.date,
    outcome: str,
    note: str = "",
    today: datetime.date | None = None,
) -> Pairing:
    """Close a pairing with its outcome; a beneficiary who moved away or died leaves the list too."""
    today = today or timezone.localdate()
    pairing = Pairing.objects.select_for_update().select_related("beneficiary").get(pk=pairing.pk)
    check(may_manage(actor, pairing.beneficiary.community))
    errors: dict[str, list[str]] = {}
    if pairing.closed_on is not None:
        raise DomainError(_("This pairing is closed already."))
    if _past_date(closed_on, "closed_on", errors, today):
        if closed_on < pairing.started_on:
            _add(errors, "closed_on", _("A pairing cannot close before it started."))
        elif pairing.visits.filter(visited_on__gt=closed_on).exists():
            _add(errors, "closed_on", _("Visits are logged after this date; choose a later date."))
    if outcome not in Outcome.values:
        _add(errors, "outcome", _("Choose the outcome of the pairing."))
    note_text = _text(note, 500)
    if outcome == Outcome.OTHER and not note_text:
        _add(errors, "note", _("Say how the pairing ended."))
    if errors:
        raise DomainError(errors)
    pairing.closed_on, pairing.outcome, pairing.closing_note = closed_on, outcome, note_text
    pairing.save(update_fields=["closed_on", "outcome", "closing_note", "updated_at"])
    if outcome in LEAVING_OUTCOMES:
        beneficiary = pairing.beneficiary
        beneficiary.closed_on = closed_on
        beneficiary.save(update_fields=["closed_on", "updated_at"])
    audit_record(
        actor=actor,
        action="update",
        obj=pairing,
        changes={"closed_on": closed_on.isoformat(), "outcome": outcome, "note": note_text},
    )
    return pairing
