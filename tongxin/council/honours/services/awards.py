"""An award's life: created, nominations made and reviewed, made public (公示) with objections,
conferred on the accepted nominees.

Every change of state is a conditional UPDATE on the state it starts from, so two people
reviewing the same nomination, or publishing the same award, at once cannot both win: the
second is told the row has changed.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from tongxin.council.honours.models import (
    Award,
    AwardState,
    Nomination,
    NominationObjection,
    NominationSource,
    NominationState,
    NomineeKind,
    ObjectionStatus,
)
from tongxin.council.honours.services._common import (
    TEXT_MAX,
    check_recognises,
    clean,
    clean_name,
    family_of,
    household_name,
)
from tongxin.platform.access.actor import Actor, check_at, signed_in
from tongxin.platform.access.roles import Perm
from tongxin.platform.core.audit import audit_record
from tongxin.platform.core.crypto import keyed_hash
from tongxin.platform.core.exceptions import DomainError
from tongxin.platform.core.personal import normalize_phone, protect_phone
from tongxin.platform.core.trees import ORG
from tongxin.registry.areas.models import COMMUNITY_LEVELS, Area, Household, Level
from tongxin.registry.party.models import PartyMember
from tongxin.registry.people.models import Resident

AWARD_LEVELS = (*COMMUNITY_LEVELS, Level.SUBDISTRICT)
NOMINATION_KIND = "honours_nomination"
OBJECTION_KIND = "honours_objection"
PLACES_MAX = 100
PUBLICITY_DAYS_MAX = 30
PERSON_KINDS = (NomineeKind.RESIDENT, NomineeKind.VOLUNTEER)
REASON_MAX = 1000


def changed() -> DomainError:
    return DomainError(_("Someone else changed this in the meantime. Look at it again."), code="changed")


def _limit() -> int:
    return int(settings.PUBLIC_REPORTS_PER_HOUR)


# --- awards -----------------------------------------------------------------------------------


@transaction.atomic
def award_create(
    *,
    actor: Actor,
    area: Area,
    name: str,
    nominee_kind: str,
    places: int,
    year: int,
    round: str = "",
    description: str = "",
    public_nominations: bool = True,
    publicity_days: int = 7,
) -> Award:
    if area.level not in AWARD_LEVELS:
        raise DomainError({"area": _("An award is given by a community, a village or a subdistrict.")})
    check_recognises(actor, area)
    if nominee_kind not in NomineeKind.values:
        raise DomainError({"nominee_kind": _("Choose who may be nominated.")})
    if not isinstance(places, int) or not 1 <= places <= PLACES_MAX:
        raise DomainError({"places": _("From 1 to %(max)d places.") % {"max": PLACES_MAX}})
    if not isinstance(year, int) or not 2000 <= year <= 2100:
        raise DomainError({"year": _("Give a year such as 2026.")})
    if not isinstance(publicity_days, int) or not 1 <= publicity_days <= PUBLICITY_DAYS_MAX:
        raise DomainError({"publicity_days": _("From 1 to %(max)d days.") % {"max": PUBLICITY_DAYS_MAX}})
    award = Award.objects.create(
        area=area,
        name=clean(name, 60, field="name", required=True),
        nominee_kind=nominee_kind,
        places=places,
        year=year,
        round=clean(round, 40, field="round"),
        description=clean(description, TEXT_MAX, field="description"),
        public_nominations=bool(public_nominations) and nominee_kind != NomineeKind.PARTY_MEMBER,
        publicity_days=publicity_days,
        created_by=signed_in(actor),
    )
    audit_record(actor=signed_in(actor), action="create", obj=award, changes={"name": award.name})
    return award


# --- nominations ------------------------------------------------------------------------------


def public_nominations_from(ip: str | None, since: datetime.datetime) -> int:
    """Nominations made on the public page from this address since then (the hourly limit)."""
    if not ip:
        return 0
    return Nomination.objects.filter(ip_hash=keyed_hash(NOMINATION_KIND, ip), created_at__gte=since).count()


def _under(area: Area | None, award: Award) -> bool:
    return area is not None and area.path.startswith(award.area.path)


def _nominee(
    award: Award,
    household: Household | None,
    resident: Resident | None,
    member: PartyMember | None,
    team_name: str,
) -> tuple[str, Area, Q]:
    """The nominee's public name, place and the filter finding an earlier nomination of them."""
    kind = award.nominee_kind
    if kind == NomineeKind.HOUSEHOLD and household is not None:
        return household_name(household), household.area, Q(household=household)
    if kind in PERSON_KINDS and resident is not None:
        return resident.name, resident.household.area, Q(resident=resident)
    if kind == NomineeKind.PARTY_MEMBER and member is not None:
        place = member.resident.household.area if member.resident_id else member.org.area  # type: ignore[union-attr]
        return member.name, place or award.area, Q(party_member=member)
    if kind == NomineeKind.TEAM and team_name:
        name = clean_name(team_name, field="nominee")
        return name, award.area, Q(display_name=name, household__isnull=True, resident__isnull=True)
    raise DomainError({"nominee": _("Choose whom you nominate for this award.")})


@transaction.atomic
def nomination_submit(
    *,
    actor: Actor | None,
    award: Award,
    source: str,
    reason: str,
    household: Household | None = None,
    resident: Resident | None = None,
    party_member: PartyMember | None = None,
    team_name: str = "",
    public_name: str = "",
    place: Area | None = None,
    address_note: str = "",
    nominator_name: str = "",
    phone: str = "",
    ip: str | None = None,
    at: datetime.datetime | None = None,
) -> Nomination:
    """A nomination by staff, by a Party branch (its members only) or by a resident on the public page."""
    when = at or timezone.now()
    award = Award.objects.select_for_update().select_related("area").get(pk=award.pk)
    if award.state != AwardState.OPEN:
        raise DomainError(_("This award takes no more nominations."), code="closed")
    reason = clean(reason, REASON_MAX, field="reason", required=True)
    organization = None
    if source == NominationSource.PUBLIC:
        if not award.public_nominations:
            raise DomainError(_("This award takes no nominations from the public page."), code="closed")
        if ip and public_nominations_from(ip, when - datetime.timedelta(hours=1)) >= _limit():
            raise DomainError(
                _("Too many nominations from this address in the last hour. Please try again later."), code="limited"
            )
        if not _under(place, award):
            raise DomainError({"building": _("Choose a building of this community.")})
        assert place is not None
        person = clean_name(public_name, field="nominee")
        display = family_of(person) if award.nominee_kind == NomineeKind.HOUSEHOLD else person
        existing = Q(display_name=display, place=place)
    else:
        if source == NominationSource.BRANCH:
            if award.nominee_kind != NomineeKind.PARTY_MEMBER or party_member is None:
                raise DomainError({"nominee": _("A Party branch nominates its own members for a members' award.")})
            check_at(actor or _nobody(), Perm.PARTY_WORK, ORG, party_member.org.path)
            organization = party_member.org
        elif source == NominationSource.STAFF:
            check_recognises(actor or _nobody(), award.area)
        else:
            raise DomainError(_("Unknown source of nomination."))
        display, place, existing = _nominee(award, household, resident, party_member, team_name)
        if not _under(place, award):
            raise DomainError({"nominee": _("The nominee lives outside the place that gives this award.")})
    live = award.nominations.exclude(state=NominationState.DECLINED)
    if live.filter(existing).exists():
        raise DomainError({"nominee": _("%(name)s is already nominated for this award.") % {"name": display}})
    nomination = Nomination(
        award=award,
        place=place,
        household=household if award.nominee_kind == NomineeKind.HOUSEHOLD else None,
        resident=resident if award.nominee_kind in PERSON_KINDS else None,
        party_member=party_member if award.nominee_kind == NomineeKind.PARTY_MEMBER else None,
        display_name=display,
        address_note=clean(address_note, 60, field="address_note"),
        reason=reason,
        source=source,
        organization=organization,
        nominated_by=signed_in(actor),
        nominator_name=clean_name(nominator_name, field="name", required=False),
        ip_hash=keyed_hash(NOMINATION_KIND, ip) if ip else "",
    )
    if phone:
        nomination.set_phone(protect_phone(normalize_phone(phone)))
    nomination.save()
    if at is not None:
        Nomination.objects.filter(pk=nomination.pk).update(created_at=at, updated_at=at)
    audit_record(actor=signed_in(actor), action="create", obj=nomination, changes={"award": award.name})
    return nomination


def _nobody() -> Any:
    from django.contrib.auth.models import AnonymousUser

    return AnonymousUser()


@transaction.atomic
def nomination_review(
    *,
    actor: Actor,
    nomination: Nomination,
    accept: bool,
    reason: str = "",
    at: datetime.datetime | None = None,
) -> Nomination:
    """Accept a nomination, or decline it with a reason the nominator can read."""
    check_recognises(actor, nomination.award.area)
    when = at or timezone.now()
    reason = clean(reason, 500, field="reason", required=not accept)
    to = NominationState.ACCEPTED if accept else NominationState.DECLINED
    done = Nomination.objects.filter(
        pk=nomination.pk, state=NominationState.SUBMITTED, award__state=AwardState.OPEN
    ).update(state=to, decline_reason="" if accept else reason, reviewed_by=signed_in(actor), reviewed_at=when)
    if not done:
        raise changed()
    nomination.refresh_from_db()
    audit_record(actor=signed_in(actor), action="update", obj=nomination, changes={"state": to, "reason": reason})
    return nomination


# --- publicity, objections, award -------------------------------------------------------------


@transaction.atomic
def award_publish(*, actor: Actor, award: Award, at: datetime.datetime | None = None) -> Award:
    """Make the accepted nominees public (公示) for the award's days; none may wait for review."""
    check_recognises(actor, award.area)
    when = at or timezone.now()
    counts = {s: 0 for s in NominationState.values}
    for state in Nomination.objects.filter(award=award).values_list("state", flat=True):
        counts[state] += 1
    if counts[NominationState.SUBMITTED]:
        raise DomainError(
            _("%(n)d nominations still wait for review. Accept or decline them first.")
            % {"n": counts[NominationState.SUBMITTED]},
            code="waiting",
        )
    accepted = counts[NominationState.ACCEPTED]
    if not accepted:
        raise DomainError(_("Accept at least one nomination before the publicity."), code="empty")
    if accepted > award.places:
        raise DomainError(
            _("%(n)d nominees are accepted for %(places)d places: decline some first.")
            % {"n": accepted, "places": award.places},
            code="places",
        )
    ends = when + datetime.timedelta(days=award.publicity_days)
    done = Award.objects.filter(pk=award.pk, state=AwardState.OPEN).update(
        state=AwardState.PUBLICITY, publicity_starts=when, publicity_ends=ends
    )
    if not done:
        raise changed()
    award.refresh_from_db()
    audit_record(actor=signed_in(actor), action="update", obj=award, changes={"state": AwardState.PUBLICITY})
    return award


def public_objections_from(ip: str | None, since: datetime.datetime) -> int:
    if not ip:
        return 0
    return NominationObjection.objects.filter(ip_hash=keyed_hash(OBJECTION_KIND, ip), created_at__gte=since).count()


@transaction.atomic
def objection_raise(
    *,
    nomination: Nomination,
    text: str,
    name: str = "",
    phone: str = "",
    ip: str | None = None,
    at: datetime.datetime | None = None,
) -> NominationObjection:
    """Anyone may object to a nominee while the award is in publicity; the award waits for the answer."""
    when = at or timezone.now()
    award = nomination.award
    if (
        award.state != AwardState.PUBLICITY
        or award.publicity_ends is None
        or when >= award.publicity_ends
        or nomination.state != NominationState.ACCEPTED
    ):
        raise DomainError(_("Objections are taken only while the nominees are in publicity."), code="publicity")
    if ip and public_objections_from(ip, when - datetime.timedelta(hours=1)) >= _limit():
        raise DomainError(
            _("Too many objections from this address in the last hour. Please try again later."), code="limited"
        )
    objection = NominationObjection(
        nomination=nomination,
        text=clean(text, TEXT_MAX, field="text", required=True),
        name=clean_name(name, field="name", required=False),
        ip_hash=keyed_hash(OBJECTION_KIND, ip) if ip else "",
    )
    if phone:
        objection.set_phone(protect_phone(normalize_phone(phone)))
    objection.save()
    if at is not None:
        NominationObjection.objects.filter(pk=objection.pk).update(created_at=at, updated_at=at)
    audit_record(actor=None, action="create", obj=objection, changes={"nomination": nomination.pk})
    return objection


@transaction.atomic
def objection_answer(
    *,
    actor: Actor,
    objection: NominationObjection,
    uphold: bool,
    answer: str,
    at: datetime.datetime | None = None,
) -> NominationObjection:
    """Answer an objection: upheld, the nominee is withdrawn (declined with the answer as reason)."""
    nomination = objection.nomination
    check_recognises(actor, nomination.award.area)
    when = at or timezone.now()
    answer = clean(answer, TEXT_MAX, field="answer", required=True)
    to = ObjectionStatus.UPHELD if uphold else ObjectionStatus.DISMISSED
    done = NominationObjection.objects.filter(pk=objection.pk, status=ObjectionStatus.OPEN).update(
        status=to, answer=answer, answered_by=signed_in(actor), answered_at=when
    )
    if not done:
        raise changed()
    if uphold:
        Nomination.objects.filter(pk=nomination.pk, state=NominationState.ACCEPTED).update(
            state=NominationState.DECLINED, decline_reason=answer[:500], reviewed_by=signed_in(actor), reviewed_at=when
        )
    objection.refresh_from_db()
    audit_record(actor=signed_in(actor), action="update", obj=objection, changes={"status": to})
    return objection


@transaction.atomic
def award_confer(*, actor: Actor, award: Award, at: datetime.datetime | None = None) -> Award:
    """After the publicity, with every objection answered: the accepted nominees are the winners."""
    check_recognises(actor, award.area)
    when = at or timezone.now()
    if award.state != AwardState.PUBLICITY or award.publicity_ends is None:
        raise DomainError(_("Only an award in publicity can be conferred."), code="state")
    if when < award.publicity_ends:
        raise DomainError(_("The publicity has not ended yet."), code="publicity")
    if NominationObjection.objects.filter(nomination__award=award, status=ObjectionStatus.OPEN).exists():
        raise DomainError(_("An objection waits for an answer."), code="objection")
    done = Award.objects.filter(pk=award.pk, state=AwardState.PUBLICITY).update(
        state=AwardState.AWARDED, awarded_on=timezone.localdate(when)
    )
    if not done:
        raise changed()
    Nomination.objects.filter(award=award, state=NominationState.ACCEPTED).update(state=NominationState.WINNER)
    award.refresh_from_db()
    audit_record(actor=signed_in(actor), action="update", obj=award, changes={"state": AwardState.AWARDED})
    return award
