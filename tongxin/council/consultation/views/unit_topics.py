"""A co-building unit's contact raises a topic for their unit (驻区单位提议题), about the unit's
community, and follows it by its tracking code on the public topic page like a resident does.

Open to whoever answers for a unit (as the case hand-over counts it) and to a unit contact who
answers for none yet (told so); anyone else is refused (403): the menu never offers it to them.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from tongxin.council.consultation import services
from tongxin.council.consultation.forms import UnitTopicForm
from tongxin.council.consultation.models import Topic, TopicSource
from tongxin.council.consultation.services.topics import community_of
from tongxin.platform.access.roles import Role
from tongxin.platform.access.scope import scope_for
from tongxin.platform.core.exceptions import DomainError, Forbidden
from tongxin.platform.core.forms_util import add_domain_errors
from tongxin.platform.core.listing import text_param
from tongxin.registry.cobuild.queries import units_answered_by

MAX_UNITS = 100
RECENT = 10


@login_required
@require_http_methods(["GET", "POST"])
def unit_topic_new(request: HttpRequest) -> HttpResponse:
    user = request.user
    units = list(units_answered_by(user)[:MAX_UNITS])
    if not units and Role.UNIT_CONTACT not in scope_for(user).roles:
        raise PermissionDenied
    form = UnitTopicForm(request.POST if request.method == "POST" else None, units=[(u.pk, u.name) for u in units])
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        unit = next(u for u in units if u.pk == data["unit"])  # the form offers these only
        try:
            topic = services.topic_raise(
                actor=user,
                area=community_of(unit.area),
                title=data["title"],
                description=data["description"],
                source=TopicSource.UNIT,
                unit=unit,
                raiser_name=data["raiser_name"],
                people_affected=data["people_affected"],
            )
        except Forbidden:
            raise
        except DomainError as exc:
            add_domain_errors(form, exc)
        else:
            messages.success(request, _("The topic was raised for %(unit)s.") % {"unit": unit.name})
            return redirect(reverse("consultation:unit_topic_new") + f"?raised={topic.tracking_code}")
    raised = text_param(request, "raised", 20)
    unit_ids = [u.pk for u in units]
    topics = Topic.objects.filter(source=TopicSource.UNIT, unit_id__in=unit_ids).select_related("unit")
    context = {
        "form": form,
        "units": units,
        # Only a topic of the user's units is shown by its code: a code typed into the address is not read.
        "raised": topics.filter(tracking_code=raised).first() if raised else None,
        "recent": list(topics.order_by("-created_at", "-id")[:RECENT]),
        "nav": "unit_topic",
    }
    return render(request, "consultation/unit_topic_new.html", context)
