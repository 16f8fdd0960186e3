from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.test import RequestFactory

from tongxin.platform.access.roles import Perm
from tongxin.platform.core.exceptions import Forbidden
from tongxin.platform.web.perms import ForbiddenMiddleware, require_perm


def test_forbidden_from_a_view_is_the_403_page(db):
    request = RequestFactory().get("/x/")
    request.user = AnonymousUser()
    middleware = ForbiddenMiddleware(lambda r: HttpResponse())
    response = middleware.process_exception(request, Forbidden("no"))
    assert response is not None and response.status_code == 403
    assert middleware.process_exception(request, ValueError("other")) is None


def test_require_perm_refuses_a_role_without_it(rf, grid_worker, secretary):
    @require_perm(Perm.SERVICE)
    def view(request):
        return HttpResponse("ok")

    request = rf.get("/x/")
    request.user = grid_worker
    with pytest.raises(PermissionDenied):
        view(request)
    request.user = secretary
    assert view(request).status_code == 200
