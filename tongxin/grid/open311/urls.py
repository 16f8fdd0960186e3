"""GeoReport v2 under /open311/v2/ (mounted at the site root by tongxin/urls.py)."""

from django.urls import include, path, re_path

from tongxin.grid.open311 import views

georeport_patterns = (
    [
        path("discovery.json", views.discovery, name="discovery"),
        path("services.json", views.services, name="services"),
        path("services/<str:service_code>.json", views.service_definition, name="service_definition"),
        path("requests.json", views.requests, name="requests"),
        path("requests/<str:request_id>.json", views.request_detail, name="request_detail"),
        path("tokens/<str:token>.json", views.token, name="token"),
        # Last: anything else under /open311/v2/ (an .xml format, a typo) is a GeoReport 404.
        re_path(r"^.*$", views.not_found, name="not_found"),
    ],
    "open311",
)

urlpatterns = [path("open311/v2/", include(georeport_patterns))]
