"""The community's pledge items, its convention's versions and the members' board cards (post,
shown, photo consent). Reading: the community's staff and the subdistrict above it; changing:
the staff (Perm.RECOGNISE over the place). Out of scope is a 404."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from tongxin.council.commitments import services
from tongxin.council.commitments.forms import CardForm, ConventionForm, ItemEditForm, ItemForm, TemplateForm
from tongxin.council.commitments.models import Convention, MemberCard, PledgeItem
from tongxin.council.commitments.queries import community_for, community_members, items_of
from tongxin.council.commitments.views.pledges import NAV, gate
from tongxin.council.consultation.models import Topic, TopicState
from tongxin.grid.cases.photos import photo_uploads, photos_process
from tongxin.platform.access.roles import Perm
from tongxin.platform.access.scope import scope_for
from tongxin.platform.core.exceptions import DomainError, Forbidden
from tongxin.platform.core.forms_util import add_domain_errors
from tongxin.platform.core.listing import paginate
from tongxin.platform.core.stored_files import stored_file_response
from tongxin.platform.core.trees import AREA
from tongxin.registry.areas.models import Area

ROWS_PER_PAGE = 50
MAX_TOPICS = 100


def _staff(request: HttpRequest, community: Area) -> bool:
    return scope_for(request.user).allows_path(Perm.RECOGNISE, AREA, community.path)


def _require_staff(request: HttpRequest, community: Area) -> None:
    if not _staff(request, community):
        raise PermissionDenied


# Pledge items


@login_required
@require_http_methods(["GET", "POST"])
def items(request: HttpRequest, community_pk: int) -> HttpResponse:
    gate(request)
    community = community_for(request.user, community_pk)
    can_write = _staff(request, community)
    form = ItemForm(request.POST if request.method == "POST" else None, prefix="item")
    if request.method == "POST":
        _require_staff(request, community)
        if form.is_valid():
            try:
                services.item_add(actor=request.user, community=community, **form.cleaned_data)
            except Forbidden:
                raise
            except DomainError as exc:
                add_domain_errors(form, exc)
            else:
                messages.success(request, _("The item was added."))
                return redirect("commitments:items", community.pk)
    rows = list(items_of(community).annotate(pledged=Count("pledges")))
    context = {
        "community": community,
        "rows": rows,
        "form": form,
        "template_form": TemplateForm(prefix="tpl"),
        "can_write": can_write,
        "nav": NAV,
    }
    return render(request, "commitments/items.html", context)


@login_required
@require_POST
def items_template(request: HttpRequest, community_pk: int) -> HttpResponse:
    gate(request)
    community = community_for(request.user, community_pk)
    _require_staff(request, community)
    form = TemplateForm(request.POST, prefix="tpl")
    if not form.is_valid():
        messages.error(request, _("Choose one of the lists offered."))
        return redirect("commitments:items", community.pk)
    try:
        added = services.items_from_template(
            actor=request.user, community=community, template=form.cleaned_data["template"]
        )
    except Forbidden:
        raise
    except DomainError as exc:
        messages.error(request, exc.messages[0])
    else:
        messages.success(request, _("%(n)d items were added.") % {"n": len(added)})
    return redirect("commitments:items", community.pk)


@login_required
@require_POST
def item_edit(request: HttpRequest, community_pk: int, pk: int) -> HttpResponse:
    gate(request)
    community = community_for(request.user, community_pk)
    item = PledgeItem.objects.filter(community=community, pk=pk).first()
    if item is None:
        raise Http404
    _require_staff(request, community)
    form = ItemEditForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            messages.error(request, str(errors[0]))
        return redirect("commitments:items", community.pk)
    try:
        services.item_update(actor=request.user, item=item, **form.cleaned_data)
    except Forbidden:
        raise
    except DomainError as exc:
        messages.error(request, exc.messages[0])
    else:
        messages.success(request, _("The item was saved."))
    return redirect("commitments:items", community.pk)


# The convention


def _decided_topics(community: Area) -> list[tuple[int, str]]:
    topics = Topic.objects.filter(
        area__path__startswith=community.path,
        state__in=[TopicState.DECIDED, TopicState.DONE],
        decided_on__isnull=False,
    ).order_by("-decided_on", "-pk")[:MAX_TOPICS]
    return [(t.pk, f"{t.decided_on:%Y-%m-%d} {t.title}") for t in topics]


@login_required
@require_http_methods(["GET", "POST"])
def convention(request: HttpRequest, community_pk: int) -> HttpResponse:
    gate(request)
    community = community_for(request.user, community_pk)
    can_write = _staff(request, community)
    current = Convention.objects.filter(community=community).first()
    versions = list(current.versions.select_related("topic", "recorded_by")) if current else []
    topics = _decided_topics(community) if can_write else []
    initial: dict[str, Any] = {"adopted_on": timezone.localdate()}
    if versions:
        initial.update({"articles": versions[0].articles, "title": current.title if current else ""})
    form = ConventionForm(request.POST if request.method == "POST" else None, initial=initial, topics=topics)
    if request.method == "POST":
        _require_staff(request, community)
        if form.is_valid():
            data = form.cleaned_data
            topic = None
            if data["topic"]:
                topic = (
                    Topic.objects.filter(pk=data["topic"], area__path__startswith=community.path)
                    .select_related("area", "council")
                    .first()
                )
            try:
                services.convention_adopt(
                    actor=request.user,
                    community=community,
                    articles=data["articles"],
                    adopted_on=data["adopted_on"],
                    decided_by=data["decided_by"],
                    topic=topic,
                    title=data["title"],
                )
            except Forbidden:
                raise
            except DomainError as exc:
                add_domain_errors(form, exc)
            else:
                messages.success(request, _("The new version was recorded and is on the public board."))
                return redirect("commitments:convention", community.pk)
    context = {
        "community": community,
        "convention": current,
        "versions": versions,
        "form": form,
        "can_write": can_write,
        "nav": NAV,
    }
    return render(request, "commitments/convention.html", context)


# Member cards (党员信息公开): post, shown, photo consent


@login_required
@require_GET
def cards(request: HttpRequest, community_pk: int) -> HttpResponse:
    """The community's members with their board card: a fixed number of queries per page."""
    gate(request)
    community = community_for(request.user, community_pk)
    members = community_members(community).select_related("org", "board_card", "resident__household__area")
    page = paginate(request, members.order_by("org__path", "name_pinyin", "pk"), ROWS_PER_PAGE)
    context = {**page, "community": community, "can_write": _staff(request, community), "nav": NAV}
    return render(request, "commitments/cards.html", context)


@login_required
@photo_uploads
@require_http_methods(["GET", "POST"])
def card(request: HttpRequest, community_pk: int, member_pk: int) -> HttpResponse:
    gate(request)
    community = community_for(request.user, community_pk)
    member = community_members(community).select_related("org").filter(pk=member_pk).first()
    if member is None:
        raise Http404
    _require_staff(request, community)
    current = MemberCard.objects.filter(member=member).select_related("consent_recorded_by").first()
    initial: dict[str, Any] = {"shown": True}
    if current is not None:
        initial = {"post": current.post, "shown": current.shown, "photo_consent": current.photo_consent}
    form = CardForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            photo = None
            if data["photo"]:
                photo = photos_process([data["photo"]])[0].image
            services.card_save(
                actor=request.user,
                member=member,
                community=community,
                post=data["post"],
                shown=data["shown"],
                photo_consent=data["photo_consent"],
                photo=photo,
                remove_photo=data["remove_photo"],
            )
        except Forbidden:
            raise
        except DomainError as exc:
            if hasattr(exc, "error_dict") and "photos" in exc.error_dict:
                for error in exc.error_dict["photos"]:
                    form.add_error("photo", error)
            else:
                add_domain_errors(form, exc)
        else:
            messages.success(request, _("The member's board card was saved."))
            return redirect("commitments:cards", community.pk)
    context = {"community": community, "member": member, "card": current, "form": form, "nav": NAV}
    return render(request, "commitments/card.html", context)


@require_GET
def member_photo(request: HttpRequest, pk: int) -> FileResponse:
    """A member's photo on the public board: only while their consent stands, else 404."""
    row = MemberCard.objects.filter(pk=pk, shown=True, photo_consent=True).exclude(photo="").first()
    if row is None:
        raise Http404
    return stored_file_response(_Photo(row))


class _Photo:
    def __init__(self, row: MemberCard) -> None:
        self.file, self.name, self.content_type, self.is_image = row.photo, "photo.jpg", "image/jpeg", True
