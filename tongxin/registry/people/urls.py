from django.urls import include, path

from tongxin.registry.people import views

resident_patterns = (
    [
        path("", views.index, name="list"),
        path("new/", views.create, name="create"),
        path("export.xlsx", views.export, name="export"),
        path("<int:pk>/", views.detail, name="detail"),
        path("<int:pk>/edit/", views.edit, name="edit"),
        path("<int:pk>/delete/", views.delete, name="delete"),
        path("<int:pk>/reveal/", views.reveal, name="reveal"),
    ],
    "residents",
)

urlpatterns = [path("residents/", include(resident_patterns))]
