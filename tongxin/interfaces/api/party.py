"""Party organizations and members."""

from enum import StrEnum
from typing import Annotated, Any

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Router
from ninja.pagination import paginate

from tongxin.interfaces.api.schemas import MemberOut, OrgOut
from tongxin.platform.web.api import ERRORS, ApiPagination, Text, acting_user, id_query, node_or_404, text_query
from tongxin.registry.party.models import KIND_FLAGS, MemberKind, Organization, OrgKind
from tongxin.registry.party.queries import member_list, orgs_visible_to

router = Router(tags=["party"])

# The member filter mixes the relationship kind with two flags (a retired member may be
# needy), as the member list page does; an enum makes bad values a 422 and documents them.
MemberFilter = StrEnum("MemberFilter", {value: value for value in [*MemberKind.values, *KIND_FLAGS]})  # type: ignore[misc]


@router.get(
    "/orgs",
    response={200: list[OrgOut], **ERRORS},
    url_name="orgs",
    operation_id="list_orgs",
    summary="Party organizations",
)
@paginate(ApiPagination)
def org_list_view(
    request: HttpRequest,
    parent: Annotated[int | None, id_query("only the direct children of this organization")] = None,
    node: Annotated[int | None, id_query("this organization and everything under it")] = None,
    kind: OrgKind | None = None,
    search: Annotated[Text | None, text_query("part of the name")] = None,
) -> Any:
    user = acting_user(request)
    qs: QuerySet[Organization] = orgs_visible_to(user)
    parent_org = node_or_404(user, Organization, parent)
    if parent_org is not None:
        qs = qs.filter(parent=parent_org)
    node_org = node_or_404(user, Organization, node)
    if node_org is not None:
        qs = qs.filter(path__startswith=node_org.path)
    if kind:
        qs = qs.filter(kind=kind)
    term = (search or "").strip()
    if term:
        qs = qs.filter(name__icontains=term)
    return qs.order_by("path")


@router.get(
    "/members",
    response={200: list[MemberOut], **ERRORS},
    url_name="members",
    operation_id="list_members",
    summary="Party members",
)
@paginate(ApiPagination)
def member_list_view(
    request: HttpRequest,
    node: Annotated[int | None, id_query("members of this organization and those under it")] = None,
    kind: MemberFilter | None = None,
    search: Annotated[Text | None, text_query("name, pinyin, pinyin initials, or an exact ID / phone number")] = None,
) -> Any:
    user = acting_user(request)
    return member_list(
        user,
        node=node_or_404(user, Organization, node),
        kind=kind.value if kind else "",
        search=search or "",
    )
