"""Residents' pages of consultation (no account): a community's decisions and their publicity
(公示) with an objection form, raising a topic, following it by its tracking code, rating it.

Nothing personal is shown: a raiser's name appears as the family name only (张**), never a
phone number, never who recorded a step or who owns a task. A topic's page opens with its
tracking code; wrong codes count against the address (PUBLIC_TRACK_FAILURES_PER_HOUR) as on the
case tracking page, and past the limit every code is refused for the hour, so codes cannot be
guessed. Topics and objections from one address are limited per hour.

Also the one staff action that starts from a case: a case handed over to a council made a topic.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Case, Prefetch, QuerySet, Value, When
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from tongxin.council.consultation.exceptions import StepRefused
from tongxin.council.consultation.models import (
    ObjectionStatus,
    StepKind,
    Task,
    Topic,
    TopicSource,
    TopicState,
    TopicStep,
)
from tongxin.council.consultation.public_forms import LookupForm, ObjectionForm, RatingForm, TopicForm
from tongxin.council.consultation.services.cases import topic_from_handover
from tongxin.council.consultation.services.objections import objection_raise
from tongxin.council.consultation.services.topics import (
    community_of,
    public_topics_from,
    topic_raise,
    topic_rate,
)
from tongxin.grid.cases.handover import handovers_answered_by
from tongxin.grid.cases.models import CaseHandover
from tongxin.platform.core.cache import attempt_add, attempts
from tongxin.platform.core.context import client_ip
from tongxin.platform.core.exceptions import DomainError
from tongxin.platform.core.forms_util import add_domain_errors
from tongxin.platform.core.listing import paginate
from tongxin.platform.web.session import is_remembered, remember
from tongxin.registry.areas.models import COMMUNITY_LEVELS, Area, Level
from tongxin.registry.areas.queries import community_buildings

SESSION_KEY = "consultation_topics"
DECISIONS_PER_PAGE = 20
RESOLVED = (TopicState.DECIDED, TopicState.DONE)

# The state of a topic as a resident reads it.
PLAIN_STATE = {
    TopicState.RAISED: gettext_lazy("Received: the community will look at it soon."),
    TopicState.ACCEPTED: gettext_lazy("Taken up: the council is consulting on it."),
    TopicState.DECIDED: gettext_lazy("Decided: the decision is being made public and carried out."),
    TopicState.DONE: gettext_lazy("Done: the decision has been carried out."),
    TopicState.REJECTED: gettext_lazy("Voted down: the council decided against it."),
    TopicState.DECLINED: gettext_lazy("Not taken up: see the reason below."),
    TopicState.MERGED: gettext_lazy("Merged: the same matter is followed under another topic."),
}
RATING_WORDS = [
    (5, gettext_lazy("Very satisfied")),
    (4, gettext_lazy("Satisfied")),
    (3, gettext_lazy("So-so")),
    (2, gettext_lazy("Not satisfied")),
    (1, gettext_lazy("Very unsatisfied")),
]


def mask_name(name: str) -> str:
    """张阿姨 → 张**: the family name only, the rest starred whatever its length."""
    name = (name or "").strip()
    return f"{name[0]}**" if name else ""


def _community(value: Any) -> Area | None:
    if not str(value or "").isdigit() or len(str(value)) > 12:
        return None
    return Area.objects.filter(pk=int(value), level__in=COMMUNITY_LEVELS).first()


def _communities() -> list[tuple[int, str]]:
    return list(Area.objects.filter(level__in=COMMUNITY_LEVELS).order_by("path").values_list("pk", "name"))


# --- what a public page shows of a topic -----------------------------------------------------


@dataclass
class Publicity:
    starts: datetime.datetime | None
    ends: datetime.datetime | None
    open_now: bool
    days_left: int
    held: bool  # an objection waits for an answer: the clock has stopped
    text: str  # what the publication says (the decision in its public words)


@dataclass
class PublicTopic:
    topic: Topic
    raiser: str
    steps: list[TopicStep] = field(default_factory=list)
    tasks: list[Task] = field(default_factory=list)
    publicity: Publicity | None = None
    # The decisions page's objection form of this topic (while in publicity), ids of its own.
    objection_form: ObjectionForm | None = None


def _publicity(topic: Topic, steps: list[TopicStep], now: datetime.datetime) -> Publicity | None:
    """The latest publication of the topic, whether its period runs now and how many days are left."""
    published = [s for s in steps if s.step.kind == StepKind.PUBLISH]
    if not published:
        return None
    last = published[-1]
    is_last = steps[-1] is last
    open_now = bool(is_last and last.publicity_ends and now < last.publicity_ends)
    held = is_last and any(o.status == ObjectionStatus.OPEN for o in last.objections.all())
    left = 0
    if open_now and last.publicity_ends is not None:
        left = (timezone.localdate(last.publicity_ends) - timezone.localdate(now)).days
    return Publicity(last.publicity_starts, last.publicity_ends, open_now, max(left, 0), held, last.decision)


def _live_steps() -> Prefetch[Any]:
    return Prefetch(
        "steps",
        queryset=TopicStep.objects.filter(voided_at__isnull=True)
        .select_related("step")
        .prefetch_related("objections")
        .order_by("position"),
        to_attr="live_steps",
    )


def _public(topic: Topic, now: datetime.datetime) -> PublicTopic:
    steps: list[TopicStep] = getattr(topic, "live_steps", [])
    return PublicTopic(
        topic=topic,
        raiser=mask_name(topic.raiser_name),
        steps=steps,
        tasks=list(topic.tasks.all()),
        publicity=_publicity(topic, steps, now),
    )


def _with_details(qs: QuerySet[Topic]) -> QuerySet[Topic]:
    return qs.select_related("council", "procedure").prefetch_related(
        _live_steps(), Prefetch("tasks", queryset=Task.objects.order_by("due_on", "pk"))
    )


# --- the community's decisions (决议公开, 实施结果公开) ------------------------------------------


def decisions(request: HttpRequest) -> HttpResponse:
    """A community's resolutions: in publicity first (with the objection form), then the rest."""
    raw = request.GET.get("community")
    community = _community(raw)
    if community is None:
        if raw:
            raise Http404
        return render(request, "consultation/public_decisions.html", {"communities": _communities()})
    now = timezone.now()
    rows = (
        Topic.objects.filter(area__path__startswith=community.path, state__in=RESOLVED)
        .annotate(in_publicity=Case(When(publicity_ends__gt=now, then=Value(0)), default=Value(1)))
        .order_by("in_publicity", "-decided_on", "-pk")
    )
    page = paginate(request, _with_details(rows), DECISIONS_PER_PAGE)
    items = [_public(t, now) for t in page["rows"]]
    for item in items:
        if item.publicity is not None and item.publicity.open_now:
            item.objection_form = ObjectionForm(auto_id=f"topic{item.topic.pk}_%s")
    context = {"community": community, "items": items, **page}
    return render(request, "consultation/public_decisions.html", context)


@require_http_methods(["GET", "POST"])
def objection(request: HttpRequest, topic_pk: int) -> HttpResponse:
    """Object to a decision in publicity (异议), no account needed."""
    topic = _with_details(Topic.objects.filter(pk=topic_pk, state__in=RESOLVED)).first()
    if topic is None:
        raise Http404
    community = community_of(topic.area)
    form = ObjectionForm(request.POST if request.method == "POST" else None)
    context: dict[str, Any] = {"item": _public(topic, timezone.now()), "community": community, "form": form}
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            objection_raise(
                topic=topic, text=data["text"], name=data["name"], phone=data["phone"], ip=client_ip(request)
            )
        except StepRefused as exc:
            context["refused"] = " ".join(exc.messages)
            return render(request, "consultation/public_objection.html", context, status=409)
        except DomainError as exc:
            if exc.code == "limited":
                context["limited"] = True
                return render(request, "consultation/public_objection.html", context, status=429)
            add_domain_errors(form, exc)
        else:
            messages.success(
                request, _("Your objection has been received. The decision waits until the council answers it.")
            )
            return redirect(reverse("consultation:public_decisions") + f"?community={community.pk}#topic-{topic.pk}")
    return render(request, "consultation/public_objection.html", context)


# --- raising a topic ------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def topic_new(request: HttpRequest) -> HttpResponse:
    """Raise a topic for the community's councils (提议题); a tracking code comes back."""
    raw = request.POST.get("community") if request.method == "POST" else request.GET.get("community")
    community = _community(raw)
    if community is None:
        if raw:
            raise Http404
        return render(request, "consultation/public_topic_new.html", {"communities": _communities()})
    buildings = community_buildings(community)
    form = TopicForm(request.POST if request.method == "POST" else None, buildings=buildings)
    context: dict[str, Any] = {"community": community, "form": form, "chosen_building": ""}
    if request.method == "POST":
        ip = client_ip(request)
        since = timezone.now() - datetime.timedelta(hours=1)
        if public_topics_from(ip, since) >= settings.CONSULTATION_TOPICS_PER_HOUR:
            return render(request, "consultation/public_topic_new.html", {**context, "limited": True}, status=429)
        if form.is_valid():
            data = form.cleaned_data
            place: Area = community
            if data["building"] is not None:
                building = Area.objects.filter(
                    pk=data["building"], level=Level.BUILDING, path__startswith=community.path
                ).first()
                if building is None:
                    form.add_error("building", _("Choose a building of this community."))
                place = building or community
            if not form.errors:
                try:
                    topic = topic_raise(
                        actor=None,
                        area=place,
                        title=data["title"],
                        description=data["description"],
                        source=TopicSource.PUBLIC,
                        raiser_name=data["name"],
                        phone=data["phone"],
                        ip=ip,
                    )
                except DomainError as exc:
                    add_domain_errors(form, exc)
                else:
                    remember(request, SESSION_KEY, topic.pk)
                    return redirect("consultation:public_topic_received", topic.tracking_code)
        value = form["building"].value()
        context["chosen_building"] = next((label for pk, label in buildings if str(pk) == str(value)), "")
    return render(request, "consultation/public_topic_new.html", context)


def topic_received(request: HttpRequest, code: str) -> HttpResponse:
    """Right after raising: the tracking code, large, to copy or write down."""
    clean = code.upper()[:16]
    # Only a plausible code reaches the database (a NUL byte in the path is a 500 on PostgreSQL).
    topic = Topic.objects.filter(tracking_code=clean).select_related("area").first() if clean.isalnum() else None
    if topic is None or not is_remembered(request, SESSION_KEY, topic.pk):
        raise Http404
    return render(
        request,
        "consultation/public_topic_received.html",
        {"topic": topic, "community": community_of(topic.area)},
    )


# --- following a topic by its code ---------------------------------------------------------------


class TooManyTries(Exception):
    """Past the hourly limit of wrong codes from this address."""


def _failures_key(request: HttpRequest) -> str:
    return f"topic-track-fail:{client_ip(request) or 'unknown'}"


def _by_code(request: HttpRequest, code: str, qs: QuerySet[Topic]) -> Topic | None:
    """The topic with this code; a wrong code counts against the address. `TooManyTries` past the limit."""
    key = _failures_key(request)
    if attempts(key) >= settings.PUBLIC_TRACK_FAILURES_PER_HOUR:
        raise TooManyTries
    clean = code.strip().upper()[:16]
    topic = qs.filter(tracking_code=clean).first() if clean.isalnum() else None
    if topic is None:
        attempt_add(key, window=3600)
    return topic


def _too_many(request: HttpRequest) -> HttpResponse:
    context = {"form": LookupForm(), "limited": True}
    return render(request, "consultation/public_topic_lookup.html", context, status=429)


@require_http_methods(["GET", "POST"])
def topic_lookup(request: HttpRequest) -> HttpResponse:
    """Find a topic by its tracking code."""
    form = LookupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            topic = _by_code(request, form.cleaned_data["code"], Topic.objects.all())
        except TooManyTries:
            return _too_many(request)
        if topic is not None:
            return redirect("consultation:public_topic", topic.tracking_code)
        form.add_error("code", _("No topic has this tracking code. Check it and try again."))
    return render(request, "consultation/public_topic_lookup.html", {"form": form})


def _timeline(topic: Topic, steps: list[TopicStep]) -> list[dict[str, Any]]:
    """What happened to the topic, dated, in a resident's words (no staff names)."""
    rows: list[dict[str, Any]] = [{"on": topic.created_at, "what": _("Topic raised"), "text": ""}]
    if topic.reviewed_at is not None:
        if topic.state == TopicState.DECLINED:
            rows.append({"on": topic.reviewed_at, "what": _("Not taken up"), "text": topic.decline_reason})
        elif topic.state == TopicState.MERGED:
            rows.append({"on": topic.reviewed_at, "what": _("Merged with a similar topic"), "text": ""})
        elif topic.council is not None:
            rows.append(
                {
                    "on": topic.reviewed_at,
                    "what": _("Taken up by %(council)s") % {"council": topic.council.name},
                    "text": "",
                }
            )
    for s in steps:
        rows.append({"on": s.held_on, "what": s.step.name, "text": s.decision})
    return rows


def topic_page(request: HttpRequest, code: str) -> HttpResponse:
    """A topic followed by its code: its state in plain words, its steps, decision, publicity, outcome."""
    try:
        topic = _by_code(request, code, _with_details(Topic.objects.select_related("merged_into")))
    except TooManyTries:
        return _too_many(request)
    if topic is None:
        raise Http404
    item = _public(topic, timezone.now())
    context = {
        "item": item,
        "topic": topic,
        "plain_state": PLAIN_STATE[TopicState(topic.state)],
        "timeline": _timeline(topic, item.steps),
        "community": community_of(topic.area),
        "rate": topic.state == TopicState.DONE and topic.rating is None,
        "rating_words": RATING_WORDS,
        "rating_form": RatingForm(),
    }
    return render(request, "consultation/public_topic.html", context)


@require_POST
def topic_rate_view(request: HttpRequest, code: str) -> HttpResponse:
    """The raiser (whoever holds the code) rates the outcome, once."""
    try:
        topic = _by_code(request, code, Topic.objects.all())
    except TooManyTries:
        return _too_many(request)
    if topic is None:
        raise Http404
    form = RatingForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose from 1 to 5 stars."))
    else:
        try:
            topic_rate(topic=topic, rating=form.cleaned_data["rating"], comment=form.cleaned_data["comment"])
        except DomainError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Thank you. Your rating has been recorded."))
    return redirect("consultation:public_topic", topic.tracking_code)


# --- staff: a case handed to a council becomes a topic ----------------------------------------


@login_required
@require_POST
def handover_topic(request: HttpRequest, handover_pk: int) -> HttpResponse:
    """立为议题: the council takes the case handed to it on as a topic, then opens the topic."""
    handover = (
        handovers_answered_by(request.user)
        .filter(pk=handover_pk, kind=CaseHandover.Kind.COUNCIL)
        .select_related("case", "case__area", "case__category")
        .first()
    )
    if handover is None:
        raise Http404
    try:
        topic = topic_from_handover(handover=handover, actor=request.user)
    except DomainError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("cases:detail", handover.case_id)
    messages.success(request, _("The case is now topic %(code)s.") % {"code": topic.tracking_code})
    return redirect("consultation:topic", topic.pk)
