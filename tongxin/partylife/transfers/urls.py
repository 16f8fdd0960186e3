from django.urls import include, path

from tongxin.partylife.transfers import views

transfers_patterns: tuple[list, str] = (
    [
        path("", views.transfer_index, name="list"),
        path("new/", views.transfer_create, name="create"),
        path("<int:pk>/", views.transfer_detail, name="detail"),
        path("<int:pk>/transition/", views.transfer_transition, name="transition"),
        path("floating/", views.floating_index, name="floating"),
        path("floating/new/", views.floating_create, name="floating_create"),
        path("floating/<str:kind>/<int:pk>/", views.floating_detail, name="floating_detail"),
        path("floating/out/<int:pk>/contacts/", views.contact_create, name="contact_create"),
        path("floating/<str:kind>/<int:pk>/end/", views.floating_end, name="floating_end"),
    ],
    "transfers",
)

urlpatterns = [path("transfers/", include(transfers_patterns))]
