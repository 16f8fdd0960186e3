"""Objections during publicity (异议): anyone may object while a decision is published; an
objection stops the clock until it is answered — dismissed, the full period starts again;
upheld, the publication and the vote before it are voided and the matter is voted again."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tongxin.council.consultation.exceptions import StepRefused, TopicChanged
from tongxin.council.consultation.models import (
    Objection,
    ObjectionStatus,
    StepKind,
    Topic,
    TopicState,
    TopicStep,
    Vote,
    VoteResult,
)
from tongxin.council.consultation.services._common import check_runs, clean, tell_raiser
from tongxin.council.consultation.services.topics import OBJECTION_KIND, open_publication
from tongxin.platform.access.actor import Actor, signed_in
from tongxin.platform.core.audit import audit_record
from tongxin.platform.core.crypto import keyed_hash
from tongxin.platform.core.exceptions import DomainError
from tongxin.platform.core.personal import protect_phone


def objections_from(ip: str | None, since: datetime.datetime) -> int:
    if not ip:
        return 0
    return Objection.objects.filter(ip_hash=keyed_hash(OBJECTION_KIND, ip), created_at__gte=since).count()


@transaction.atomic
def objection_raise(
    *,
    topic: Topic,
    text: str,
    name: str = "",
    phone: str = "",
    ip: str | None = None,
    at: datetime.datetime | None = None,
) -> Objection:
    """Anyone may object while a decision is in publicity; it stops the clock until answered."""
    when = at or timezone.now()
    publication = open_publication(topic)
    if publication is None or publication.publicity_ends is None or when >= publication.publicity_ends:
        raise StepRefused(_("Objections are taken only while a decision is in publicity."), code="publicity")
    if ip and objections_from(ip, when - datetime.timedelta(hours=1)) >= settings.CONSULTATION_OBJECTIONS_PER_HOUR:
        raise DomainError(
            _("Too many objections from this address in the last hour. Please try again later."), code="limited"
        )
    objection = Objection(
        topic=topic,
        step=publication,
        name=clean(name, 50, field="name"),
        text=clean(text, 2000, field="text", required=True),
        ip_hash=keyed_hash(OBJECTION_KIND, ip) if ip else "",
    )
    if phone:
        objection.set_phone(protect_phone(phone))
    objection.save()
    if at is not None:
        Objection.objects.filter(pk=objection.pk).update(created_at=at)
    audit_record(actor=None, action="create", obj=objection, changes={"topic": topic.pk})
    return objection


@transaction.atomic
def objection_answer(
    *, objection: Objection, actor: Actor, answer: str, uphold: bool, at: datetime.datetime | None = None
) -> Objection:
    """Dismissed: the publicity period starts again in full (the step is reopened). Upheld: the
    publication and the vote before it are voided, and the topic goes back to that vote."""
    topic = objection.topic
    check_runs(actor, topic.area)
    when = at or timezone.now()
    text = clean(answer, 2000, field="answer", required=True)
    status = ObjectionStatus.UPHELD if uphold else ObjectionStatus.DISMISSED
    moved = Objection.objects.filter(pk=objection.pk, status=ObjectionStatus.OPEN).update(
        status=status, answer=text, answered_by=signed_in(actor), answered_at=when, updated_at=when
    )
    if not moved:
        raise TopicChanged(_("This objection has already been answered. Reload the topic."), code="changed")
    publication = objection.step
    if uphold:
        _void_back_to_vote(topic, publication, when, text)
    elif not publication.objections.filter(status=ObjectionStatus.OPEN).exists() and publication.voided_at is None:
        ends = when + datetime.timedelta(days=settings.CONSULTATION_PUBLICITY_DAYS)
        TopicStep.objects.filter(pk=publication.pk).update(publicity_ends=ends)
        Topic.objects.filter(pk=topic.pk).update(publicity_ends=ends, updated_at=when)
    audit_record(actor=actor, action="update", obj=objection, changes={"status": [ObjectionStatus.OPEN, status]})
    objection.refresh_from_db()
    return objection


def _void_back_to_vote(topic: Topic, publication: TopicStep, when: datetime.datetime, reason: str) -> None:
    live = list(topic.steps.filter(voided_at__isnull=True, position__lte=publication.position).select_related("step"))
    votes = [s for s in live if s.step.kind == StepKind.VOTE]
    back_to = votes[-1].position if votes else publication.position
    TopicStep.objects.filter(topic=topic, voided_at__isnull=True, position__gte=back_to).update(
        voided_at=when, void_reason=reason[:500]
    )
    # The vote is used up with its step: the matter is voted again at a meeting.
    Vote.objects.filter(topic_steps__topic=topic, topic_steps__position__gte=back_to).update(result=VoteResult.FAILED)
    Topic.objects.filter(pk=topic.pk).update(
        next_position=back_to,
        state=TopicState.ACCEPTED,
        decided_on=None,
        publicity_ends=None,
        updated_at=when,
    )
    for other in publication.objections.filter(status=ObjectionStatus.OPEN):
        Objection.objects.filter(pk=other.pk).update(status=ObjectionStatus.UPHELD, answer=reason, answered_at=when)
    topic.refresh_from_db()
    tell_raiser(topic, _("an objection was upheld: the matter will be voted again"))
