"""Pages of volunteer activities: the upcoming dates, plan and edit, one date with its sign-ups,
the venue QR, the phone check-in, the leader's roll call and the confirmation of hours."""

from __future__ import annotations

import datetime
from decimal import Decimal, InvalidOperation
from typing import Any

import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from tongxin.platform.access.roles import Perm
from tongxin.platform.access.scope import get_for, scope_for, visible_to
from tongxin.platform.core.exceptions import DomainError, Forbidden
from tongxin.platform.core.forms_util import add_domain_errors
from tongxin.platform.core.listing import int_param, paginate
from tongxin.platform.core.trees import node_choices
from tongxin.registry.areas.models import Area
from tongxin.volunteering.activities import services
from tongxin.volunteering.activities.forms import ActivityForm, picker_initial
from tongxin.volunteering.activities.models import Activity, Occurrence, SignUp
from tongxin.volunteering.activities.queries import (
    activity_for,
    activity_rows,
    my_signups,
    my_states,
    my_volunteers,
    occurrence_for,
    upcoming,
    waiting_position,
)
from tongxin.volunteering.activities.recurrence import next_dates
from tongxin.volunteering.service.models import Volunteer, VolunteerTeam

ROWS_PER_PAGE = 30
MAX_CHOICES = 400
PLAN_LEVELS = ("community", "village", "grid")


def _may_browse(user: Any) -> bool:
    return scope_for(user).has_perm(Perm.VIEW) or my_volunteers(user).exists()


def _led_teams(user: Any) -> Any:
    return VolunteerTeam.objects.filter(leader__user_id=user.pk, is_active=True)


def _may_plan(user: Any) -> bool:
    return scope_for(user).has_perm(Perm.SERVICE) or _led_teams(user).exists()


# The upcoming dates


@login_required
def activity_list(request: HttpRequest) -> HttpResponse:
    """Upcoming dates (this week, or all ahead) by team and place; staff also see every activity."""
    if not _may_browse(request.user):
        raise PermissionDenied
    scope = scope_for(request.user)
    node_id = int_param(request, "node")
    node = get_for(request.user, Area, node_id) if node_id is not None else None
    team_id = int_param(request, "team")
    team = get_for(request.user, VolunteerTeam, team_id) if team_id is not None else None
    when = "all" if request.GET.get("when") == "all" else "week"
    view = "activities" if request.GET.get("view") == "activities" and scope.has_perm(Perm.VIEW) else "dates"
    context: dict[str, Any] = {
        "nav": "activities",
        "node": node,
        "team": team,
        "when": when,
        "view": view,
        "can_plan": _may_plan(request.user),
        "is_staff": scope.has_perm(Perm.VIEW),
        "nodes": node_choices(
            visible_to(Area.objects.filter(level__in=["subdistrict", *PLAN_LEVELS]), request.user), MAX_CHOICES, node
        )
        if scope.has_perm(Perm.VIEW)
        else [],
        "teams": list(
            VolunteerTeam.objects.filter(activities__in=visible_to(Activity.objects.all(), request.user))
            .distinct()
            .order_by("name")
            .values_list("pk", "name")[:MAX_CHOICES]
        ),
    }
    if view == "activities":
        context.update(paginate(request, activity_rows(request.user, area=node), ROWS_PER_PAGE))
    else:
        rows = upcoming(request.user, days=7 if when == "week" else None, area=node, team=team)
        context.update(paginate(request, rows, ROWS_PER_PAGE))
        page = list(context["rows"])
        states = my_states(request.user, [o.pk for o in page])
        for occ in page:
            occ.mine = states.get(occ.pk)
            occ.full = occ.capacity is not None and occ.taken >= occ.capacity
        context["rows"] = page
    return render(request, "activities/list.html", context)


@login_required
def my_activities(request: HttpRequest) -> HttpResponse:
    """A volunteer's own dates: what is coming (with check-in) and what was done, with hours."""
    today = timezone.localdate()
    rows = list(my_signups(request.user, since=today - datetime.timedelta(days=90))[:200])
    now = timezone.now()
    for s in rows:
        opens, closes = services.checkin_window(s.occurrence)
        s.checkin_open = s.state == SignUp.State.SEATED and opens <= now <= closes
        s.hours_now = services.hours_of(
            checked_in_at=s.checked_in_at,
            checked_out_at=s.checked_out_at,
            duration_minutes=s.occurrence.activity.duration_minutes,
            entered=s.hours,
        )
    coming = [s for s in rows if s.occurrence.ends_at > now]
    done = [s for s in reversed(rows) if s.occurrence.ends_at <= now]
    return render(
        request,
        "activities/mine.html",
        {
            "nav": "activities",
            "coming": coming,
            "done": done,
            "is_volunteer": my_volunteers(request.user).exists(),
            # 找活动 only for who may open the list (staff, volunteers): never a button to a 403.
            "can_browse": _may_browse(request.user),
        },
    )


# Planning


def _form_choices(user: Any) -> tuple[list[tuple[int, str]], list[tuple[int, str]]]:
    scope = scope_for(user)
    led = _led_teams(user)
    if scope.is_admin:
        areas_qs = Area.objects.filter(level__in=PLAN_LEVELS)
        teams_qs = VolunteerTeam.objects.filter(is_active=True)
    else:
        service_areas = visible_to(Area.objects.filter(level__in=PLAN_LEVELS), user, Perm.SERVICE)
        led_paths = list(led.values_list("area__path", flat=True))
        q = Q(pk__in=service_areas.values("pk"))
        for path in led_paths:
            q |= Q(path__startswith=path)
        areas_qs = Area.objects.filter(q, level__in=PLAN_LEVELS)
        teams_qs = VolunteerTeam.objects.filter(
            Q(pk__in=visible_to(VolunteerTeam.objects.all(), user, Perm.SERVICE).values("pk"))
            | Q(pk__in=led.values("pk")),
            is_active=True,
        )
    areas = node_choices(areas_qs, MAX_CHOICES)
    teams = [
        (pk, f"{name} · {area}")
        for pk, name, area in teams_qs.order_by("area__path", "name").values_list("pk", "name", "area__name")[
            :MAX_CHOICES
        ]
    ]
    return areas, teams


def _plan(form: ActivityForm) -> services.ActivityPlan:
    d = form.cleaned_data
    return services.ActivityPlan(
        area=Area.objects.get(pk=d["area"]),
        title=d["title"],
        place=d["place"],
        start_time=d["start_time"],
        duration_minutes=d["duration_minutes"],
        first_date=d["first_date"],
        teams=list(VolunteerTeam.objects.filter(pk__in=d["teams"]).select_related("area")),
        description=d["description"],
        capacity=d["capacity"],
        rrule=d.get("rule", ""),
        until=d["until"],
        count=d["count"],
        skip_holidays=d["skip_holidays"],
        cancelled_dates=d["cancelled_dates"],
    )


def _preview(form: ActivityForm) -> list[datetime.date] | None:
    if not form.is_valid():
        return None
    d = form.cleaned_data
    return next_dates(
        first_date=d["first_date"],
        rule=d.get("rule", ""),
        until=d["until"],
        count=d["count"],
        skip_holidays=d["skip_holidays"],
        cancelled=d["cancelled_dates"],
        start=max(d["first_date"], timezone.localdate()),
    )


def _form_page(request: HttpRequest, activity: Activity | None) -> HttpResponse:
    areas, teams = _form_choices(request.user)
    preview = None
    if request.method == "POST":
        form = ActivityForm(request.POST, areas=areas, teams=teams)
        if form.is_valid():
            plan = _plan(form)
            if "preview" in request.POST:
                preview = _preview(form)
            else:
                try:
                    if activity is None:
                        activity = services.activity_create(actor=request.user, plan=plan)
                        messages.success(request, _("The activity was planned."))
                    else:
                        activity = services.activity_update(actor=request.user, activity=activity, plan=plan)
                        messages.success(request, _("The activity was changed; its coming dates follow."))
                except Forbidden as exc:
                    # Who may not run the activity at all was refused by the fetch (403); what is
                    # left is a plan naming no team they lead and no area they run: a choice to fix.
                    form.add_error("teams", exc)
                except DomainError as exc:
                    add_domain_errors(form, exc)
                else:
                    return redirect("activities:detail", activity.pk)
    elif activity is not None:
        initial = {
            "area": activity.area_id,
            "teams": list(activity.teams.values_list("pk", flat=True)),
            "title": activity.title,
            "description": activity.description,
            "place": activity.place,
            "first_date": activity.first_date,
            "start_time": activity.start_time,
            "duration_minutes": activity.duration_minutes,
            "capacity": activity.capacity,
            "until": activity.until,
            "count": activity.count,
            "skip_holidays": activity.skip_holidays,
            "cancelled_dates": ", ".join(activity.cancelled_dates),
            **picker_initial(activity.rrule),
        }
        form = ActivityForm(initial=initial, areas=areas, teams=teams)
    else:
        form = ActivityForm(
            initial={"first_date": timezone.localdate(), "start_time": datetime.time(14, 30), "duration_minutes": 150},
            areas=areas,
            teams=teams,
        )
    title = _("New activity") if activity is None else _("Change %(title)s") % {"title": activity.title}
    return render(
        request,
        "activities/form.html",
        {"form": form, "activity": activity, "title": title, "preview": preview, "nav": "activities"},
    )


@login_required
@require_http_methods(["GET", "POST"])
def activity_create(request: HttpRequest) -> HttpResponse:
    if not _may_plan(request.user):
        raise PermissionDenied
    return _form_page(request, None)


@login_required
@require_http_methods(["GET", "POST"])
def activity_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _form_page(request, activity_for(request.user, pk, lead=True))


@login_required
def activity_detail(request: HttpRequest, pk: int) -> HttpResponse:
    activity = activity_for(request.user, pk)
    now = timezone.now()
    coming = list(Occurrence.objects.filter(activity=activity, ends_at__gt=now).order_by("starts_at", "id")[:8])
    past = list(Occurrence.objects.filter(activity=activity, ends_at__lte=now).order_by("-starts_at", "-id")[:8])
    return render(
        request,
        "activities/detail.html",
        {
            "nav": "activities",
            "activity": activity,
            "teams": list(activity.teams.all()),
            "coming": coming,
            "past": past,
            "can_lead": services.may_lead_activity(request.user, activity),
        },
    )


# One date


@login_required
def occurrence_detail(request: HttpRequest, pk: int) -> HttpResponse:
    occ = occurrence_for(request.user, pk)
    activity = occ.activity
    can_lead = services.may_lead_activity(request.user, activity)
    now = timezone.now()
    mine = my_states(request.user, [occ.pk]).get(occ.pk)
    context: dict[str, Any] = {
        "nav": "activities",
        "occ": occ,
        "activity": activity,
        "mine": mine,
        "position": waiting_position(mine) if mine is not None and mine.state == SignUp.State.WAITING else None,
        "open": occ.cancelled_at is None and occ.starts_at > now,
        "full": occ.capacity is not None and occ.taken >= occ.capacity,
        "can_lead": can_lead,
        "began": occ.starts_at - services.CHECKIN_OPENS <= now,
    }
    if can_lead:
        signups = list(
            SignUp.objects.filter(occurrence=occ).exclude(state=SignUp.State.CANCELLED).select_related("volunteer")
        )
        for s in signups:
            s.hours_now = services.hours_of(
                checked_in_at=s.checked_in_at,
                checked_out_at=s.checked_out_at,
                duration_minutes=activity.duration_minutes,
                entered=s.hours,
            )
        context["seated"] = [s for s in signups if s.state == SignUp.State.SEATED]
        context["waiting"] = [s for s in signups if s.state == SignUp.State.WAITING]
        context["to_confirm"] = [
            s for s in context["seated"] if s.credited_at is None and s.checked_in_at and s.hours_now
        ]
        context["no_checkout"] = [s for s in context["seated"] if s.checked_in_at and s.hours_now is None]
        taken = {s.volunteer_id for s in signups}
        context["volunteers"] = [
            (pk, name)
            for pk, name in Volunteer.objects.filter(area_id=activity.community_id, is_active=True)
            .order_by("name_pinyin", "id")
            .values_list("pk", "name")[:MAX_CHOICES]
            if pk not in taken
        ]
    return render(request, "activities/occurrence.html", context)


@login_required
@require_POST
def signup_create(request: HttpRequest, pk: int) -> HttpResponse:
    """Sign oneself up, or (a leader) a volunteer of the community."""
    from tongxin.volunteering.service.services import volunteer_for_user

    occ = occurrence_for(request.user, pk)
    volunteer_id = request.POST.get("volunteer", "").strip()
    try:
        if volunteer_id:
            # Choosing whom to sign up is the leader's form (the service checks the actor again).
            if not services.may_lead_activity(request.user, occ.activity):
                raise PermissionDenied
            if not volunteer_id.isdigit() or len(volunteer_id) > 18:
                raise Http404
            volunteer = Volunteer.objects.filter(pk=int(volunteer_id), area_id=occ.activity.community_id).first()
            if volunteer is None:
                raise Http404
        else:
            volunteer = volunteer_for_user(user=request.user, area=occ.activity.community)
        signup = services.signup_create(actor=request.user, occurrence=occ, volunteer=volunteer)
    except Forbidden:
        raise  # ForbiddenMiddleware answers 403
    except DomainError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        if signup.state == SignUp.State.SEATED:
            messages.success(request, _("%(name)s is signed up.") % {"name": volunteer.name})
        else:
            messages.info(
                request, _("All seats are taken: %(name)s is on the waiting list.") % {"name": volunteer.name}
            )
    return redirect("activities:occurrence", occ.pk)


@login_required
@require_POST
def signup_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    signup = get_for(request.user, SignUp.objects.select_related("occurrence__activity__area", "volunteer"), pk)
    try:
        services.signup_cancel(actor=request.user, signup=signup)
    except Forbidden:
        # Someone else's sign-up: staff are refused (403); anyone else learns nothing of it.
        if not scope_for(request.user).has_perm(Perm.VIEW):
            raise Http404 from None
        raise
    except DomainError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The sign-up was cancelled."))
    return redirect("activities:occurrence", signup.occurrence_id)


def _checkin_url(request: HttpRequest, occ: Occurrence) -> str:
    return request.build_absolute_uri(reverse("activities:checkin", args=[occ.token]))


@login_required
def venue_qr(request: HttpRequest, pk: int) -> HttpResponse:
    """The code shown at the venue (printed or on a screen) for volunteers to scan."""
    occ = occurrence_for(request.user, pk, lead=True)
    url = _checkin_url(request, occ)
    # segno writes the SVG itself from the URL; the title is escaped by segno.
    svg = mark_safe(segno.make(url, error="m").svg_inline(scale=8, border=2))  # noqa: S308
    opens, closes = services.checkin_window(occ)
    return render(
        request,
        "activities/qr.html",
        {
            "nav": "activities",
            "occ": occ,
            "activity": occ.activity,
            "url": url,
            "svg": svg,
            "opens": opens,
            "closes": closes,
        },  # noqa: S308  (segno's own SVG)
    )


@login_required
@require_http_methods(["GET", "POST"])
def checkin(request: HttpRequest, token: str) -> HttpResponse:
    """What the venue QR opens on a volunteer's phone: one big button, check in then check out.

    The token is the volunteer's proof of being at the venue (it opens 1 h before the start and
    closes 3 h after the end); any signed-in account may use it, becoming a volunteer of the
    community on first use.
    """
    if len(token) > 32:
        raise Http404
    occ = Occurrence.objects.select_related("activity", "activity__community").filter(token=token).first()
    if occ is None:
        raise Http404
    if request.method == "POST":
        try:
            signup = services.checkin_by_token(user=request.user, occurrence=occ)
        except Forbidden:
            raise  # ForbiddenMiddleware answers 403
        except DomainError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            if signup.checked_out_at:
                messages.success(request, _("Checked out. Thank you for serving!"))
            else:
                messages.success(request, _("Checked in. Remember to check out when you leave."))
        return redirect("activities:checkin", token)
    mine = my_states(request.user, [occ.pk]).get(occ.pk)
    opens, closes = services.checkin_window(occ)
    now = timezone.now()
    return render(
        request,
        "activities/checkin.html",
        {
            "nav": "activities",
            "occ": occ,
            "activity": occ.activity,
            "mine": mine,
            "is_open": opens <= now <= closes,
            "opens": opens,
            "closes": closes,
        },
    )


def _time_on(occ: Occurrence, value: str) -> datetime.datetime | None:
    """A time of day typed by the leader (HH:MM), on the date of the activity."""
    value = value.strip()
    if not value:
        return None
    try:
        t = datetime.time.fromisoformat(value[:8])
    except ValueError as exc:
        raise DomainError(_("Enter times as HH:MM, e.g. 14:30.")) from exc
    return timezone.make_aware(datetime.datetime.combine(timezone.localdate(occ.starts_at), t))


def _hours(value: str) -> Decimal | None:
    value = value.strip()
    if not value:
        return None
    try:
        hours = Decimal(value[:10])
    except InvalidOperation as exc:
        raise DomainError(_("Enter the hours as a number, e.g. 2.5.")) from exc
    if not hours.is_finite() or hours != hours.quantize(Decimal("0.01")):
        raise DomainError(_("Enter the hours as a number, e.g. 2.5."))
    return hours


@login_required
@require_http_methods(["GET", "POST"])
def rollcall(request: HttpRequest, pk: int) -> HttpResponse:
    """The leader ticks who came and corrects their times (or enters hours)."""
    occ = occurrence_for(request.user, pk, lead=True)
    seated = list(
        SignUp.objects.filter(occurrence=occ, state=SignUp.State.SEATED)
        .select_related("volunteer")
        .order_by("volunteer__name_pinyin", "id")
    )
    errors: list[str] = []
    if request.method == "POST":
        rows = []
        for s in seated:
            try:
                rows.append(
                    services.Attendance(
                        signup=s,
                        came=request.POST.get(f"came_{s.pk}") == "on",
                        checked_in_at=_time_on(occ, request.POST.get(f"in_{s.pk}", "")),
                        checked_out_at=_time_on(occ, request.POST.get(f"out_{s.pk}", "")),
                        hours=_hours(request.POST.get(f"hours_{s.pk}", "")),
                    )
                )
            except DomainError as exc:
                errors.append(f"{s.volunteer.name}: {' '.join(exc.messages)}")
        if not errors:
            try:
                services.rollcall_record(actor=request.user, occurrence=occ, rows=rows)
            except Forbidden:
                raise  # ForbiddenMiddleware answers 403
            except DomainError as exc:
                errors.extend(exc.messages)
            else:
                messages.success(request, _("The roll call was saved."))
                return redirect("activities:occurrence", occ.pk)
    for s in seated:
        s.hours_now = services.hours_of(
            checked_in_at=s.checked_in_at,
            checked_out_at=s.checked_out_at,
            duration_minutes=occ.activity.duration_minutes,
            entered=s.hours,
        )
    return render(
        request,
        "activities/rollcall.html",
        {"nav": "activities", "occ": occ, "activity": occ.activity, "seated": seated, "errors": errors},
        status=400 if errors else 200,
    )


@login_required
@require_POST
def hours_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    """Confirm the hours of everyone who came (or of one sign-up, `signup`); the service checks the actor."""
    occ = occurrence_for(request.user, pk)
    signup = None
    signup_id = request.POST.get("signup", "").strip()
    if signup_id:
        if not signup_id.isdigit() or len(signup_id) > 18:
            raise Http404
        signup = SignUp.objects.filter(pk=int(signup_id), occurrence=occ).first()
        if signup is None:
            raise Http404
    try:
        credited, missing = services.hours_confirm_occurrence(actor=request.user, occurrence=occ, signup=signup)
    except Forbidden:
        raise  # ForbiddenMiddleware answers 403
    except DomainError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            ngettext("Hours confirmed for %(n)s volunteer.", "Hours confirmed for %(n)s volunteers.", credited)
            % {"n": credited},
        )
        if missing:
            messages.warning(
                request,
                _("No check-out, so no hours yet: %(names)s. Enter their end time or hours in the roll call.")
                % {"names": "、".join(missing)},
            )
    return redirect("activities:occurrence", occ.pk)
