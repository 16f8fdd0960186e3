"""The good-deeds wall (善行善举墙) for the office: entries by board, a new entry, consent."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from tongxin.council.honours.forms import DeedForm
from tongxin.council.honours.models import Deed, WallBoard
from tongxin.council.honours.queries import deeds_visible_to, may_manage
from tongxin.council.honours.services import deed_consent, deed_create, deed_delete, deed_photo_process
from tongxin.council.honours.views._gate import NAV_DEEDS, managed_areas, one, require_manager, require_reader
from tongxin.platform.core.exceptions import DomainError
from tongxin.platform.core.forms_util import add_domain_errors
from tongxin.platform.core.listing import paginate
from tongxin.registry.areas.models import COMMUNITY_LEVELS, Area


@login_required
def deed_list(request: HttpRequest) -> HttpResponse:
    require_reader(request)
    board = request.GET.get("board", "")
    qs = deeds_visible_to(request.user).select_related("consent_recorded_by")
    if board in WallBoard.values:
        qs = qs.filter(board=board)
    else:
        board = ""
    page = paginate(request, qs.order_by("-happened_on", "-pk"))
    context = {
        "nav": NAV_DEEDS,
        "board": board,
        "boards": WallBoard.choices,
        "can_create": bool(managed_areas(request.user, COMMUNITY_LEVELS)[:1]),
        **page,
    }
    return render(request, "honours/deed_list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def deed_new(request: HttpRequest) -> HttpResponse:
    areas = managed_areas(request.user, COMMUNITY_LEVELS)
    if not areas:
        raise PermissionDenied
    form = DeedForm(request.POST or None, request.FILES or None, areas=areas)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        area = one(Area.objects.filter(level__in=COMMUNITY_LEVELS), data["area"])
        try:
            photo = deed_photo_process(data["photo"])
            deed = deed_create(
                actor=request.user,
                area=area,
                board=data["board"],
                title=data["title"],
                story=data["story"],
                happened_on=data["happened_on"],
                person_name=data["person_name"],
                photo=photo,
                photo_consent=data["photo_consent"],
            )
        except DomainError as exc:
            add_domain_errors(form, exc)
        else:
            messages.success(request, _("The entry is on the wall."))
            return redirect("honours:deed", deed.pk)
    return render(request, "honours/deed_form.html", {"form": form, "nav": NAV_DEEDS})


@login_required
def deed_detail(request: HttpRequest, pk: int) -> HttpResponse:
    deed: Deed = one(deeds_visible_to(request.user).select_related("consent_recorded_by", "created_by"), pk)
    context = {"deed": deed, "nav": NAV_DEEDS, "manage": may_manage(request.user, deed.area.path)}
    return render(request, "honours/deed_detail.html", context)


@login_required
@require_POST
def deed_consent_view(request: HttpRequest, pk: int) -> HttpResponse:
    deed: Deed = one(deeds_visible_to(request.user), pk)
    require_manager(request, deed.area)
    consent = request.POST.get("consent") == "yes"
    try:
        deed_consent(actor=request.user, deed=deed, consent=consent)
    except DomainError as exc:
        messages.error(request, " ".join(str(m) for m in exc.messages))
    else:
        messages.success(
            request,
            _("Consent recorded: the photo is shown on the public board.")
            if consent
            else _("Consent withdrawn: the photo is no longer shown on the public board."),
        )
    return redirect("honours:deed", deed.pk)


@login_required
@require_POST
def deed_delete_view(request: HttpRequest, pk: int) -> HttpResponse:
    deed: Deed = one(deeds_visible_to(request.user), pk)
    require_manager(request, deed.area)
    deed_delete(actor=request.user, deed=deed)
    messages.success(request, _("The entry is removed from the wall."))
    return redirect("honours:deeds")


def deed_photo(request: HttpRequest, pk: int, size: str) -> FileResponse:
    """A wall photo: to anyone only with the person's consent; otherwise to the office over it only."""
    if size not in ("full", "thumb") or not str(pk).isdigit():
        raise Http404
    deed = Deed.objects.filter(pk=pk).select_related("area").first()
    if deed is None or not deed.photo:
        raise Http404
    if not deed.photo_consent and not (
        request.user.is_authenticated and deeds_visible_to(request.user).filter(pk=deed.pk).exists()
    ):
        raise Http404
    file = deed.thumbnail if size == "thumb" and deed.thumbnail else deed.photo
    try:
        handle = file.open("rb")
    except FileNotFoundError as exc:  # the row outlived its file (a restore without media)
        raise Http404 from exc
    response = FileResponse(handle, content_type="image/jpeg")
    # A photo whose consent may be withdrawn tomorrow is not cached for long, nor by proxies.
    response["Cache-Control"] = "private, max-age=300"
    return response
