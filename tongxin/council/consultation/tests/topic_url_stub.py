"""The site's URLs with a stand-in for "consultation:topic" (the staff topic page, built in another
part of issue 14), for the tests that follow a redirect or a notice to it. Used only when the real
page is not there (see `topic_page_url` in test_handover.py)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.urls import URLResolver, include, path

from tongxin import urls as site
from tongxin.council.consultation import urls as consultation


def _topic(request: HttpRequest, pk: int) -> HttpResponse:
    return HttpResponse(f"topic {pk}")


_patterns = [*consultation.urlpatterns, path("councils/topics/<int:pk>/", _topic, name="topic")]

urlpatterns = [
    path("", include((_patterns, "consultation"))),
    *[p for p in site.urlpatterns if not (isinstance(p, URLResolver) and p.namespace == "consultation")],
]
handler404 = site.handler404
handler403 = site.handler403
handler500 = site.handler500
