"""Writes to notices: the draft, sending it (one transaction, bulk writes), the texts' outcome,
door-to-door confirmations, the reminder and closing.

Sending writes a `NoticeDelivery` per audience household and a `NoticeText` per text in a fixed
number of queries (bulk inserts) whatever the audience's size; the texts go out through the
outbound backend once the transaction commits (`deliver_texts`), and what the backend answered is
written back: a household is reached by text when a text to one of its audience residents went
out. Residents without a phone number are reached only door to door. A household counts reached
once either channel reached it; one reached by text does not also need the door. The number is
never logged (only masked) and never copied out of the resident's encrypted field.
"""

from __future__ import annotations

import logging
import secrets
from typing import Any

from django.db import transaction
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from tongxin.fieldwork.notices.models import TEXT_MAX, TITLE_MAX, Notice, NoticeDelivery, NoticeText
from tongxin.fieldwork.notices.queries import audience_households, audience_residents
from tongxin.platform.access.actor import Actor, signed_in
from tongxin.platform.access.models import RoleAssignment
from tongxin.platform.access.roles import Perm, Role
from tongxin.platform.access.scope import scope_for, visible_to
from tongxin.platform.core.audit import audit_record
from tongxin.platform.core.exceptions import DomainError, Forbidden
from tongxin.platform.core.personal import mask_phone
from tongxin.platform.core.trees import AREA
from tongxin.platform.inbox.services import notify, send_message
from tongxin.registry.areas.models import COMMUNITY_LEVELS, Area
from tongxin.registry.people.models import CareCategory, Resident

logger = logging.getLogger("tongxin.platform.inbox.outbound")


def may_run(actor: Actor, community: Area) -> bool:
    """Those who run notices over the community (its office, admin): Perm.CAMPAIGN."""
    return scope_for(actor).allows_path(Perm.CAMPAIGN, AREA, community.path)


def check_runs(actor: Actor, community: Area) -> None:
    if not may_run(actor, community):
        raise Forbidden(_("Only the community's staff may do this."))


def clean(value: Any, limit: int, *, field: str, required: bool = False) -> str:
    text = "".join(c for c in str(value or "") if c >= " " or c in "\n\t").replace("\x7f", "").strip()
    if required and not text:
        raise DomainError({field: _("This field is required.")})
    if len(text) > limit:
        raise DomainError({field: _("At most %(limit)d characters.") % {"limit": limit}})
    return text


def community_of(area: Area) -> Area | None:
    if area.level in COMMUNITY_LEVELS:
        return area
    paths = area.ancestor_paths()
    return Area.objects.filter(path__in=paths, level__in=COMMUNITY_LEVELS).order_by("-depth").first()


@transaction.atomic
def notice_save(
    *,
    actor: Actor,
    area: Area | None,
    title: str,
    text: str,
    notice: Notice | None = None,
    audience: str = Notice.Audience.HOUSEHOLDS,
    care_category: CareCategory | None = None,
    over_60: bool = False,
    by_text: bool = True,
    by_door: bool = True,
) -> Notice:
    """Write a draft notice (a sent one no longer changes: its households were counted)."""
    if area is None:
        raise DomainError({"area": _("Choose the place the notice is for.")})
    community = community_of(area)
    if community is None:
        raise DomainError({"area": _("Choose a community or a place under it.")})
    check_runs(actor, community)
    if notice is not None:
        check_runs(actor, notice.community)
        if notice.status != Notice.Status.DRAFT:
            raise DomainError(_("This notice was sent: it can no longer be changed."))
    if audience not in Notice.Audience.values:
        raise DomainError({"audience": _("Choose who the notice is for.")})
    if not by_text and not by_door:
        raise DomainError({"by_door": _("Choose at least one way to deliver it.")})
    values = {
        "community": community,
        "area": area,
        "title": clean(title, TITLE_MAX, field="title", required=True),
        "text": clean(text, TEXT_MAX, field="text", required=True),
        "audience": audience,
        "care_category": care_category,
        "over_60": bool(over_60),
        "by_text": bool(by_text),
        "by_door": bool(by_door),
    }
    created = notice is None
    if notice is None:
        notice = Notice(created_by=signed_in(actor), **values)
    else:
        for key, value in values.items():
            setattr(notice, key, value)
    notice.save()
    audit_record(actor=actor, action="create" if created else "update", obj=notice, changes={"title": notice.title})
    return notice


def _text_rows(notice: Notice, residents: list[tuple[int, int, str]], deliveries: dict[int, int]) -> list[NoticeText]:
    """The texts to write: (resident id, household id, relation) of residents with a phone."""
    if not notice.by_text:
        return []
    chosen: list[tuple[int, int]] = []
    if notice.audience == Notice.Audience.RESIDENTS:
        chosen = [(rid, hid) for rid, hid, _rel in residents]
    else:
        # One per household: the head, else the first member with a phone.
        first: dict[int, tuple[int, bool]] = {}
        for rid, hid, rel in residents:
            head = rel == Resident.Relation.HEAD
            if hid not in first or (head and not first[hid][1]):
                first[hid] = (rid, head)
        chosen = [(rid, hid) for hid, (rid, _h) in first.items()]
    return [
        NoticeText(notice=notice, delivery_id=deliveries[hid], resident_id=rid)
        for rid, hid in chosen
        if hid in deliveries
    ]


def _with_phone(notice: Notice, on: Any, households: list[int] | None = None) -> list[tuple[int, int, str]]:
    qs = audience_residents(notice, on).exclude(phone_enc="")
    if households is not None:
        qs = qs.filter(household_id__in=households)
    return list(qs.order_by("household_id", "id").values_list("id", "household_id", "relation"))


@transaction.atomic
def notice_send(*, actor: Actor, notice: Notice) -> Notice:
    """Draft → sent, once: a delivery row per audience household, a text per audience resident
    with a phone (or one per household), sent after the commit."""
    check_runs(actor, notice.community)
    now = timezone.now()
    today = timezone.localdate()
    done = Notice.objects.filter(pk=notice.pk, status=Notice.Status.DRAFT).update(
        status=Notice.Status.SENT, sent_on=today, sent_at=now, updated_at=now
    )
    if not done:
        raise DomainError(_("This notice was sent already."))
    notice.refresh_from_db()
    households = list(audience_households(notice, today).values_list("pk", "grid_id"))
    if not households:
        raise DomainError(_("Nobody lives in this place who the notice is for: there is no household to send it to."))
    residents = _with_phone(notice, today)
    phones: dict[int, int] = {}
    for _rid, hid, _rel in residents:
        phones[hid] = phones.get(hid, 0) + 1
    NoticeDelivery.objects.bulk_create(
        [
            NoticeDelivery(notice=notice, household_id=hid, grid_id=gid, phones=phones.get(hid, 0))
            for hid, gid in households
        ],
        batch_size=1000,
    )
    deliveries = dict(NoticeDelivery.objects.filter(notice=notice).values_list("household_id", "pk"))
    texts = NoticeText.objects.bulk_create(_text_rows(notice, residents, deliveries), batch_size=1000)
    audit_record(
        actor=actor,
        action="update",
        obj=notice,
        changes={"status": ["draft", "sent"], "households": len(households), "texts": len(texts)},
    )
    if texts:
        notice_id = notice.pk
        transaction.on_commit(lambda: deliver_texts(notice_id))
    return notice


def deliver_texts(notice_id: int) -> dict[str, int]:
    """Send the notice's queued texts through the outbound backend and write what it answered.

    Called after the commit that queued them; a second run finds nothing to send (each text is
    taken by one run). A failure is logged with the masked number and the error's kind only.
    """
    batch = secrets.token_hex(16)
    taken = NoticeText.objects.filter(notice_id=notice_id, status=NoticeText.Status.QUEUED).update(
        status=NoticeText.Status.SENDING, batch=batch
    )
    if not taken:
        return {"sent": 0, "failed": 0}
    notice = Notice.objects.get(pk=notice_id)
    rows = list(NoticeText.objects.filter(batch=batch).select_related("resident").only("id", "resident__phone_enc"))
    message = f"【{notice.title}】{notice.text}"
    sent: list[int] = []
    failed: list[int] = []
    for row in rows:
        phone = row.resident.phone_plain()
        if not phone:
            failed.append(row.pk)
            continue
        try:
            send_message(phone=phone, text=message)
        except Exception as exc:  # noqa: BLE001 (any backend error: the text failed, the rest go on)
            logger.error("Notice text to %s failed: %s", mask_phone(phone), type(exc).__name__)
            failed.append(row.pk)
        else:
            sent.append(row.pk)
    now = timezone.now()
    with transaction.atomic():
        NoticeText.objects.filter(pk__in=sent).update(status=NoticeText.Status.SENT, done_at=now)
        NoticeText.objects.filter(pk__in=failed).update(status=NoticeText.Status.FAILED, done_at=now)
        any_sent = NoticeText.objects.filter(delivery=OuterRef("pk"), status=NoticeText.Status.SENT)
        in_batch = NoticeText.objects.filter(delivery=OuterRef("pk"), batch=batch)
        base = NoticeDelivery.objects.filter(notice_id=notice_id).filter(Exists(in_batch))
        base.filter(Exists(any_sent), texted_at__isnull=True).update(texted_at=now, text_failed=False)
        base.filter(Exists(any_sent), reached_at__isnull=True).update(
            reached_at=now, reached_by=NoticeDelivery.Channel.TEXT
        )
        base.filter(~Exists(any_sent)).update(text_failed=True)
    return {"sent": len(sent), "failed": len(failed)}


def _delivery_for_update(actor: Actor, delivery: NoticeDelivery) -> NoticeDelivery:
    found = (
        visible_to(NoticeDelivery.objects.select_for_update(of=("self",)), actor, Perm.VISIT)
        .filter(pk=delivery.pk)
        .select_related("notice")
        .first()
    )
    if found is None:
        raise Forbidden(_("Only the grid worker or building leader of this household may confirm it."))
    if found.notice.status != Notice.Status.SENT or not found.notice.by_door:
        raise DomainError(_("This notice is not being delivered door to door now."))
    return found


@transaction.atomic
def confirm_door(*, actor: Actor, delivery: NoticeDelivery, nobody_home: bool = False) -> NoticeDelivery:
    """The grid worker (or building leader) took the notice to the door: delivered (who, when),
    or nobody home (the household stays not reached). A household already reached stays as it
    was reached (two taps, or a text that went out meanwhile, count once)."""
    found = _delivery_for_update(actor, delivery)
    now = timezone.now()
    if found.reached_at is not None:
        return found
    if nobody_home:
        found.nobody_home_at = now
        found.save(update_fields=["nobody_home_at"])
    else:
        found.door_at = now
        found.door_by = signed_in(actor)
        found.reached_at = now
        found.reached_by = NoticeDelivery.Channel.DOOR
        found.save(update_fields=["door_at", "door_by", "reached_at", "reached_by"])
    audit_record(
        actor=actor, action="update", obj=found, changes={"door": "nobody_home" if nobody_home else "delivered"}
    )
    return found


@transaction.atomic
def notice_remind(*, actor: Actor, notice: Notice) -> dict[str, int]:
    """Texts again to the households not reached yet that have a phone; and each grid worker of a
    grid with households left is told in the inbox how many are left there."""
    check_runs(actor, notice.community)
    if notice.status != Notice.Status.SENT:
        raise DomainError(_("Only a sent notice that is not closed can be reminded."))
    left = NoticeDelivery.objects.filter(notice=notice, reached_at__isnull=True)
    deliveries = dict(left.values_list("household_id", "pk"))
    if not deliveries:
        raise DomainError(_("Every household has been reached: there is nobody left to remind."))
    residents = _with_phone(notice, notice.sent_on, list(deliveries))
    texts = NoticeText.objects.bulk_create(_text_rows(notice, residents, deliveries), batch_size=1000)
    grids: dict[int, int] = {}
    for gid in left.exclude(grid_id=None).values_list("grid_id", flat=True):
        grids[gid] = grids.get(gid, 0) + 1
    workers = RoleAssignment.objects.filter(role=Role.GRID_WORKER, node_id__in=list(grids)).select_related("user")
    url = reverse("notices:deliver") + f"?notice={notice.pk}"
    told = 0
    for a in workers:
        told += len(
            notify(
                recipients=[a.user],
                kind="other",
                title=_("Notice to deliver: %(title)s") % {"title": notice.title},
                topic=_("Households still to reach with a notice"),
                body=_("%(n)d households of your grid have not been reached yet.")
                % {"n": grids.get(a.node_id or 0, 0)},
                url=url,
            )
        )
    Notice.objects.filter(pk=notice.pk).update(reminders=notice.reminders + 1, reminded_at=timezone.now())
    notice.refresh_from_db()
    audit_record(actor=actor, action="update", obj=notice, changes={"reminder": notice.reminders, "texts": len(texts)})
    if texts:
        notice_id = notice.pk
        transaction.on_commit(lambda: deliver_texts(notice_id))
    return {"texts": len(texts), "told": told, "left": len(deliveries)}


@transaction.atomic
def notice_close(*, actor: Actor, notice: Notice) -> Notice:
    """Sent → closed: delivery stops (the to-deliver lists drop it); the counts stay."""
    check_runs(actor, notice.community)
    now = timezone.now()
    done = Notice.objects.filter(pk=notice.pk, status=Notice.Status.SENT).update(
        status=Notice.Status.CLOSED, closed_at=now, updated_at=now
    )
    if not done:
        raise DomainError(_("Only a sent notice can be closed."))
    notice.refresh_from_db()
    audit_record(actor=actor, action="update", obj=notice, changes={"status": ["sent", "closed"]})
    return notice
