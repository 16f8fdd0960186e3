"""committee (co-building): the big committee and its joint meetings."""

from django.urls import path

from tongxin.cobuilding.committee import views, views_meetings

app_name = "committee"

urlpatterns = [
    path("cobuilding/committees/", views.committee_list, name="committees"),
    path("cobuilding/committees/new/", views.committee_new, name="committee_new"),
    path("cobuilding/committees/behind/", views.behind_list, name="behind"),
    path("cobuilding/committees/<int:pk>/", views.committee_detail, name="committee"),
    path("cobuilding/committees/<int:pk>/edit/", views.committee_edit, name="committee_edit"),
    path("cobuilding/committees/<int:pk>/seats/new/", views.seat_new, name="seat_new"),
    path("cobuilding/committees/<int:pk>/branches/new/", views.branch_new, name="branch_new"),
    path("cobuilding/committees/<int:pk>/members/", views.members, name="members"),
    path("cobuilding/committees/<int:pk>/members.xlsx", views.members_export, name="members_export"),
    path("cobuilding/committees/<int:pk>/meetings/new/", views_meetings.meeting_new, name="meeting_new"),
    path("cobuilding/seats/<int:pk>/edit/", views.seat_edit, name="seat_edit"),
    path("cobuilding/seats/<int:pk>/leave/", views.seat_leave, name="seat_leave"),
    path("cobuilding/seats/<int:pk>/reveal/", views.seat_reveal, name="seat_reveal"),
    path("cobuilding/meetings/", views_meetings.meeting_list, name="meetings"),
    path("cobuilding/meetings/<int:pk>/", views_meetings.meeting_detail, name="meeting"),
    path("cobuilding/meetings/<int:pk>/propose/", views_meetings.propose, name="propose"),
    path("cobuilding/meetings/<int:pk>/attendance/", views_meetings.attendance, name="attendance"),
    path("cobuilding/meetings/<int:pk>/record/", views_meetings.record, name="record"),
    path("cobuilding/meetings/<int:pk>/minutes.docx", views_meetings.minutes_docx, name="minutes_docx"),
    path("cobuilding/meetings/<int:pk>/minutes.pdf", views_meetings.minutes_pdf, name="minutes_pdf"),
    path("cobuilding/agenda/<int:pk>/review/", views_meetings.item_review, name="item_review"),
    path("cobuilding/agenda/<int:pk>/project/", views_meetings.item_project, name="item_project"),
]
