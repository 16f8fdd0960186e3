"""Topics: the list with its filters and counts, staff raising a topic, and a topic's page with
its procedure as a list of steps and the forms for what comes next (views/topic_actions.py
takes them). Reading takes Perm.VIEW over the topic's place; acting Perm.CONSULT."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext
from django.views.decorators.http import require_http_methods

from tongxin.council.consultation import services
from tongxin.council.consultation.figures import figure_filter
from tongxin.council.consultation.forms import (
    AcceptForm,
    AnswerForm,
    ConfirmStepForm,
    ContributionForm,
    DeclineForm,
    LevyForm,
    MergeForm,
    ProgressForm,
    StepForm,
    TaskForm,
    TopicForm,
)
from tongxin.council.consultation.models import (
    Council,
    Levy,
    ObjectionStatus,
    Procedure,
    ProcedureStep,
    StepKind,
    Topic,
    TopicSource,
    TopicState,
    TopicStep,
)
from tongxin.council.consultation.queries import (
    COUNCIL_GROUPS,
    STATE_GROUPS,
    WAITING,
    council_choices,
    filtered_topics,
    open_topics_of_community,
    state_counts,
    steps_of,
    tasks_of,
    topic_rows,
    units_of_community,
    village_households,
)
from tongxin.council.consultation.services.councils import COUNCIL_LEVELS
from tongxin.council.consultation.services.topics import STEPPABLE, community_of, open_publication, passed_vote_for
from tongxin.platform.access.roles import Perm
from tongxin.platform.access.scope import get_for, scope_for, visible_to
from tongxin.platform.core.exceptions import DomainError, Forbidden
from tongxin.platform.core.forms_util import add_domain_errors
from tongxin.platform.core.listing import int_param, paginate, text_param
from tongxin.platform.core.trees import node_choices
from tongxin.platform.web.perms import require
from tongxin.registry.areas.models import COMMUNITY_LEVELS, Area
from tongxin.registry.cobuild.models import ResidentUnit

MAX_CHOICES = 400
ROWS_PER_PAGE = 30
FILTER_LEVELS = ["district", "subdistrict", *COMMUNITY_LEVELS]
NAV = "council_topics"


def topic_for(user: Any, pk: int, perm: str | None = None) -> Topic:
    qs = Topic.objects.select_related("area", "council", "council__kind", "procedure", "merged_into", "raised_by")
    return get_for(user, qs, pk, perm=perm)


# --- the list -------------------------------------------------------------------------------------


def _state_tabs(counts: dict[str, int], current: str) -> list[dict[str, Any]]:
    tabs: list[tuple[str, Any, int]] = [
        ("", _("All"), counts["all"]),
        ("open", pgettext("topic states", "Open"), counts["open"]),
    ]
    tabs += [(s.value, s.label, counts[s.value]) for s in (TopicState.RAISED, TopicState.ACCEPTED, TopicState.DECIDED)]
    tabs += [
        (TopicState.DONE.value, TopicState.DONE.label, counts[TopicState.DONE]),
        ("closed", pgettext("topic states", "Closed"), counts["closed"]),
    ]
    return [{"value": v, "label": label, "count": n, "current": v == current} for v, label, n in tabs]


def _filter_chips(request: HttpRequest, shown: list[tuple[tuple[str, ...], str]]) -> list[dict[str, str]]:
    """A removable chip per filter the form does not show: its words, and the list without it."""
    chips = []
    for params, label in shown:
        keep = request.GET.copy()
        for name in (*params, "page"):
            keep.pop(name, None)
        chips.append({"label": label, "without": keep.urlencode()})
    return chips


@login_required
def topic_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    require(user, Perm.VIEW)
    node_id = int_param(request, "node")
    node = get_for(user, Area, node_id) if node_id is not None else None
    at_id = int_param(request, "at")
    at = get_for(user, Area, at_id) if at_id is not None else None
    council_id = int_param(request, "council")
    council = get_for(user, Council, council_id) if council_id is not None else None
    council_group = text_param(request, "council", 10)
    council_group = council_group if council_group in COUNCIL_GROUPS else ""
    if council_group == "above" and node is None:
        council_group = ""  # above which place: none said
    figure = figure_filter(
        text_param(request, "figure", 10), text_param(request, "from", 10), text_param(request, "to", 10)
    )
    state = text_param(request, "state", 10)
    state = state if state in STATE_GROUPS else ""
    waiting = text_param(request, "waiting", 20)
    waiting = waiting if waiting in WAITING else ""
    q = text_param(request, "q", 50)
    now = timezone.now()
    filters: dict[str, Any] = {
        "council": council,
        "council_group": council_group,
        "node": node,
        "at": at,
        "where": figure.q if figure is not None else None,
        "q": q,
        "waiting": waiting,
        "now": now,
    }
    counts = state_counts(filtered_topics(user, **filters))
    rows = topic_rows(user, state=state, **filters)
    total = counts[state] if state else counts["all"]
    shown: list[tuple[tuple[str, ...], str]] = []
    if figure is not None:
        shown.append((("figure", "from", "to"), figure.label))
    if at is not None:
        shown.append((("at",), _("placed at %(place)s itself") % {"place": at.name}))
    if council_group == "none":
        shown.append((("council",), _("no council yet")))
    elif council_group == "above" and node is not None:
        shown.append((("council",), _("with a council above %(place)s") % {"place": node.name}))
    keep = request.GET.copy()
    for name in ("state", "page"):
        keep.pop(name, None)
    context = {
        **paginate(request, rows, ROWS_PER_PAGE, count=total),
        "tabs": _state_tabs(counts, state),
        "keep": keep.urlencode(),
        "chips": _filter_chips(request, shown),
        "figure": figure,
        "at": at,
        "council_group": council_group,
        "state": state,
        "node": node,
        "nodes": node_choices(visible_to(Area.objects.filter(level__in=FILTER_LEVELS), user), MAX_CHOICES, node),
        "council": council,
        "councils": council_choices(user, limit=MAX_CHOICES),
        "waiting": waiting,
        "waiting_label": WAITING_LABELS.get(waiting, ""),
        "q": q,
        "can_write": scope_for(user).has_perm(Perm.CONSULT),
        "nav": NAV,
    }
    return render(request, "consultation/topic_list.html", context)


WAITING_LABELS = {
    "review": gettext_lazy("waiting for review"),
    "objection": gettext_lazy("with an objection waiting for an answer"),
    "overdue_tasks": gettext_lazy("with tasks overdue"),
    "publicity": gettext_lazy("publicity ending or ended, next step waiting"),
}


# --- staff raise a topic ----------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def topic_create(request: HttpRequest) -> HttpResponse:
    user = request.user
    require(user, Perm.CONSULT)
    places = visible_to(Area.objects.filter(level__in=COUNCIL_LEVELS), user, Perm.CONSULT)
    areas = node_choices(places, MAX_CHOICES)
    # The units offered are those of the chosen place's community: the place sent, else the first.
    chosen = request.POST.get("area") if request.method == "POST" else request.GET.get("area")
    place = places.filter(pk=int(chosen)).first() if chosen and chosen.isdigit() and len(chosen) < 19 else None
    if place is None and areas:
        place = places.filter(pk=areas[0][0]).first()
    units = units_of_community(user, community_of(place)) if place is not None else ResidentUnit.objects.none()
    unit_choices = [(u.pk, u.name) for u in units[:MAX_CHOICES]]
    form = TopicForm(
        request.POST if request.method == "POST" else None,
        initial={"area": place.pk if place is not None else None},
        areas=areas,
        units=unit_choices,
    )
    # Choosing another place asks this page again and takes its list of units (htmx).
    form.fields["area"].widget.attrs.update(
        {
            "hx-get": reverse("consultation:topic_create"),
            "hx-trigger": "change",
            "hx-select": "#unit-field",
            "hx-target": "#unit-field",
            "hx-swap": "outerHTML",
        }
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        area = get_for(user, Area, data["area"])
        source = data["raised_as"]
        unit = units.filter(pk=data["unit"]).first() if source == TopicSource.UNIT else None
        if source == TopicSource.UNIT and unit is None:
            form.add_error("unit", _("Choose a unit of the place's community."))
    if request.method == "POST" and form.is_valid():
        try:
            topic = services.topic_raise(
                actor=user,
                area=area,
                title=data["title"],
                description=data["description"],
                source=source,
                unit=unit,
                raiser_name=data["raiser_name"],
                people_affected=data["people_affected"],
            )
        except Forbidden:
            raise
        except DomainError as exc:
            add_domain_errors(form, exc)
        else:
            messages.success(
                request,
                _("The topic was raised (tracking code %(code)s). Review it now: accept it for a council.")
                % {"code": topic.tracking_code},
            )
            return redirect("consultation:topic", topic.pk)
    return render(request, "consultation/topic_form.html", {"form": form, "nav": NAV})


# --- a topic's page ---------------------------------------------------------------------------------


@dataclass
class StepLine:
    """One line of the procedure: a step of the configuration and what became of it."""

    step: ProcedureStep
    done: TopicStep | None = None
    voided: list[TopicStep] = field(default_factory=list)
    is_next: bool = False


def procedure_lines(topic: Topic, taken: list[TopicStep], steps: list[ProcedureStep]) -> list[StepLine]:
    by_position: dict[int, StepLine] = {s.position: StepLine(step=s) for s in steps}
    for row in taken:
        line = by_position.get(row.position)
        if line is None:  # the procedure was changed since: keep the row where it was taken
            line = by_position[row.position] = StepLine(step=row.step)
        if row.voided_at is None:
            line.done = row
        else:
            line.voided.append(row)
    nxt = by_position.get(topic.next_position)
    if nxt is not None and topic.state in STEPPABLE and nxt.done is None:
        nxt.is_next = True
    return [by_position[p] for p in sorted(by_position)]


def _publicity(topic: Topic, taken: list[TopicStep], now: datetime.datetime) -> dict[str, Any] | None:
    live = [s for s in taken if s.voided_at is None]
    last = live[-1] if live else None
    if last is None or last.step.kind != StepKind.PUBLISH or last.publicity_ends is None:
        return None
    left = last.publicity_ends - now
    return {
        "step": last,
        "starts": last.publicity_starts,
        "ends": last.publicity_ends,
        "running": left.total_seconds() > 0,
        "days": left.days,
        "hours": left.seconds // 3600,
    }


@dataclass
class Forms:
    """The bound forms of a failed action (the others are fresh)."""

    accept: AcceptForm | None = None
    merge: MergeForm | None = None
    decline: DeclineForm | None = None
    step: forms.Form | None = None
    levy: LevyForm | None = None
    contribution: ContributionForm | None = None
    task: TaskForm | None = None
    progress: dict[int, ProgressForm] = field(default_factory=dict)
    answer: dict[int, AnswerForm] = field(default_factory=dict)


def accept_form(topic: Topic, user: Any, data: Any = None) -> AcceptForm:
    # The councils of the topic's community or village, or of a place in it (an estate's 微议事 group).
    community = community_of(topic.area)
    rows = (
        visible_to(Council.objects.filter(area__path__startswith=community.path, is_active=True), user, Perm.CONSULT)
        .order_by("area__path", "kind__sort_order", "name")
        .values_list("pk", "name")[:MAX_CHOICES]
    )
    councils = list(rows)
    procedures = [(p.pk, p.name) for p in Procedure.objects.order_by("sort_order", "code")]
    initial = {"council": topic.council_id or (councils[0][0] if len(councils) == 1 else None)}
    return AcceptForm(data, initial=initial, councils=councils, procedures=procedures, prefix="accept")


def merge_form(topic: Topic, data: Any = None) -> MergeForm:
    community = community_of(topic.area)
    return MergeForm(data, topics=open_topics_of_community(topic, community.path), prefix="merge")


def step_form(topic: Topic, step: ProcedureStep | None, data: Any = None) -> forms.Form | None:
    if step is None:
        return None
    if step.kind in (StepKind.RECORD, StepKind.EVALUATE):
        return StepForm(data, initial={"step": step.code, "held_on": timezone.localdate()}, prefix="step")
    if step.kind in (StepKind.PUBLISH, StepKind.VOTE):
        return ConfirmStepForm(data, initial={"step": step.code}, prefix="step")
    return None


def levy_form(data: Any = None) -> LevyForm:
    return LevyForm(data, initial={"held_on": timezone.localdate(), "labourers": 0, "subsidy": 0}, prefix="levy")


def contribution_form(topic: Topic, user: Any, data: Any = None) -> ContributionForm:
    households = village_households(user, community_of(topic.area).path, limit=MAX_CHOICES)
    initial = {"on": timezone.localdate()}
    return ContributionForm(data, initial=initial, households=households, prefix="contribution")


def task_form(data: Any = None) -> TaskForm:
    return TaskForm(data, prefix="task")


def progress_form(task_id: int, progress: int, data: Any = None) -> ProgressForm:
    return ProgressForm(data, initial={"progress": progress}, auto_id=f"id_task{task_id}_%s")


def answer_form(objection_id: int, data: Any = None) -> AnswerForm:
    return AnswerForm(data, auto_id=f"id_objection{objection_id}_%s")


def vote_councils(topic: Topic, step: ProcedureStep, user: Any) -> list[Council]:
    """Where a vote step is taken: the councils of the topic's community or village of the kinds
    the step names (四议两公开's 党员大会审议 at the Party members' meeting, not at the topic's
    council), or the topic's own council."""
    kinds = step.council_kind_codes()
    if not kinds:
        return [topic.council] if topic.council is not None else []
    councils = Council.objects.filter(
        area__path__startswith=community_of(topic.area).path, kind__code__in=kinds, is_active=True
    )
    return list(visible_to(councils, user).order_by("kind__sort_order", "name")[:5])


def render_topic(
    request: HttpRequest, topic: Topic, *, bound: Forms | None = None, status: int = 200, refusal: str = ""
) -> HttpResponse:
    """The topic's page; after a refused action, with the bound form and its errors."""
    bound = bound or Forms()
    user = request.user
    now = timezone.now()
    today = timezone.localdate(now)
    can_act = scope_for(user).allows_path(Perm.CONSULT, "area", topic.area.path)
    taken = steps_of(topic)
    steps = list(topic.procedure.steps.order_by("position")) if topic.procedure_id and topic.procedure else []
    lines = procedure_lines(topic, taken, steps)
    nxt = next((line.step for line in lines if line.is_next), None)
    publicity = _publicity(topic, taken, now)
    objections = list(topic.objections.select_related("step").order_by("created_at", "id"))
    open_objections = [o for o in objections if o.status == ObjectionStatus.OPEN]
    tasks = tasks_of(topic)
    levy = Levy.objects.filter(topic=topic).first()
    context: dict[str, Any] = {
        "topic": topic,
        "lines": lines,
        "next": nxt,
        "publicity": publicity,
        "publicity_days": settings.CONSULTATION_PUBLICITY_DAYS,
        "objections": [(o, bound.answer.get(o.pk) or answer_form(o.pk)) for o in objections],
        "open_objections": len(open_objections),
        "tasks": [
            (t, bound.progress.get(t.pk) or progress_form(t.pk, t.progress), t.done_on is None and t.due_on < today)
            for t in tasks
        ],
        "tasks_done": sum(1 for t in tasks if t.done_on),
        "levy": levy,
        "contributions": list(levy.contributions.select_related("household__area").order_by("on", "id"))
        if levy
        else [],
        "contributed": (levy.contributions.aggregate(money=Sum("money"), days=Sum("labour_days")) if levy else {}),
        "can_act": can_act,
        "refusal": refusal,
        "today": today,
        "now": now,
        "nav": NAV,
    }
    if levy is not None:
        context["levy_raise"] = levy.money_per_person * levy.people
        context["levy_gap"] = max(levy.total_cost - levy.subsidy - levy.money_per_person * levy.people, Decimal(0))
        context["levy_days"] = levy.labour_days_per_person * levy.labourers
        if can_act and topic.state in (TopicState.DECIDED, TopicState.DONE):
            context["contribution_form"] = bound.contribution or contribution_form(topic, user)
    if can_act and topic.state == TopicState.RAISED:
        context["accept_form"] = bound.accept or accept_form(topic, user)
        context["merge_form"] = bound.merge or merge_form(topic)
        context["decline_form"] = bound.decline or DeclineForm(prefix="decline")
    if can_act and nxt is not None:
        # A step refused because it is not the next one (a stale page, a tampered form) comes
        # back with the form of the step that is next, not with the refused one's.
        sent = bound.step is not None and bound.step.data.get(bound.step.add_prefix("step")) == nxt.code
        context["step_form"] = bound.step if sent else step_form(topic, nxt)
        if nxt.kind == StepKind.LEVY:
            context["levy_form"] = bound.levy or levy_form()
        if nxt.kind == StepKind.VOTE:
            context["passed_vote"] = passed_vote_for(topic, nxt)
            context["vote_councils"] = vote_councils(topic, nxt, user)
        if nxt.kind == StepKind.EXECUTE:
            held = open_publication(topic)
            waiting = held is not None and (
                bool(open_objections) or (held.publicity_ends is not None and now < held.publicity_ends)
            )
            context["tasks_wait"] = waiting
            if not waiting:
                context["task_form"] = bound.task or task_form()
    return render(request, "consultation/topic_detail.html", context, status=status)


@login_required
def topic_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return render_topic(request, topic_for(request.user, pk))
