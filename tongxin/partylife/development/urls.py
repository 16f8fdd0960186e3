from django.urls import include, path

from tongxin.partylife.development import views

development_patterns: tuple[list, str] = (
    [
        path("", views.pipeline_view, name="pipeline"),
        path("new/", views.candidate_create, name="create"),
        path("<int:pk>/", views.candidate_detail, name="detail"),
        path("<int:pk>/edit/", views.candidate_edit, name="edit"),
        path("<int:pk>/steps/<slug:action>/", views.candidate_step, name="step"),
        path("<int:pk>/files/", views.files_add, name="files_add"),
        path("<int:pk>/files/<int:file_id>/", views.file_view, name="file"),
        path("<int:pk>/files/<int:file_id>/delete/", views.file_delete, name="file_delete"),
    ],
    "development",
)

urlpatterns = [path("development/", include(development_patterns))]
