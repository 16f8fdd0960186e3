from django.urls import include, path

urlpatterns = [
    path("", include("tongxin.core.urls")),
    path("", include("tongxin.access.urls")),
    path("", include("tongxin.areas.urls")),
    path("", include("tongxin.people.urls")),
    path("", include("tongxin.party.urls")),
    path("", include("tongxin.dues.urls")),
    path("", include("tongxin.meetings.urls")),
    path("", include("tongxin.development.urls")),
    path("", include("tongxin.transfers.urls")),
    path("", include("tongxin.inservice.urls")),
    path("", include("tongxin.points.urls")),
    path("", include("tongxin.service.urls")),
    path("", include("tongxin.activities.urls")),
    path("", include("tongxin.programmes.urls")),
    path("", include("tongxin.visits.urls")),
    path("", include("tongxin.pairing.urls")),
    path("", include("tongxin.reports.urls")),
    path("", include("tongxin.cobuild.urls")),
    path("", include("tongxin.cases.urls")),
    path("", include("tongxin.public.urls")),
    path("", include("tongxin.inbox.urls")),
    path("", include("tongxin.open311.urls")),
    path("", include("tongxin.api.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
]

handler404 = "tongxin.core.views.not_found"
handler403 = "tongxin.core.views.forbidden"
handler500 = "tongxin.core.views.server_error"
