"""The good-deeds wall (善行善举墙): entries written by staff, a photo shown only with consent.

A photo is checked and re-encoded by the case photos' helpers (size limit, no decompression
bombs, EXIF stripped, the app's own JPEG), before anything is written. Consent is recorded with
who recorded it and when; withdrawing it hides the photo from the public board at once.
"""

from __future__ import annotations

import datetime

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tongxin.council.honours.models import Deed, WallBoard
from tongxin.council.honours.services._common import TEXT_MAX, check_recognises, clean, clean_name, household_name
from tongxin.grid.cases.photos import ProcessedPhoto, photos_process
from tongxin.platform.access.actor import Actor, signed_in
from tongxin.platform.core.audit import audit_record
from tongxin.platform.core.exceptions import DomainError
from tongxin.registry.areas.models import COMMUNITY_LEVELS, Area, Household
from tongxin.registry.people.models import Resident


def deed_photo_process(upload: UploadedFile | None) -> ProcessedPhoto | None:
    """The upload checked and re-encoded, or None; DomainError on `photo` when it is refused."""
    if upload is None:
        return None
    try:
        return photos_process([upload])[0]
    except DomainError as exc:
        raise DomainError({"photo": exc.messages}) from exc


@transaction.atomic
def deed_create(
    *,
    actor: Actor,
    area: Area,
    board: str,
    title: str,
    story: str,
    happened_on: datetime.date,
    person_name: str = "",
    household: Household | None = None,
    resident: Resident | None = None,
    photo: ProcessedPhoto | None = None,
    photo_consent: bool = False,
    at: datetime.datetime | None = None,
) -> Deed:
    if area.level not in COMMUNITY_LEVELS:
        raise DomainError({"area": _("A good deed is put on the wall of a community or village.")})
    check_recognises(actor, area)
    when = at or timezone.now()
    if board not in WallBoard.values:
        raise DomainError({"board": _("Choose one of the four boards.")})
    if happened_on > timezone.localdate(when):
        raise DomainError({"happened_on": _("The date cannot be in the future.")})
    if resident is not None and not resident.household.area.path.startswith(area.path):
        raise DomainError({"person_name": _("This resident lives outside the community.")})
    if household is not None and not household.area.path.startswith(area.path):
        raise DomainError({"person_name": _("This household lives outside the community.")})
    name = clean_name(person_name, field="person_name", required=False)
    if not name:
        name = resident.name if resident is not None else household_name(household) if household else ""
    if not name:
        raise DomainError({"person_name": _("Name the person, household or team.")})
    deed = Deed(
        area=area,
        board=board,
        title=clean(title, 60, field="title", required=True),
        story=clean(story, TEXT_MAX, field="story", required=True),
        happened_on=happened_on,
        person_name=name,
        household=household,
        resident=resident,
        created_by=signed_in(actor),
    )
    if photo is not None:
        deed.photo.save("photo.jpg", ContentFile(photo.image), save=False)
        deed.thumbnail.save("thumb.jpg", ContentFile(photo.thumbnail), save=False)
        if photo_consent:
            deed.photo_consent = True
            deed.consent_recorded_by = signed_in(actor)
            deed.consent_recorded_at = when
    deed.save()
    audit_record(
        actor=signed_in(actor), action="create", obj=deed, changes={"board": board, "consent": deed.photo_consent}
    )
    return deed


@transaction.atomic
def deed_consent(*, actor: Actor, deed: Deed, consent: bool, at: datetime.datetime | None = None) -> Deed:
    """Record the person's consent to show the photo, or its withdrawal (the photo is hidden at once)."""
    check_recognises(actor, deed.area)
    if consent and not deed.photo:
        raise DomainError(_("This entry has no photo."))
    when = at or timezone.now()
    Deed.objects.filter(pk=deed.pk).update(
        photo_consent=consent, consent_recorded_by=signed_in(actor), consent_recorded_at=when
    )
    deed.refresh_from_db()
    audit_record(actor=signed_in(actor), action="update", obj=deed, changes={"consent": consent})
    return deed


@transaction.atomic
def deed_delete(*, actor: Actor, deed: Deed) -> None:
    check_recognises(actor, deed.area)
    names = [f.name for f in (deed.photo, deed.thumbnail) if f]
    audit_record(actor=signed_in(actor), action="delete", obj=deed)
    deed.delete()
    storage = deed.photo.storage

    def remove() -> None:
        for name in names:
            storage.delete(name)

    transaction.on_commit(remove)
