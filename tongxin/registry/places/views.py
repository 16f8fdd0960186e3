"""The places pages: the list by kind and community, one place with its hours, photos and rooms,
the form that writes through the services, its photos; and the public place page."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from tongxin.platform.access.roles import Perm
from tongxin.platform.access.scope import visible_to
from tongxin.platform.core.exceptions import DomainError, Forbidden
from tongxin.platform.core.forms_util import add_domain_errors
from tongxin.platform.core.images import files_removed_on_failure, photo_uploads, photos_process
from tongxin.platform.core.listing import int_param, paginate, text_param
from tongxin.platform.core.stored_files import stored_file_response
from tongxin.platform.core.trees import node_choices
from tongxin.platform.web.perms import require
from tongxin.registry.areas.models import COMMUNITY_LEVELS, Area
from tongxin.registry.areas.queries import areas_visible_to
from tongxin.registry.cobuild.models import ResidentUnit
from tongxin.registry.places import services
from tongxin.registry.places.forms import PhotoForm, PlaceForm
from tongxin.registry.places.hours import week, week_summary
from tongxin.registry.places.models import MAX_PHOTOS, Place, PlaceKind, PlacePhoto
from tongxin.registry.places.page_parts import place_parts
from tongxin.registry.places.queries import (
    community_of,
    editable_areas,
    kind_counts,
    may_edit,
    place_list,
    places_visible_to,
    public_place,
    state_of,
    with_states,
)


def get_or_404(qs: QuerySet[Any], pk: Any) -> Any:
    try:
        key = int(pk)
    except (TypeError, ValueError) as exc:
        raise Http404 from exc
    obj = qs.filter(pk=key).first() if 0 < key < 2**62 else None
    if obj is None:
        raise Http404
    return obj


def place_for(user: Any, pk: Any) -> Place:
    require(user, Perm.VIEW)
    found: Place = get_or_404(places_visible_to(user).select_related("area", "unit"), pk)
    return found


def _editing(user: Any, place: Place) -> None:
    if not may_edit(user, place.area):
        raise PermissionDenied


def _communities(user: Any) -> QuerySet[Area]:
    return areas_visible_to(user).filter(level__in=["district", "subdistrict", *COMMUNITY_LEVELS])


@login_required
def places(request: HttpRequest) -> HttpResponse:
    require(request.user, Perm.VIEW)
    node_id = int_param(request, "node")
    node = get_or_404(_communities(request.user), node_id) if node_id else None
    kind = text_param(request, "kind", 20)
    kind = kind if kind in PlaceKind.values else ""
    path = node.path if node else ""
    qs = place_list(request.user, kind=kind, path=path)
    counts = kind_counts(place_list(request.user, path=path))
    total = sum(counts.values())
    page = paginate(request, qs, 50, count=counts.get(kind, 0) if kind else total)
    page["rows"] = with_states(list(page["rows"]))
    return render(
        request,
        "places/place_list.html",
        {
            **page,
            "nav": "places",
            "nodes": node_choices(_communities(request.user), 300, node),
            "node": node,
            "kind": kind,
            "kinds": [(v, label, counts.get(v, 0)) for v, label in PlaceKind.choices],
            "all_count": total,
            "can_write": request.user.is_authenticated and editable_areas(request.user).exists(),
        },
    )


def _choices(user: Any, place: Place | None = None) -> dict[str, Any]:
    areas = node_choices(editable_areas(user), 500, place.area if place else None)
    units = visible_to(ResidentUnit.objects.select_related("area"), user, Perm.EDIT_TREE).order_by("name", "id")
    unit_choices = [(u.pk, f"{u.name}（{u.area.name}）") for u in units[:500]]
    if place is not None and place.unit is not None and place.unit_id not in {pk for pk, _l in unit_choices}:
        unit_choices.append((place.unit.pk, place.unit.name))
    return {"areas": areas, "units": unit_choices}


def _form_page(
    request: HttpRequest, form: Any, save: Callable[[dict[str, Any]], Place], *, title: str, place: Place | None
) -> HttpResponse:
    if request.method == "POST" and form.is_valid():
        try:
            saved = save(form.cleaned_data)
        except Forbidden:
            raise
        except DomainError as exc:
            add_domain_errors(form, exc)
        else:
            messages.success(request, _("Place saved."))
            return redirect("places:place", saved.pk)
    return render(request, "places/form.html", {"form": form, "title": title, "place": place, "nav": "places"})


def _values(user: Any, data: dict[str, Any]) -> dict[str, Any]:
    area = editable_areas(user).filter(pk=data["area"]).first()
    if area is None:
        raise DomainError({"area": _("Choose from the list.")})
    unit: ResidentUnit | None = None
    if data.get("unit"):
        units = visible_to(ResidentUnit.objects.select_related("area"), user, Perm.EDIT_TREE)
        unit = units.filter(pk=data["unit"]).first()
        if unit is None:
            raise DomainError({"unit": _("Choose from the list.")})
    keep = ("kind", "name", "address", "phone", "capacity", "services", "facilities", "hours", "hours_note")
    values = {k: data.get(k) for k in keep}
    values.update(
        closed_on_holidays=data.get("closed_on_holidays", False),
        latitude=data.get("latitude"),
        longitude=data.get("longitude"),
        description=data.get("description", ""),
        active=data.get("active", False),
    )
    return {"area": area, "unit": unit, **values}


@login_required
def place_new(request: HttpRequest) -> HttpResponse:
    require(request.user, Perm.EDIT_TREE)
    initial: dict[str, Any] = {"active": True}
    node_id = int_param(request, "area")
    if node_id:
        initial["area"] = node_id
    form = PlaceForm(request.POST or None, initial=initial, **_choices(request.user))
    return _form_page(
        request,
        form,
        lambda data: services.place_save(actor=request.user, **_values(request.user, data)),
        title=_("New place"),
        place=None,
    )


@login_required
def place_edit(request: HttpRequest, pk: int) -> HttpResponse:
    place = place_for(request.user, pk)
    _editing(request.user, place)
    fields = ("kind", "name", "address", "phone", "capacity", "hours_note", "closed_on_holidays")
    initial: dict[str, Any] = {f: getattr(place, f) for f in fields}
    initial.update(
        area=place.area_id,
        unit=place.unit_id,
        services="\n".join(place.services or []),
        facilities="\n".join(place.facilities or []),
        latitude=place.latitude,
        longitude=place.longitude,
        description=place.description,
        active=place.active,
        **PlaceForm.initial_hours(place.hours or {}),
    )
    form = PlaceForm(request.POST or None, initial=initial, **_choices(request.user, place))
    return _form_page(
        request,
        form,
        lambda data: services.place_save(actor=request.user, place=place, **_values(request.user, data)),
        title=_("Edit the place"),
        place=place,
    )


@login_required
def place_detail(request: HttpRequest, pk: int) -> HttpResponse:
    place = place_for(request.user, pk)
    return render(
        request,
        "places/place_detail.html",
        {
            "place": place,
            "state": state_of(place),
            "week": week(place.hours or {}),
            "photos": list(place.photos.order_by("id")),
            "parts": place_parts(place, request.user),
            "community": community_of(place),
            "can_edit": may_edit(request.user, place.area),
            "nav": "places",
        },
    )


@photo_uploads
@login_required
def photo_add(request: HttpRequest, pk: int) -> HttpResponse:
    place = place_for(request.user, pk)
    _editing(request.user, place)
    form = PhotoForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            processed = photos_process(data["photos"])
            with files_removed_on_failure():
                services.photos_add(
                    actor=request.user, place=place, photos=processed, caption=data["caption"], public=data["public"]
                )
        except Forbidden:
            raise
        except DomainError as exc:
            add_domain_errors(form, exc)
        else:
            messages.success(request, _("Photo added."))
            return redirect("places:place", place.pk)
    return render(
        request,
        "places/photo_form.html",
        {
            "form": form,
            "place": place,
            "max_mb": settings.CASE_PHOTO_MAX_MB,
            "max_photos": MAX_PHOTOS,
            "photos_dropped": bool(request.FILES) and form.is_bound and bool(form.errors),
            "nav": "places",
        },
    )


def _photo_for(user: Any, pk: Any) -> PlacePhoto:
    require(user, Perm.VIEW)
    visible = places_visible_to(user).values("pk")
    found: PlacePhoto = get_or_404(PlacePhoto.objects.filter(place__in=visible).select_related("place__area"), pk)
    return found


@login_required
@require_POST
def photo_remove(request: HttpRequest, pk: int) -> HttpResponse:
    photo = _photo_for(request.user, pk)
    place = photo.place
    _editing(request.user, place)
    services.photo_remove(actor=request.user, photo=photo)
    messages.success(request, _("Photo removed."))
    return redirect("places:place", place.pk)


@dataclass
class _Served:
    file: FieldFile
    name: str
    content_type: str = "image/jpeg"
    is_image: bool = True


def _serve(photo: PlacePhoto, thumb: bool) -> FileResponse:
    field = photo.thumbnail if thumb else photo.image
    return stored_file_response(_Served(file=field, name=f"place-{photo.place_id}-{photo.pk}.jpg"))


@login_required
@require_GET
def photo(request: HttpRequest, pk: int) -> FileResponse:
    return _serve(_photo_for(request.user, pk), request.GET.get("size") == "thumb")


# The public pages: no account, phone first, nothing personal.


@require_GET
def public_place_page(request: HttpRequest, pk: int) -> HttpResponse:
    place = public_place(pk)
    if place is None:
        raise Http404
    tiles = None
    if settings.MAP_TILE_URL:
        tiles = {"url": settings.MAP_TILE_URL, "attribution": settings.MAP_TILE_ATTRIBUTION}
    point = (
        {"lat": float(place.latitude), "lng": float(place.longitude), "name": place.name, "tiles": tiles}
        if place.latitude is not None and place.longitude is not None
        else None
    )
    return render(
        request,
        "places/public_place.html",
        {
            "place": place,
            "state": state_of(place),
            "week": week_summary(place.hours or {}),
            "photos": list(place.photos.all()),
            "community": community_of(place),
            "parts": place_parts(place, None),
            "point": point,
        },
    )


@require_GET
def public_photo(request: HttpRequest, pk: int) -> FileResponse:
    found = PlacePhoto.objects.filter(pk=pk, public=True, place__active=True).first() if 0 < pk < 2**62 else None
    if found is None:
        raise Http404
    response = _serve(found, request.GET.get("size") == "thumb")
    response["Cache-Control"] = "public, max-age=3600"
    return response
