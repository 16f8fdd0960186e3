from django.urls import include, path

from tongxin.fieldwork.visits import views

visits_patterns: tuple[list, str] = (
    [
        path("", views.due, name="due"),
        path("household/<int:pk>/new/", views.record, name="record"),
        path("records/", views.visit_list, name="list"),
        path("<int:pk>/", views.detail, name="detail"),
        path("<int:pk>/edit/", views.edit, name="edit"),
        path("<int:pk>/case/", views.to_case, name="to_case"),
        path("<int:pk>/delete/", views.delete, name="delete"),
        path("coverage/", views.coverage, name="coverage"),
        path("coverage/households/", views.coverage_households, name="coverage_households"),
        path("facts/", views.facts, name="facts"),
        path("cadence/", views.cadence, name="cadence"),
    ],
    "visits",
)

urlpatterns = [path("visits/", include(visits_patterns))]
