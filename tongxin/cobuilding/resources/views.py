"""The shared resources pages and the booking calendar of a bookable resource."""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tongxin.cobuilding.agreements.models import Agreement, Commitment
from tongxin.cobuilding.agreements.queries import reads_cobuild
from tongxin.cobuilding.agreements.views import community_of, get_or_404, places_for
from tongxin.cobuilding.resources import services
from tongxin.cobuilding.resources.forms import WEEKDAYS, AttendedForm, BookingForm, DecisionForm, ResourceForm
from tongxin.cobuilding.resources.models import BOOK_AHEAD_DAYS, SLOT_MINUTES, Booking, Resource, ResourceKind
from tongxin.cobuilding.resources.queries import bookings_visible_to, resource_list, resources_visible_to, week_bookings
from tongxin.platform.access.roles import Perm, Role
from tongxin.platform.access.scope import scope_for
from tongxin.platform.core.exceptions import DomainError, Forbidden
from tongxin.platform.core.forms_util import add_domain_errors
from tongxin.platform.core.listing import int_param, paginate, text_param
from tongxin.platform.core.trees import AREA, node_choices
from tongxin.registry.areas.models import COMMUNITY_LEVELS, Area
from tongxin.registry.cobuild.models import ResidentUnit
from tongxin.registry.cobuild.queries import units_answered_by
from tongxin.registry.places.models import Place


def _reader(user: Any) -> None:
    if not reads_cobuild(user) and Role.UNIT_CONTACT not in scope_for(user).roles:
        raise PermissionDenied


def resource_for(user: Any, pk: Any) -> Resource:
    _reader(user)
    return get_or_404(
        resources_visible_to(user).select_related("unit__area", "community", "commitment__agreement", "place"), pk
    )


def booking_for(user: Any, pk: Any) -> Booking:
    _reader(user)
    return get_or_404(bookings_visible_to(user).select_related("resource__unit", "resource__community"), pk)


def _back(request: HttpRequest, booking: Booking) -> HttpResponse:
    if request.POST.get("next") == "portal":
        return redirect("portal:portal")
    return redirect(f"{_calendar_url(booking.resource)}?week={timezone.localtime(booking.starts_at).date():%Y-%m-%d}")


def _calendar_url(resource: Resource) -> str:
    from django.urls import reverse

    return reverse("resources:calendar", args=[resource.pk])


@login_required
def resources(request: HttpRequest) -> HttpResponse:
    _reader(request.user)
    node_id = int_param(request, "node")
    node = get_or_404(places_for(request.user), node_id) if node_id else None
    kind = text_param(request, "kind", 20)
    kind = kind if kind in ResourceKind.values else ""
    unit = int_param(request, "unit")
    bookable = {"1": True, "0": False}.get(request.GET.get("bookable", ""))
    qs = resource_list(request.user, path=node.path if node else "", kind=kind, unit=unit, bookable=bookable)
    page = paginate(request, qs, 50)
    scope = scope_for(request.user)
    return render(
        request,
        "resources/resource_list.html",
        {
            **page,
            "nav": "resources",
            "nodes": node_choices(places_for(request.user), 300, node),
            "node": node,
            "kind": kind,
            "kinds": ResourceKind.choices,
            "bookable": request.GET.get("bookable", ""),
            "can_write": scope.has_perm(Perm.COBUILD) or Role.UNIT_CONTACT in scope.roles,
        },
    )


def _form_choices(user: Any, unit: ResidentUnit | None = None, community: Area | None = None) -> dict[str, Any]:
    scope = scope_for(user)
    if scope.has_perm(Perm.COBUILD):
        communities = visible_to_cobuild(user)
        paths = [p for p in scope.prefixes(AREA, Perm.COBUILD)]
        cond = Q()
        if not scope.is_admin:
            cond = Q(pk__in=[])
            for p in paths:
                cond |= Q(area__path__startswith=p)
        units_qs = ResidentUnit.objects.filter(cond)
        community_choices: list[tuple[int, str]] | None = node_choices(communities, 300)
    else:
        units_qs = units_answered_by(user)
        community_choices = None
    units = [(u.pk, u.name) for u in units_qs.order_by("name", "id")[:500]]
    commitments = Commitment.objects.filter(agreement__unit__in=units_qs.values("pk")).exclude(
        agreement__status=Agreement.Status.ENDED
    )
    if unit is not None:
        commitments = commitments.filter(agreement__unit=unit)
    commitment_choices = [
        (c.pk, f"{c.agreement.unit.name} {c.agreement.year}：{c.description}")
        for c in commitments.select_related("agreement__unit").order_by(
            "agreement__unit__name", "-agreement__year", "id"
        )[:300]
    ]
    return {
        "communities": community_choices,
        "units": units,
        "commitments": commitment_choices,
        "places": _place_choices(user, community),
    }


def _place_choices(user: Any, community: Area | None) -> list[tuple[int, str]]:
    """The places (阵地) a room may belong to: the community's (and those above it) when it is
    known, else those of every community the user runs or whose unit they answer for."""
    if community is not None:
        paths = [community.path]
    elif scope_for(user).has_perm(Perm.COBUILD):
        paths = [] if scope_for(user).is_admin else scope_for(user).prefixes(AREA, Perm.COBUILD)
    else:
        units = units_answered_by(user).select_related("area")
        paths = [c.path for u in units if (c := community_of(u)) is not None]
    qs = Place.objects.select_related("area").order_by("area__path", "name", "id")
    if paths or not scope_for(user).is_admin or community is not None:
        cond = Q(pk__in=[])
        for p in paths:
            cond |= Q(area__path__startswith=p) | Q(area__path__in=Area(path=p).ancestor_paths())
        qs = qs.filter(cond)
    return [(p.pk, f"{p.name}（{p.area.name}）") for p in qs[:300]]


def visible_to_cobuild(user: Any) -> QuerySet[Area]:
    from tongxin.platform.access.scope import visible_to

    return visible_to(Area.objects.filter(level__in=COMMUNITY_LEVELS), user, Perm.COBUILD)


def _values(form: ResourceForm) -> dict[str, Any]:
    data = dict(form.cleaned_data)
    data.pop("community", None)
    data.pop("unit", None)
    data["open_weekdays"] = "".join(data.get("open_weekdays") or [])
    pk = data.pop("commitment", None)
    data["commitment"] = Commitment.objects.select_related("agreement").filter(pk=pk).first() if pk else None
    place = data.pop("place", None)
    data["place"] = Place.objects.select_related("area").filter(pk=place).first() if place else None
    return data


@login_required
def resource_new(request: HttpRequest) -> HttpResponse:
    scope = scope_for(request.user)
    if not scope.has_perm(Perm.COBUILD) and Role.UNIT_CONTACT not in scope.roles:
        raise PermissionDenied
    choices = _form_choices(request.user)
    form = ResourceForm(request.POST or None, initial={"open_weekdays": list("12345"), "active": True}, **choices)
    if request.method == "POST" and form.is_valid():
        unit_id = form.cleaned_data.get("unit")
        unit = ResidentUnit.objects.select_related("area").filter(pk=unit_id).first() if unit_id else None
        if choices["communities"] is None:
            community = community_of(unit) if unit else None
        else:
            community = Area.objects.filter(pk=form.cleaned_data["community"]).first()
        try:
            if community is None:
                raise DomainError({"unit": _("Choose a unit.")})
            resource = services.resource_save(actor=request.user, community=community, unit=unit, **_values(form))
        except Forbidden:
            raise
        except DomainError as exc:
            add_domain_errors(form, exc)
        else:
            messages.success(request, _("Resource saved."))
            return redirect("resources:resource", resource.pk)
    return render(request, "resources/form.html", {"form": form, "title": _("New shared resource"), "nav": "resources"})


@login_required
def resource_edit(request: HttpRequest, pk: int) -> HttpResponse:
    resource = resource_for(request.user, pk)
    if not services.may_edit(request.user, resource.community, resource.unit):
        raise PermissionDenied
    choices = _form_choices(request.user, resource.unit, resource.community)
    choices["communities"] = None
    choices["units"] = None
    fields = [f for f in ResourceForm.base_fields if f not in ("community", "unit")]
    initial = {f: getattr(resource, f) for f in fields}
    initial["open_weekdays"] = list(resource.open_weekdays)
    initial["commitment"] = resource.commitment_id
    initial["place"] = resource.place_id
    form = ResourceForm(request.POST or None, initial=initial, **choices)
    if request.method == "POST" and form.is_valid():
        try:
            services.resource_save(
                actor=request.user, resource=resource, community=resource.community, unit=resource.unit, **_values(form)
            )
        except Forbidden:
            raise
        except DomainError as exc:
            add_domain_errors(form, exc)
        else:
            messages.success(request, _("Resource saved."))
            return redirect("resources:resource", resource.pk)
    return render(
        request,
        "resources/form.html",
        {"form": form, "title": _("Edit the resource"), "resource": resource, "nav": "resources"},
    )


@login_required
def resource_detail(request: HttpRequest, pk: int) -> HttpResponse:
    resource = resource_for(request.user, pk)
    days = dict(WEEKDAYS)
    return render(
        request,
        "resources/resource_detail.html",
        {
            "resource": resource,
            "open_days": "、".join(str(days[d]) for d in resource.open_weekdays if d in days),
            "can_edit": services.may_edit(request.user, resource.community, resource.unit),
            "nav": "resources",
        },
    )


def _week(request: HttpRequest, today: datetime.date) -> datetime.date:
    try:
        day = datetime.date.fromisoformat(request.GET.get("week", ""))
    except ValueError:
        day = today
    if abs((day - today).days) > 3660:
        day = today
    return day - datetime.timedelta(days=day.weekday())


@login_required
def calendar(request: HttpRequest, pk: int) -> HttpResponse:
    """A week of a bookable resource: its hours, booked and requested times; the request form."""
    resource = resource_for(request.user, pk)
    today = timezone.localdate()
    monday = _week(request, today)
    try:
        selected = datetime.date.fromisoformat(request.GET.get("day", ""))
    except ValueError:
        selected = today
    if not monday <= selected < monday + datetime.timedelta(days=7):
        selected = monday
    can_book = resource.bookable and resource.active and services.may_run(request.user, resource.community)
    form = BookingForm(request.POST or None, initial={"day": max(selected, today), "people": 10})
    if request.method == "POST":
        if not can_book:
            raise PermissionDenied
        if form.is_valid():
            try:
                booking = services.booking_request(actor=request.user, resource=resource, **form.cleaned_data)
            except Forbidden:
                raise
            except DomainError as exc:
                add_domain_errors(form, exc)
            else:
                messages.success(request, _("Booking requested: the unit's contact will approve it."))
                day = timezone.localtime(booking.starts_at).date()
                return redirect(f"{_calendar_url(resource)}?week={day:%Y-%m-%d}&day={day:%Y-%m-%d}")
    bookings = list(week_bookings(resource, monday))
    names = dict(WEEKDAYS)
    days = []
    for i in range(7):
        day = monday + datetime.timedelta(days=i)
        days.append(
            {
                "date": day,
                "name": names[str(day.isoweekday())],
                "open": resource.bookable and str(day.isoweekday()) in resource.open_weekdays,
                "bookings": [b for b in bookings if timezone.localtime(b.starts_at).date() == day],
                "current": day == selected,
                "today": day == today,
            }
        )
    return render(
        request,
        "resources/calendar.html",
        {
            "resource": resource,
            "days": days,
            "monday": monday,
            "sunday": monday + datetime.timedelta(days=6),
            "prev_week": monday - datetime.timedelta(days=7),
            "next_week": monday + datetime.timedelta(days=7),
            "form": form if can_book else None,
            "slot_minutes": SLOT_MINUTES,
            "ahead": BOOK_AHEAD_DAYS,
            "nav": "resources",
        },
    )


@login_required
@require_POST
def booking_decide(request: HttpRequest, pk: int) -> HttpResponse:
    booking = booking_for(request.user, pk)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose approve or refuse."))
        return _back(request, booking)
    try:
        services.booking_decide(
            actor=request.user,
            booking=booking,
            approve=form.cleaned_data["decision"] == "approve",
            note=form.cleaned_data["decision_note"],
        )
    except Forbidden as exc:
        raise PermissionDenied from exc
    except DomainError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request, _("Booking approved.") if form.cleaned_data["decision"] == "approve" else _("Booking refused.")
        )
    return _back(request, booking)


@login_required
@require_POST
def booking_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    booking = booking_for(request.user, pk)
    try:
        services.booking_cancel(actor=request.user, booking=booking)
    except Forbidden as exc:
        raise PermissionDenied from exc
    except DomainError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Booking cancelled: the time is free again."))
    return _back(request, booking)


@login_required
def booking_attended(request: HttpRequest, pk: int) -> HttpResponse:
    booking = booking_for(request.user, pk)
    resource = booking.resource
    if not services.may_edit(request.user, resource.community, resource.unit):
        raise PermissionDenied
    form = AttendedForm(request.POST or None, initial={"attended": booking.people})
    if request.method == "POST" and form.is_valid():
        try:
            services.booking_attended(actor=request.user, booking=booking, attended=form.cleaned_data["attended"])
        except Forbidden as exc:
            raise PermissionDenied from exc
        except DomainError as exc:
            add_domain_errors(form, exc)
        else:
            messages.success(request, _("Attendance recorded: the hours count toward the unit's agreement."))
            return _back(request, booking)
    return render(
        request,
        "resources/form.html",
        {
            "form": form,
            "title": _("Who came: %(resource)s") % {"resource": resource.name},
            "resource": resource,
            "next": request.GET.get("next", ""),
            "nav": "resources",
        },
    )
