"""The JSON API at /api/v1/: read-only views of the registries, scoped exactly like the pages."""

from __future__ import annotations

from ninja import NinjaAPI

from tongxin.cobuilding.agreements import api as agreements_api
from tongxin.cobuilding.projects import api as projects_api
from tongxin.cobuilding.resources import api as resources_api
from tongxin.council.consultation import api as consultation_api
from tongxin.council.honours import api as honours_api
from tongxin.council.mediation import api as mediation_api
from tongxin.council.ratings import api as ratings_api
from tongxin.estates.ledger import api as ledger_api
from tongxin.fieldwork.campaigns import api as campaigns_api
from tongxin.fieldwork.notices import api as notices_api
from tongxin.fieldwork.visits import api as visits_api
from tongxin.frontdesk.errands import api as errands_api
from tongxin.interfaces.api import areas, cases, cobuild, party, people
from tongxin.interfaces.api.auth import API_AUTH
from tongxin.interfaces.api.docs import LocalSwagger
from tongxin.interfaces.api.errors import install_error_handlers
from tongxin.partylife.dues import api as dues_api
from tongxin.partylife.meetings import api as meetings
from tongxin.registry.places import api as places_api
from tongxin.volunteering.activities import api as activities_api
from tongxin.volunteering.service import api as service_api

api = NinjaAPI(
    title="Tongxin API",
    version="1",
    description=(
        "Tongxin's registries (read-only), grid cases (report, move through the workflow), volunteer "
        "teams, activities and door-to-door visits (read-only), councils and their topics (议题: read, and take a "
        "topic's next step). "
        "Every list and object is limited to the caller's "
        "scope; anything outside it answers 404. Personal numbers are always masked. "
        "Authenticate with the browser session or `Authorization: Bearer <key>` "
        "(keys from `manage.py issue_token`)."
    ),
    urls_namespace="api",
    auth=API_AUTH,
    docs=LocalSwagger(),
    docs_url="/docs",
)
install_error_handlers(api)
api.add_router("", areas.router)
api.add_router("", people.router)
api.add_router("", party.router)
api.add_router("", dues_api.router)
api.add_router("", cobuild.router)
api.add_router("", cases.router)
api.add_router("", meetings.router)
api.add_router("", service_api.router)
api.add_router("", activities_api.router)
api.add_router("", visits_api.router)
api.add_router("", consultation_api.router)

api.add_router("", mediation_api.router)

api.add_router("", ratings_api.router)

api.add_router("", honours_api.router)

api.add_router("", agreements_api.router)

api.add_router("", resources_api.router)

api.add_router("", projects_api.router)

api.add_router("", campaigns_api.router)

api.add_router("", notices_api.router)

api.add_router("", errands_api.router)

api.add_router("", ledger_api.router)

api.add_router("", places_api.router)
