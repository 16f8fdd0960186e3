"""Each person's own pages: the home page of their roles and `/me/`.

They sit at the top of the house because they gather what every layer below keeps.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from tongxin.interfaces.home.overview import overview_figures
from tongxin.interfaces.home.own_life import own_life
from tongxin.platform.web.workbench import Today, workbench_for
from tongxin.registry.party.queries import own_member_record


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """The workbench (工作台): the person's work, most urgent first; the figures below it."""
    when = Today(now=timezone.now(), today=timezone.localdate())
    context = {
        "workbench": workbench_for(request.user, when),
        "today": when.today,
        "figures": overview_figures(request.user),
        "nav": "home",
    }
    return render(request, "home/home.html", context)


@login_required
def me(request: HttpRequest) -> HttpResponse:
    """A person's own page: their roles and, for a party member, their own record."""
    member = own_member_record(request.user)
    life = own_life(member, today=timezone.localdate()) if member else None
    return render(request, "home/me.html", {"member": member, "life": life, "nav": "me"})
