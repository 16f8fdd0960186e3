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
household_patterns = (
    [
        path("", views.household_index, name="list"),
        path("new/", views.household_create, name="create"),
        path("<int:pk>/", views.household_detail, name="detail"),
        path("<int:pk>/edit/", views.household_edit, name="edit"),
        path("<int:pk>/delete/", views.household_delete, name="delete"),
    ],
    "households",
)

urlpatterns = [
    path("areas/", include(area_patterns)),
    path("households/", include(household_patterns)),
]
