"""URLs of council meetings: the list, a meeting with its agenda, attendance and votes, the minutes."""

from __future__ import annotations

from typing import Any

from django.urls import path

from tongxin.council.consultation.views_meetings import actions, pages

urlpatterns: list[Any] = [
    path("councils/meetings/", pages.meeting_list, name="meetings"),
    path("councils/<int:council_pk>/meetings/new/", pages.meeting_create, name="meeting_create"),
    path("councils/meetings/<int:pk>/", pages.meeting_detail, name="meeting"),
    path("councils/meetings/<int:pk>/agenda/", actions.agenda_add, name="meeting_agenda_add"),
    path("councils/meetings/items/<int:pk>/remove/", actions.agenda_remove, name="meeting_agenda_remove"),
    path("councils/meetings/items/<int:pk>/discussion/", actions.item_discussion, name="meeting_item_discussion"),
    path("councils/meetings/<int:pk>/attendance/open/", actions.attendance_open, name="meeting_attendance_open"),
    path("councils/meetings/<int:pk>/attendance/", actions.attendance, name="meeting_attendance"),
    path("councils/meetings/items/<int:pk>/vote/", actions.vote_open, name="meeting_vote_open"),
    path("councils/meetings/votes/<int:pk>/", actions.vote, name="meeting_vote"),
    path("councils/meetings/votes/<int:pk>/close/", actions.vote_close, name="meeting_vote_close"),
    path("councils/meetings/<int:pk>/minutes/", pages.minutes, name="minutes"),
    path("councils/meetings/<int:pk>/minutes.docx", pages.minutes_docx, name="minutes_docx"),
    path("councils/meetings/<int:pk>/minutes.pdf", pages.minutes_pdf, name="minutes_pdf"),
]
