"""places: its pages, and the public place page (no account)."""

from django.urls import path

from tongxin.registry.places import views

app_name = "places"

urlpatterns = [
    path("places/", views.places, name="list"),
    path("places/new/", views.place_new, name="new"),
    path("places/<int:pk>/", views.place_detail, name="place"),
    path("places/<int:pk>/edit/", views.place_edit, name="edit"),
    path("places/<int:pk>/photos/", views.photo_add, name="photo_add"),
    path("places/photos/<int:pk>/", views.photo, name="photo"),
    path("places/photos/<int:pk>/remove/", views.photo_remove, name="photo_remove"),
    path("public/places/<int:pk>/", views.public_place_page, name="public"),
    path("public/places/photos/<int:pk>/", views.public_photo, name="public_photo"),
]
