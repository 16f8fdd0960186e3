from django.urls import include, path

from tongxin.partylife.meetings import views

meeting_patterns = (
    [
        path("", views.meeting_index, name="list"),
        path("new/", views.meeting_create, name="create"),
        path("mine/", views.my_meetings, name="mine"),
        path("compliance/", views.compliance, name="compliance"),
        path("requirements/", views.requirements, name="requirements"),
        path("<int:pk>/", views.meeting_detail, name="detail"),
        path("<int:pk>/edit/", views.meeting_edit, name="edit"),
        path("<int:pk>/delete/", views.meeting_delete, name="delete"),
        path("<int:pk>/note/", views.meeting_note, name="note"),
        path("<int:pk>/files/<int:file_id>/", views.meeting_file, name="file"),
        path("<int:pk>/files/<int:file_id>/delete/", views.meeting_file_delete, name="file_delete"),
    ],
    "meetings",
)

urlpatterns = [path("meetings/", include(meeting_patterns))]
