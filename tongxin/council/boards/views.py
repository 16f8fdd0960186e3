"""The public boards (公示栏): a chooser of communities and one board per community or village, no
account needed, made of the sections the capabilities register (`sections.register`), for this
year. `?screen=1` is the lobby-screen mode: large type, one section at a time in turn, the page
reloading itself, no menus."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from tongxin.council.boards.sections import sections_for
from tongxin.registry.areas.models import COMMUNITY_LEVELS, Area

# A lobby screen shows each section this long, and reloads the page (fresh data) after a round.
SCREEN_SECONDS = 20
MAX_PARAM = 12


@require_GET
def index(request: HttpRequest) -> HttpResponse:
    communities = list(Area.objects.filter(level__in=COMMUNITY_LEVELS).order_by("path").values_list("pk", "name"))
    return render(request, "boards/index.html", {"communities": communities})


@require_GET
def board(request: HttpRequest, community_pk: int) -> HttpResponse:
    community = Area.objects.filter(pk=community_pk, level__in=COMMUNITY_LEVELS).first()
    if community is None:
        raise Http404
    year = timezone.localdate().year
    params = {key: str(value)[:MAX_PARAM] for key, value in request.GET.items() if key != "screen"}
    sections = sections_for(community, year, params)
    screen = request.GET.get("screen") == "1"
    context = {
        "community": community,
        "year": year,
        "sections": sections,
        "screen": screen,
        "screen_seconds": SCREEN_SECONDS,
        "reload_seconds": SCREEN_SECONDS * max(len(sections), 1),
        "today": timezone.localdate(),
    }
    return render(request, "boards/screen.html" if screen else "boards/board.html", context)
