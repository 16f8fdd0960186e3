from django.urls import include, path

from tongxin.registry.areas import views

area_patterns = (
    [
        path("", views.tree, name="tree"),
        path("new/", views.create, name="create"),
        path("<int:pk>/", views.detail, name="detail"),
        path("<int:pk>/children/", views.children, name="children"),
        path("<int:pk>/edit/", views.edit, name="edit"),
        path("<int:pk>/move/", views.move, name="move"),
        path("<int:pk>/estates/", views.estate_create, name="estate_create"),
    ],
    "areas",
)
urlpatterns = [
    path("areas/", include(area_patterns)),
]
