from django.urls import include, path

from tongxin.volunteering.pairing import views

pairing_patterns: tuple[list, str] = (
    [
        path("", views.beneficiary_list, name="list"),
        path("new/", views.beneficiary_create, name="create"),
        path("mine/", views.mine, name="mine"),
        path("figures/", views.figures, name="figures"),
        path("<int:pk>/", views.beneficiary_detail, name="detail"),
        path("<int:pk>/pair/", views.pairing_start, name="start"),
        path("pairings/<int:pk>/visit/", views.visit_create, name="visit"),
        path("pairings/<int:pk>/close/", views.pairing_close, name="close"),
        path("photos/<int:pk>/", views.photo, name="photo"),
        path("photos/<int:pk>/thumbnail/", views.photo, {"thumbnail": True}, name="photo_thumb"),
    ],
    "pairing",
)

urlpatterns = [path("pairing/", include(pairing_patterns))]
