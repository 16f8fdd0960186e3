"""The public board of a community or village (公示栏): no account needed, the sections the
capabilities register (`sections.register`), for this year."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from tongxin.council.boards.sections import sections_for
from tongxin.registry.areas.models import COMMUNITY_LEVELS, Area


def board(request: HttpRequest, community_pk: int) -> HttpResponse:
    community = Area.objects.filter(pk=community_pk, level__in=COMMUNITY_LEVELS).first()
    if community is None:
        raise Http404
    year = timezone.localdate().year
    context = {"community": community, "year": year, "sections": sections_for(community, year)}
    return render(request, "boards/board.html", context)
