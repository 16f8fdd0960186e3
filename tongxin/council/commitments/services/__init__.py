"""Writes of commitments: each checks who acts, is one transaction, and says what is wrong in the
user's words (DomainError). Double submits are safe: a pledge is unique per member and year
(the second is an update), a verification is a conditional UPDATE."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from tongxin.council.commitments.defaults import TEMPLATES
from tongxin.council.commitments.models import (
    MAX_ITEMS,
    Convention,
    ConventionKind,
    ConventionVersion,
    Fulfilment,
    MemberCard,
    Pledge,
    PledgeItem,
)
from tongxin.council.commitments.queries import (
    community_members,
    require_member_write,
    require_staff,
)
from tongxin.platform.access.actor import signed_in
from tongxin.platform.core.audit import audit_record
from tongxin.platform.core.exceptions import DomainError
from tongxin.registry.areas.models import Area, Level
from tongxin.registry.party.models import PartyMember

__all__ = [
    "card_save",
    "convention_adopt",
    "fulfilment_add",
    "fulfilment_verify",
    "item_add",
    "item_update",
    "items_from_template",
    "pledge_save",
]


def _member_of(member: PartyMember, community: Area) -> None:
    if not community_members(community).filter(pk=member.pk).exists():
        raise DomainError(
            _("%(name)s is not a party member of %(place)s.") % {"name": member.name, "place": community.name}
        )


# Pledge items (configuration)


@transaction.atomic
def items_from_template(*, actor: Any, community: Area, template: str) -> list[PledgeItem]:
    """Add a template's items (红六条, 红十条) after the community's own; a second call adds nothing."""
    require_staff(actor, community)
    if template not in TEMPLATES:
        raise DomainError({"template": _("Choose one of the lists offered.")})
    existing = set(PledgeItem.objects.select_for_update().filter(community=community).values_list("title", flat=True))
    last = PledgeItem.objects.filter(community=community).aggregate(m=Max("position"))["m"] or 0
    added = []
    for title, description in TEMPLATES[template][1]:
        if title in existing:
            continue
        last += 1
        added.append(PledgeItem(community=community, position=last, title=title, description=description))
    if last > MAX_ITEMS:
        raise DomainError({"template": _("A pledge list holds at most %(max)d items.") % {"max": MAX_ITEMS}})
    PledgeItem.objects.bulk_create(added)
    audit_record(
        actor=signed_in(actor),
        action="create",
        obj=community,
        changes={"template": template, "added": len(added)},
    )
    return added


@transaction.atomic
def item_add(*, actor: Any, community: Area, title: str, description: str = "") -> PledgeItem:
    require_staff(actor, community)
    title = title.strip()
    if not title:
        raise DomainError({"title": _("Write the item in a few words.")})
    items = PledgeItem.objects.select_for_update().filter(community=community)
    if items.filter(title=title).exists():
        raise DomainError({"title": _("The list already has this item.")})
    if items.count() >= MAX_ITEMS:
        raise DomainError({"title": _("A pledge list holds at most %(max)d items.") % {"max": MAX_ITEMS}})
    position = (items.aggregate(m=Max("position"))["m"] or 0) + 1
    item = PledgeItem.objects.create(
        community=community, position=position, title=title, description=description.strip()
    )
    audit_record(actor=signed_in(actor), action="create", obj=item, changes={"title": title})
    return item


@transaction.atomic
def item_update(*, actor: Any, item: PledgeItem, title: str, description: str, is_active: bool) -> PledgeItem:
    require_staff(actor, item.community)
    title = title.strip()
    if not title:
        raise DomainError({"title": _("Write the item in a few words.")})
    if PledgeItem.objects.filter(community_id=item.community_id, title=title).exclude(pk=item.pk).exists():
        raise DomainError({"title": _("The list already has this item.")})
    item.title, item.description, item.is_active = title, description.strip(), is_active
    item.save(update_fields=["title", "description", "is_active"])
    audit_record(
        actor=signed_in(actor),
        action="update",
        obj=item,
        changes={"title": title, "active": is_active},
    )
    return item


# Pledges and fulfilment


@transaction.atomic
def pledge_save(
    *,
    actor: Any,
    member: PartyMember,
    community: Area,
    year: int,
    items: Sequence[PledgeItem],
    words: str = "",
    pledged_on: datetime.date | None = None,
) -> Pledge:
    """Record (or change) the member's pledge for the year."""
    require_member_write(actor, member, community)
    _member_of(member, community)
    today = timezone.localdate()
    pledged_on = pledged_on or today
    if not items:
        raise DomainError({"items": _("Choose at least one item the member pledges.")})
    if any(i.community_id != community.pk or not i.is_active for i in items):
        raise DomainError({"items": _("Choose items of this community's list.")})
    if year < 2000 or year > today.year + 1:
        raise DomainError({"year": _("Choose this year, next year or a past year.")})
    if pledged_on > today:
        raise DomainError({"pledged_on": _("The date cannot be in the future.")})
    values = {"community": community, "words": words.strip(), "pledged_on": pledged_on, "recorded_by": signed_in(actor)}
    try:
        with transaction.atomic():
            pledge, created = Pledge.objects.update_or_create(member=member, year=year, defaults=values)
    except IntegrityError:  # two submits at once: the other one created it
        pledge = Pledge.objects.get(member=member, year=year)
        Pledge.objects.filter(pk=pledge.pk).update(**values)
        created = False
    pledge.items.set(items)
    audit_record(
        actor=signed_in(actor),
        action="create" if created else "update",
        obj=pledge,
        changes={"year": year, "items": [i.pk for i in items], "new": created},
    )
    return pledge


@transaction.atomic
def fulfilment_add(
    *, actor: Any, pledge: Pledge, done_on: datetime.date, text: str, item: PledgeItem | None = None
) -> Fulfilment:
    member = pledge.member
    require_member_write(actor, member, pledge.community)
    text = text.strip()
    if not text:
        raise DomainError({"text": _("Say what was done.")})
    if done_on > timezone.localdate():
        raise DomainError({"done_on": _("The date cannot be in the future.")})
    if done_on.year != pledge.year:
        raise DomainError(
            {"done_on": _("This pledge is for %(year)d: choose a date in that year.") % {"year": pledge.year}}
        )
    if item is not None and item.community_id != pledge.community_id:
        raise DomainError({"item": _("Choose items of this community's list.")})
    entry = Fulfilment.objects.create(
        pledge=pledge, item=item, done_on=done_on, text=text, recorded_by=signed_in(actor)
    )
    audit_record(
        actor=signed_in(actor),
        action="create",
        obj=entry,
        changes={"pledge": pledge.pk, "on": done_on.isoformat()},
    )
    return entry


@transaction.atomic
def fulfilment_verify(*, actor: Any, entry: Fulfilment) -> Fulfilment:
    """The branch (or the community's staff) confirms the entry; a second click changes nothing."""
    pledge = entry.pledge
    require_member_write(actor, pledge.member, pledge.community)
    now = timezone.now()
    changed = Fulfilment.objects.filter(pk=entry.pk, verified_at__isnull=True).update(
        verified_by=signed_in(actor), verified_at=now
    )
    if not changed:
        raise DomainError(_("This entry was already verified."))
    entry.refresh_from_db()
    audit_record(actor=signed_in(actor), action="update", obj=entry, changes={"verified": True})
    return entry


# The convention


@transaction.atomic
def convention_adopt(
    *,
    actor: Any,
    community: Area,
    articles: str,
    adopted_on: datetime.date,
    decided_by: str,
    topic: Any = None,
    title: str = "",
) -> ConventionVersion:
    """Record a new version of the convention, adopted on `adopted_on` by a council decision."""
    require_staff(actor, community)
    lines = [line.strip() for line in articles.splitlines() if line.strip()]
    if not lines:
        raise DomainError({"articles": _("Write the articles, one a line.")})
    if adopted_on > timezone.localdate():
        raise DomainError({"adopted_on": _("The date cannot be in the future.")})
    if not decided_by.strip() and topic is None:
        raise DomainError({"decided_by": _("Say which meeting or council adopted it.")})
    if topic is not None:
        if not topic.area.path.startswith(community.path):
            raise DomainError({"topic": _("Choose a topic of this community.")})
        if topic.decided_on is None or topic.state not in ("decided", "done"):
            raise DomainError({"topic": _("The topic has not been decided yet.")})
        if topic.decided_on > adopted_on:
            raise DomainError({"adopted_on": _("The convention cannot be adopted before the decision.")})
        decided_by = decided_by.strip() or (topic.council.name if topic.council_id else "")
    village = community.level == Level.VILLAGE
    kind = ConventionKind.VILLAGERS if village else ConventionKind.RESIDENTS
    convention, _created = Convention.objects.select_for_update().get_or_create(
        community=community,
        defaults={"kind": kind, "title": title.strip() or f"{community.name}{kind.label.split('(')[-1].rstrip(')')}"},
    )
    if title.strip() and title.strip() != convention.title:
        convention.title = title.strip()
        convention.save(update_fields=["title", "updated_at"])
    last = convention.versions.aggregate(m=Max("number"))["m"] or 0
    latest = convention.versions.order_by("-number").first()
    if latest and adopted_on < latest.adopted_on:
        raise DomainError({"adopted_on": _("A later version was adopted on %(day)s.") % {"day": latest.adopted_on}})
    version = ConventionVersion.objects.create(
        convention=convention,
        number=last + 1,
        articles="\n".join(lines),
        adopted_on=adopted_on,
        decided_by=decided_by.strip()[:100],
        topic=topic,
        recorded_by=signed_in(actor),
    )
    audit_record(actor=signed_in(actor), action="create", obj=version, changes={"number": version.number})
    return version


# The member information board


@transaction.atomic
def card_save(
    *,
    actor: Any,
    member: PartyMember,
    community: Area,
    post: str,
    shown: bool,
    photo_consent: bool,
    photo: bytes | None = None,
    remove_photo: bool = False,
) -> MemberCard:
    """The member's card on the board; the consent is stamped with who recorded it and when."""
    require_staff(actor, community)
    _member_of(member, community)
    card, _created = MemberCard.objects.select_for_update().get_or_create(member=member)
    if photo_consent != card.photo_consent:
        card.consent_recorded_by = signed_in(actor)
        card.consent_recorded_at = timezone.now()
    card.photo_consent = photo_consent
    card.post, card.shown = post.strip()[:40], shown
    old = card.photo.name if card.photo else ""
    if photo is not None:
        from django.core.files.base import ContentFile

        card.photo.save("photo.jpg", ContentFile(photo), save=False)
    elif remove_photo:
        card.photo = None
    card.save()
    if old and old != (card.photo.name if card.photo else ""):
        from django.core.files.storage import default_storage

        transaction.on_commit(lambda: default_storage.delete(old))
    audit_record(
        actor=signed_in(actor),
        action="update",
        obj=card,
        changes={"shown": shown, "post": card.post, "consent": photo_consent, "photo": bool(card.photo)},
    )
    return card
