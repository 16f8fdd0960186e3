from django.urls import include, path

urlpatterns = [
    path("", include("tongxin.platform.core.urls")),
    path("", include("tongxin.interfaces.home.urls")),
    path("", include("tongxin.platform.access.urls")),
    path("", include("tongxin.platform.calendar.urls")),
    path("", include("tongxin.registry.areas.urls")),
    path("", include("tongxin.registry.people.urls")),
    path("", include("tongxin.registry.party.urls")),
    path("", include("tongxin.partylife.dues.urls")),
    path("", include("tongxin.partylife.meetings.urls")),
    path("", include("tongxin.partylife.development.urls")),
    path("", include("tongxin.partylife.transfers.urls")),
    path("", include("tongxin.partylife.inservice.urls")),
    path("", include("tongxin.partylife.points.urls")),
    path("", include("tongxin.volunteering.service.urls")),
    path("", include("tongxin.volunteering.activities.urls")),
    path("", include("tongxin.volunteering.programmes.urls")),
    path("", include("tongxin.fieldwork.visits.urls")),
    path("", include("tongxin.council.consultation.urls")),
    path("", include("tongxin.council.mediation.urls")),
    path("", include("tongxin.council.ratings.urls")),
    path("", include("tongxin.council.honours.urls")),
    path("", include("tongxin.council.commitments.urls")),
    path("", include("tongxin.council.boards.urls")),
    path("", include("tongxin.volunteering.pairing.urls")),
    path("", include("tongxin.interfaces.reports.urls")),
    path("", include("tongxin.registry.cobuild.urls")),
    path("", include("tongxin.grid.cases.urls")),
    path("", include("tongxin.interfaces.public.urls")),
    path("", include("tongxin.platform.inbox.urls")),
    path("", include("tongxin.grid.open311.urls")),
    path("", include("tongxin.interfaces.api.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
]

handler404 = "tongxin.platform.core.views.not_found"
handler403 = "tongxin.platform.core.views.forbidden"
handler500 = "tongxin.platform.core.views.server_error"
