"""Two things of the demo community written through the services after its history: a case
handed over to a council that became a topic still in progress, and the minutes of the last few
meetings saved as the secretary would have saved them (the generated text)."""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Q
from django.utils import timezone, translation

from tongxin.council.consultation import services
from tongxin.council.consultation.demo.timeline import Clock
from tongxin.council.consultation.minutes import minutes_text
from tongxin.council.consultation.models import Council, CouncilMeeting, MeetingStatus, Topic
from tongxin.council.consultation.services.cases import topic_from_handover
from tongxin.council.consultation.views_meetings.queries import meeting_page
from tongxin.grid.cases import handover as case_handover
from tongxin.grid.cases.models import Case, CaseEvent
from tongxin.registry.areas.models import Area

HOUR = datetime.timedelta(hours=1)
MINUTES_SAVED = 3


def seed_handover(clock: Clock, community: Area) -> Topic | None:
    """An open case of the community handed to its residents' council three days ago, taken on as
    a topic, accepted and set: waiting for its consultation meeting. Prefers a case without a
    phone number (the demo sends no text messages)."""
    council = Council.objects.filter(area=community, kind__code="residents").first()
    if council is None:
        return None
    quiet = clock.cutoff - 3 * 24 * HOUR
    cases = Case.objects.filter(
        area__path__startswith=community.path, state__in=case_handover.HANDOVER_STATES, handovers__isnull=True
    )
    # Not ordered by the phone's ciphertext: it is random, and the same seed must hand the same case over.
    newest = ("-reported_at", "id")
    for case in [
        *cases.filter(phone_enc="").order_by(*newest)[:20],
        *cases.exclude(phone_enc="").order_by(*newest)[:5],
    ]:
        last = CaseEvent.objects.filter(case=case).order_by("-at").values_list("at", flat=True).first()
        when = max(quiet, (last or quiet) + HOUR)
        if when + 5 * HOUR >= clock.cutoff or not case_handover.may_hand_over(clock.actor, case):
            continue
        handover = case_handover.case_hand_over(
            case=case,
            actor=clock.actor,
            kind="council",
            target_id=council.pk,
            note="涉及多户居民，请议事会协商。",
            at=when,
        )
        case_handover.handover_take(handover=handover, actor=clock.actor, at=when + HOUR)
        handover.refresh_from_db()
        topic = topic_from_handover(handover=handover, actor=clock.actor)
        raised = when + 2 * HOUR
        Topic.objects.filter(pk=topic.pk).update(
            created_at=raised, updated_at=raised, phone_enc="", phone_hash="", phone_masked=""
        )
        topic.refresh_from_db()
        topic = services.topic_accept(topic=topic, actor=clock.actor, council=council, at=when + 3 * HOUR)
        services.topic_step_record(
            topic=topic,
            actor=clock.actor,
            step_code="set",
            held_on=timezone.localdate(when + 4 * HOUR),
            decision=f"由网格事件转来，经{council.name}召集人研究，确定为协商议题。",
            at=when + 4 * HOUR,
        )
        return topic
    return None


def seed_minutes(actor: Any, community: Area) -> int:
    """The generated minutes of the community's last few held meetings, saved the day after each."""
    meetings = (
        CouncilMeeting.objects.filter(
            Q(council__area=community) | Q(council__area__parent=community), status=MeetingStatus.HELD
        )
        .select_related("council__kind")
        .order_by("-starts_at")[:MINUTES_SAVED]
    )
    saved = 0
    with translation.override("zh-hans"):
        for meeting in meetings:
            services.minutes_save(meeting=meeting, actor=actor, text=minutes_text(meeting_page(meeting)))
            CouncilMeeting.objects.filter(pk=meeting.pk).update(
                minutes_edited_at=meeting.starts_at + datetime.timedelta(hours=20)
            )
            saved += 1
    return saved
