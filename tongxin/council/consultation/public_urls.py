"""Residents' public pages of consultation (no account), and the staff action that makes a case
handed to a council a topic."""

from __future__ import annotations

from typing import Any

from django.urls import path

from tongxin.council.consultation import public_views as views

urlpatterns: list[Any] = [
    path("public/decisions/", views.decisions, name="public_decisions"),
    path("public/decisions/<int:topic_pk>/object/", views.objection, name="public_objection"),
    path("public/topics/", views.topic_lookup, name="public_topic_lookup"),
    path("public/topics/new/", views.topic_new, name="public_topic_new"),
    path("public/topics/<str:code>/", views.topic_page, name="public_topic"),
    path("public/topics/<str:code>/received/", views.topic_received, name="public_topic_received"),
    path("public/topics/<str:code>/rate/", views.topic_rate_view, name="public_topic_rate"),
    path("councils/handovers/<int:handover_pk>/topic/", views.handover_topic, name="handover_topic"),
]
