from django.urls import include, path

from tongxin.registry.cobuild import views

unit_patterns = (
    [
        path("", views.index, name="list"),
        path("new/", views.create, name="create"),
        path("<int:pk>/", views.detail, name="detail"),
        path("<int:pk>/edit/", views.edit, name="edit"),
        path("<int:pk>/delete/", views.delete, name="delete"),
        path("<int:pk>/contacts/", views.contact_create, name="contact_create"),
        path("contacts/<int:pk>/delete/", views.contact_delete, name="contact_delete"),
        path("contacts/<int:pk>/reveal/", views.contact_reveal, name="contact_reveal"),
    ],
    "units",
)

urlpatterns = [path("units/", include(unit_patterns))]
