from django.urls import include, path

from tongxin.grid.cases import figures_views, handover_views, map_views, photo_views, views

case_patterns = (
    [
        path("", views.index, name="list"),
        path("new/", views.report, name="report"),
        path("figures/", figures_views.figures, name="figures"),
        path("map/", map_views.case_map, name="map"),
        path("map/data.geojson", map_views.map_data, name="map_data"),
        path("<int:pk>/", views.detail, name="detail"),
        path("<int:pk>/transition/", views.transition, name="transition"),
        path("<int:pk>/supervision/", views.supervision, name="supervision"),
        path("<int:pk>/place/", views.place, name="place"),
        path("households/", views.households, name="households"),
        path("places/", views.places, name="places"),
        path("<int:pk>/photos/<int:photo_pk>/", photo_views.photo, name="photo"),
        path("<int:pk>/photos/<int:photo_pk>/thumbnail/", photo_views.photo, {"thumbnail": True}, name="photo_thumb"),
        path("<int:pk>/merge/", handover_views.merge, name="merge"),
        path("<int:pk>/handover/", handover_views.hand_over, name="handover"),
        path("<int:pk>/handover/<int:handover_pk>/", handover_views.answer, name="handover_answer"),
        path("handovers/", handover_views.handovers, name="handovers"),
    ],
    "cases",
)

urlpatterns = [path("cases/", include(case_patterns))]
