from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest

from tongxin.platform.access.roles import Perm, Role
from tongxin.platform.access.scope import scope_for
from tongxin.platform.core.trees import AREA

# Residents without an account read the public pages too: their 大字版 is kept in the session.
ELDER_MODE_SESSION_KEY = "elder_mode"


def access(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        # A visitor's 大字版 is kept in the session (access.views.elder_mode); read it only
        # when there is a session cookie, so that other visitors' pages stay cacheable.
        session = getattr(request, "session", None)
        if session is not None and request.COOKIES.get(settings.SESSION_COOKIE_NAME):
            return {"elder_mode": bool(session.get(ELDER_MODE_SESSION_KEY, False))}
        return {}
    scope = scope_for(user)
    return {
        "can": {
            "view": scope.has_perm(Perm.VIEW),
            "view_units": scope.has_perm(Perm.VIEW_UNITS),
            "edit_people": scope.has_perm(Perm.EDIT_PEOPLE),
            "edit_tree": scope.has_perm(Perm.EDIT_TREE),
            "audit": scope.has_perm(Perm.AUDIT),
            "manage_users": scope.has_perm(Perm.MANAGE_USERS),
            "meetings": scope.has_perm(Perm.MEETINGS),
            "party_work": scope.has_perm(Perm.PARTY_WORK),
            "view_dues": scope.has_perm(Perm.VIEW_DUES),
            "service": scope.has_perm(Perm.SERVICE),
            "visit": scope.has_perm(Perm.VISIT),
            "calendar": scope.has_perm(Perm.CALENDAR),
            # Teams, activities, programmes and visits are kept by places: an org secretary's
            # organization tree alone holds none of them.
            "view_places": scope.is_admin or bool(scope.prefixes(AREA, Perm.VIEW)),
            # Councils and topics (协商议事) are kept by communities and villages: who runs them, and
            # the subdistrict that supervises. A grid worker's or a building leader's place holds
            # few of them and nothing there is theirs to do; an org secretary's tree holds none.
            "view_councils": scope.has_perm(Perm.CONSULT) or Role.SUBDISTRICT in scope.roles,
            # Mediation (人民调解) is the community's and the village's; the subdistrict reads its figures.
            "mediate": scope.has_perm(Perm.MEDIATE),
            "view_mediation": scope.has_perm(Perm.MEDIATE) or Role.SUBDISTRICT in scope.roles,
            # Ratings, honours, pledges and the public boards: kept by the community, read by the subdistrict.
            "recognise": scope.has_perm(Perm.RECOGNISE),
            "view_recognition": scope.has_perm(Perm.RECOGNISE) or Role.SUBDISTRICT in scope.roles,
            # Co-building (共驻共建) is run by the community; the subdistrict reads it; a unit contact
            # has the unit's own portal (/unit/) instead.
            "cobuild": scope.has_perm(Perm.COBUILD),
            "view_cobuild": scope.has_perm(Perm.COBUILD) or Role.SUBDISTRICT in scope.roles,
            "unit_portal": Role.UNIT_CONTACT in scope.roles,
            # Campaigns and notices are set up by the community and checked or delivered on the
            # ground by grid workers and building leaders; the subdistrict reads them.
            "campaign": scope.has_perm(Perm.CAMPAIGN),
            "view_campaigns": scope.has_perm(Perm.CAMPAIGN)
            or scope.has_perm(Perm.VISIT)
            or Role.SUBDISTRICT in scope.roles,
            # The front desk's rota and errands are the community office's; the subdistrict reads them.
            "front_desk": scope.has_perm(Perm.FRONT_DESK),
            "view_front_desk": scope.has_perm(Perm.FRONT_DESK) or Role.SUBDISTRICT in scope.roles,
            # Estates without a property company: kept by the community, read by the subdistrict.
            "estate": scope.has_perm(Perm.ESTATE),
            "view_estates": scope.has_perm(Perm.ESTATE) or Role.SUBDISTRICT in scope.roles,
        },
        "elder_mode": user.elder_mode,
        "my_roles": [{"label": Role(role).label, "node": node} for role, node in scope.labels],
    }
