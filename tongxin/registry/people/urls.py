from django.urls import include, path

from tongxin.registry.areas import views as area_views
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

# A household's own page lists its residents, so the households' pages are this app's; the
# household record itself (created, edited, deleted with the area tree) belongs to areas.
household_patterns = (
    [
        path("", views.household_index, name="list"),
        path("new/", area_views.household_create, name="create"),
        path("<int:pk>/", views.household_detail, name="detail"),
        path("<int:pk>/edit/", area_views.household_edit, name="edit"),
        path("<int:pk>/delete/", area_views.household_delete, name="delete"),
    ],
    "households",
)

urlpatterns = [
    path("residents/", include(resident_patterns)),
    path("households/", include(household_patterns)),
    path("categories/", views.categories, name="categories"),
]
