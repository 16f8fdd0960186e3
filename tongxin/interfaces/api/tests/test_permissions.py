"""The permission matrix of the API: every URL × every persona → the expected status.

`API_MATRIX` rows are (url name, persona, expected status); the project's meta-test reads
them to check that every API URL pattern has a row. Detail URLs name one object of the
hand-made world (see `URL_KWARGS`): 张三 and grid 1, so some personas see them and others
get 404, exactly as for a guessed id.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.urls import reverse

from conftest import PERSONAS, World, world_copy
from tongxin.interfaces.api.tests.case_world import grid1_case

# Who is in scope for 张三 (building 1, grid 1, community 甲).
ZHANGSAN_SEEN_BY = {"admin_user", "street_officer", "secretary", "grid_worker", "building_leader"}
# Who sees grid 1 itself (a building leader's scope starts below it, at building 1).
GRID1_SEEN_BY = {"admin_user", "street_officer", "secretary", "grid_worker"}
# A case in building 1 is seen by those who see the building (cases_visible_to).
CASE_SEEN_BY = ZHANGSAN_SEEN_BY

URL_KWARGS: dict[str, Callable[[World], dict[str, Any]]] = {
    "api:area_detail": lambda w: {"area_id": w.grid1.pk},
    "api:resident_detail": lambda w: {"resident_id": w.zhangsan.pk},
    "api:docs_asset": lambda w: {"name": "swagger-ui.css"},
    "api:case_detail": lambda w: {"case_id": grid1_case(w).pk},
    "api:case_transitions": lambda w: {"case_id": grid1_case(w).pk},
    "api:member_dues": lambda w: {"member_id": w.member1.pk},
    "api:team": lambda w: {"team_id": _team(w).pk},
    "api:activity": lambda w: {"activity_id": _activity(w).pk},
    "api:visit": lambda w: {"visit_id": _visit(w).pk},
    "api:council_meetings": lambda w: {"council_id": _council(w).pk},
    "api:topic_detail": lambda w: {"topic_id": _topic(w).pk},
    "api:topic_steps": lambda w: {"topic_id": _topic(w).pk},
}


def _team(w: World) -> Any:
    """A volunteer team of community 甲."""
    from tongxin.volunteering.service.tests.support import team

    return team(w.community, "维修服务队")


def _activity(w: World) -> Any:
    """The Friday activity day of community 甲, run by its team."""
    from tongxin.volunteering.activities.tests.support import friday_activity

    return friday_activity(w.community, [_team(w)])


def _visit(w: World) -> Any:
    """A visit to household 101 (building 1, grid 1)."""
    import datetime

    from tongxin.fieldwork.visits.tests.support import visit

    return visit(w.household1, datetime.date(2026, 3, 2), "李网格员")


def _council(w: World) -> Any:
    """A democratic consultation council of community 甲 (民主协商议事会)."""
    from tongxin.council.consultation.tests.support import council

    return council(w.community, members=2)


def _topic(w: World) -> Any:
    """A topic raised about building 1 (grid 1, community 甲)."""
    from tongxin.council.consultation.tests.support import topic

    return topic(w.building1)


# A team or an activity of community 甲 is seen by those who see the community itself.
COMMUNITY_SEEN_BY = {"admin_user", "street_officer", "secretary"}

# Who reads 赵党员's dues (branch 1): those holding VIEW_DUES above it, and the member himself;
# a grid worker sees the member in the registry but not the dues (403).
MEMBER1_DUES_SEEN_BY = {"admin_user", "street_officer", "secretary", "org_secretary", "party_member"}

LISTS = [
    "api:areas",
    "api:households",
    "api:residents",
    "api:orgs",
    "api:members",
    "api:units",
    "api:cases",
    "api:meetings",
    "api:teams",
    "api:activities",
    "api:visits",
    "api:councils",
    "api:topics",
    "api:decisions",
    # honours: awards with their nominations (tongxin/council/honours/tests/test_api.py)
    "api:honours",
]
# The compliance matrix needs a role that browses the organization tree (without ?org= it
# covers the top of the caller's scope); org=<out of scope> is a 404 (tongxin/partylife/meetings/tests).
COMPLIANCE_REFUSED = {"party_member", "unit_contact", "outsider"}


def _expected(url_name: str, persona: str) -> int:
    if url_name in {"api:openapi-json", "api:openapi-view", "api:docs_asset"}:
        return 200  # the schema and its viewer hold no data
    if url_name in {"api:api-root", "api:not_found"}:
        return 404
    if url_name in {"api:case_transitions", "api:topic_steps"}:
        return 405  # POST only (ninja answers the method before authenticating); see test_cases_permissions.py
    if persona == "anonymous":
        return 401
    if url_name in LISTS:
        return 200  # a list is never refused: it holds only what the caller may see
    if url_name == "api:compliance":
        return 403 if persona in COMPLIANCE_REFUSED else 200
    if url_name == "api:dues_rate":
        return 422  # kind and income are required; see tongxin/partylife/dues/tests/test_api.py
    if url_name == "api:member_dues":
        return 200 if persona in MEMBER1_DUES_SEEN_BY else 403 if persona == "grid_worker" else 404
    seen_by = {
        "api:area_detail": GRID1_SEEN_BY,
        "api:resident_detail": ZHANGSAN_SEEN_BY,
        "api:case_detail": CASE_SEEN_BY,
        "api:team": COMMUNITY_SEEN_BY,
        "api:activity": COMMUNITY_SEEN_BY,
        "api:visit": ZHANGSAN_SEEN_BY,
        # A council of community 甲 is seen by those who see the community; a topic of building 1
        # by those who see the building (POST steps: tongxin/council/consultation/tests/test_api.py).
        "api:council_meetings": COMMUNITY_SEEN_BY,
        "api:topic_detail": ZHANGSAN_SEEN_BY,
    }[url_name]
    return 200 if persona in seen_by else 404


API_URL_NAMES = [
    *LISTS,
    "api:area_detail",
    "api:resident_detail",
    "api:case_detail",
    "api:case_transitions",
    "api:team",
    "api:activity",
    "api:visit",
    "api:member_dues",
    "api:council_meetings",
    "api:topic_detail",
    "api:topic_steps",
    "api:dues_rate",
    "api:compliance",
    "api:openapi-json",
    "api:openapi-view",
    "api:docs_asset",
    "api:api-root",
    "api:not_found",
]


# --- ratings (评星定级): the rounds of community 甲's 星级楼组, read by admin, subdistrict and secretary
# (a list is never refused: empty for the others; a round outside the caller's reach answers 404).
def _rating_round(w: World) -> Any:
    from tongxin.council.ratings.tests.support import open_round, scheme

    return open_round(scheme(w.community))


LISTS.append("api:rating_rounds")
API_URL_NAMES += ["api:rating_rounds", "api:rating_round"]
URL_KWARGS["api:rating_round"] = lambda w: {"round_id": _rating_round(w).pk}
_expected_before_ratings = _expected


def _expected(url_name: str, persona: str) -> int:  # type: ignore[no-redef]
    if url_name == "api:rating_round" and persona != "anonymous":
        return 200 if persona in COMMUNITY_SEEN_BY else 404
    return _expected_before_ratings(url_name, persona)


# --- end of ratings


# --- mediation (tongxin/council/mediation): cases of community 甲 are read by the office over it and
# the subdistrict above it; a list is never refused (it holds only what the caller may see).
def _mediation(w: World) -> Any:
    from tongxin.council.mediation.tests.support import case, committee, with_party

    return with_party(case(committee(w.community, mediators=1))).case


URL_KWARGS["api:mediation_detail"] = lambda w: {"case_id": _mediation(w).pk}
LISTS.append("api:mediations")
API_URL_NAMES += ["api:mediations", "api:mediation_detail"]
_expected_before_mediation = _expected


def _expected(url_name: str, persona: str) -> int:  # type: ignore[no-redef]  # noqa: F811  (mediation's rows first)
    if url_name == "api:mediation_detail" and persona != "anonymous":
        return 200 if persona in COMMUNITY_SEEN_BY else 404
    return _expected_before_mediation(url_name, persona)


# --- end of mediation ---------------------------------------------------------------------------------------


# --- projects (tongxin/cobuilding/projects): a need and a project of community 甲 (the unit 示范医院's);
# staff over the community and the subdistrict read them, the unit's contact reads the need open to
# its community and its unit's project; the claim is POST only.
def _projects_need(w: World) -> Any:
    from tongxin.cobuilding.projects.tests.support import need

    return need(w.community)


def _projects_project(w: World) -> Any:
    from tongxin.cobuilding.projects.tests.support import project

    return project(_projects_need(w), w.unit)


URL_KWARGS["api:need_detail"] = lambda w: {"need_id": _projects_need(w).pk}
URL_KWARGS["api:need_claim"] = lambda w: {"need_id": _projects_need(w).pk}
URL_KWARGS["api:project_detail"] = lambda w: {"project_id": _projects_project(w).pk}
LISTS += ["api:needs", "api:projects"]
API_URL_NAMES += ["api:needs", "api:need_detail", "api:need_claim", "api:projects", "api:project_detail"]
_expected_before_projects = _expected


def _expected(url_name: str, persona: str) -> int:  # type: ignore[no-redef]  # noqa: F811  (projects' rows first)
    if url_name == "api:need_claim":
        return 405  # POST only; its answers are in tongxin/cobuilding/projects/tests/test_api.py
    if url_name in {"api:need_detail", "api:project_detail"} and persona != "anonymous":
        return 200 if persona in COMMUNITY_SEEN_BY | {"unit_contact"} else 404
    return _expected_before_projects(url_name, persona)


# --- end of projects ------------------------------------------------------------------------------------
# --- agreements and resources (tongxin/cobuilding/agreements, resources): 示范医院 of community 甲 is read
# by co-building staff over it, the subdistrict above it, and the unit's own contact; a list is never refused.
AGREEMENT_SEEN_BY = {*COMMUNITY_SEEN_BY, "unit_contact"}


def _agreement(w: World) -> Any:
    from tongxin.cobuilding.agreements.tests.support import signed_agreement

    return signed_agreement(w.unit, w.community)


def _resource(w: World) -> Any:
    from tongxin.cobuilding.resources.tests.support import hall

    return hall(w.unit, w.community)


URL_KWARGS["api:agreement"] = lambda w: {"agreement_id": _agreement(w).pk}
URL_KWARGS["api:resource"] = lambda w: {"resource_id": _resource(w).pk}
LISTS.extend(["api:agreements", "api:resources"])
API_URL_NAMES += ["api:agreements", "api:agreement", "api:resources", "api:resource"]
_expected_before_cobuilding = _expected


def _expected(url_name: str, persona: str) -> int:  # type: ignore[no-redef]  # noqa: F811  (co-building's rows first)
    if url_name in {"api:agreement", "api:resource"} and persona != "anonymous":
        return 200 if persona in AGREEMENT_SEEN_BY else 404
    return _expected_before_cobuilding(url_name, persona)


# --- end of agreements and resources ---------------------------------------------------------------------
# --- campaigns (tongxin/fieldwork/campaigns): a running sweep of every household of community 甲 is read by
# the office and the subdistrict over it, and by the grid workers and the building leader with targets in it.
CAMPAIGN_SEEN_BY = {*COMMUNITY_SEEN_BY, "grid_worker", "neighbour_grid_worker", "building_leader"}


def _campaign(w: World) -> Any:
    from tongxin.fieldwork.campaigns.tests.support import campaign

    return campaign(w.community)


URL_KWARGS["api:campaign"] = lambda w: {"campaign_id": _campaign(w).pk}
LISTS.append("api:campaigns")
API_URL_NAMES += ["api:campaigns", "api:campaign"]
_expected_before_campaigns = _expected


def _expected(url_name: str, persona: str) -> int:  # type: ignore[no-redef]  # noqa: F811  (campaigns' rows first)
    if url_name == "api:campaign" and persona != "anonymous":
        return 200 if persona in CAMPAIGN_SEEN_BY else 404
    return _expected_before_campaigns(url_name, persona)


# --- end of campaigns ------------------------------------------------------------------------------------
# --- places (tongxin/registry/places): the service centre of community 甲 is read by whoever views the
# community or an area under it (its grid workers and building leader too); a list is never refused.
PLACE_SEEN_BY = {*COMMUNITY_SEEN_BY, "grid_worker", "neighbour_grid_worker", "building_leader"}


def _place(w: World) -> Any:
    from tongxin.registry.places.tests.support import centre

    return centre(w.community)


URL_KWARGS["api:place"] = lambda w: {"place_id": _place(w).pk}
LISTS.append("api:places")
API_URL_NAMES += ["api:places", "api:place"]
_expected_before_places = _expected


def _expected(url_name: str, persona: str) -> int:  # type: ignore[no-redef]  # noqa: F811  (places' rows first)
    if url_name == "api:place" and persona != "anonymous":
        return 200 if persona in PLACE_SEEN_BY else 404
    return _expected_before_places(url_name, persona)


# --- end of places -------------------------------------------------------------------------------------------
# --- notices (tongxin/fieldwork/notices): a notice of community 甲 is read by those who run notices over it
# (Perm.CAMPAIGN) and by the subdistrict above it; the grid workers deliver it from their pages, not the API.


def _notice(w: World) -> Any:
    from tongxin.fieldwork.notices.tests.support import sent_notice

    return sent_notice(w.community)


URL_KWARGS["api:notice"] = lambda w: {"notice_id": _notice(w).pk}
LISTS.append("api:notices")
API_URL_NAMES += ["api:notices", "api:notice"]
_expected_before_notices = _expected


def _expected(url_name: str, persona: str) -> int:  # type: ignore[no-redef]  # noqa: F811  (notices' rows first)
    if url_name == "api:notice" and persona != "anonymous":
        return 200 if persona in COMMUNITY_SEEN_BY else 404
    return _expected_before_notices(url_name, persona)


# --- end of notices ---------------------------------------------------------------------------------------
# --- errands (tongxin/frontdesk/errands): an errand for 张三 of community 甲 is read by the front desk
# over it (admin, the secretary) and the subdistrict above it; anyone else gets 404; a list is never refused.
def _errand(w: World) -> Any:
    from tongxin.frontdesk.errands.tests.support import errand

    return errand(w.community, resident=w.zhangsan)


URL_KWARGS["api:errand"] = lambda w: {"errand_id": _errand(w).pk}
LISTS.append("api:errands")
API_URL_NAMES += ["api:errands", "api:errand"]
_expected_before_errands = _expected


def _expected(url_name: str, persona: str) -> int:  # type: ignore[no-redef]  # noqa: F811  (errands' rows first)
    if url_name == "api:errand" and persona != "anonymous":
        return 200 if persona in {"admin_user", "street_officer", "secretary"} else 404
    return _expected_before_errands(url_name, persona)


# --- end of errands ---------------------------------------------------------------------------------------


# --- estates (tongxin/estates): an estate of community 甲 with a published ledger is read by Perm.ESTATE
# over it (admin, secretary) and the subdistrict above it; out of reach 404; a list is never refused.
def _estate_ledger(w: World) -> Any:
    import datetime

    from django.utils import timezone

    from tongxin.estates.ledger.tests.support import published_estate

    last_month = (timezone.localdate().replace(day=1) - datetime.timedelta(days=1)).replace(day=1)
    return published_estate(w.community, last_month)[0]


URL_KWARGS["api:estate_ledger"] = lambda w: {"estate_id": _estate_ledger(w).pk}
LISTS.append("api:estates")
API_URL_NAMES += ["api:estates", "api:estate_ledger"]
_expected_before_estates = _expected


def _expected(url_name: str, persona: str) -> int:  # type: ignore[no-redef]  # noqa: F811  (estates' rows first)
    if url_name == "api:estate_ledger" and persona != "anonymous":
        return 200 if persona in COMMUNITY_SEEN_BY else 404
    return _expected_before_estates(url_name, persona)


# --- end of estates ---------------------------------------------------------------------------------------


API_MATRIX: list[tuple[str, str, int]] = [
    (url_name, persona, _expected(url_name, persona)) for url_name in API_URL_NAMES for persona in PERSONAS
]


def test_matrix_covers_every_api_url_pattern():
    from tongxin.interfaces.api.urls import urlpatterns

    names = {f"api:{pattern.name}" for pattern in urlpatterns[0].url_patterns}
    assert names == {row[0] for row in API_MATRIX}


@pytest.fixture
def world(world_once: World, db: None) -> World:
    """The world is built once for the module; each test gets its own copy and savepoint."""
    return world_copy(world_once)


@pytest.mark.usefixtures("nothing_left_behind")
@pytest.mark.parametrize("url_name,persona,expected", API_MATRIX, indirect=["persona"])
def test_api_permission_matrix(client, world, url_name, persona, expected):
    url = reverse(url_name, kwargs=URL_KWARGS.get(url_name, lambda w: None)(world))
    if persona is not None:
        client.force_login(persona)
    response = client.get(url)
    assert response.status_code == expected, (url, persona, response.content[:200])


@pytest.mark.parametrize(
    "url_name,persona,expected",
    [row for row in API_MATRIX if row[0] in {"api:residents", "api:resident_detail", "api:area_detail"}],
    indirect=["persona"],
)
@pytest.mark.usefixtures("nothing_left_behind")
def test_api_permission_matrix_with_token(client, world, url_name, persona, expected):
    """The same table holds when the caller authenticates with a bearer token (scoped URLs only)."""
    from tongxin.platform.access.tokens import token_issue

    url = reverse(url_name, kwargs=URL_KWARGS.get(url_name, lambda w: None)(world))
    headers = {"Authorization": f"Bearer {token_issue(user=persona)}"} if persona is not None else {}
    response = client.get(url, headers=headers)
    assert response.status_code == expected, (url, persona, response.content[:200])
