"""URLs of the staff pages of councils and topics (views/councils.py, views/topics.py, views/topic_actions.py)."""

from __future__ import annotations

from django.urls import path

from tongxin.council.consultation.views import councils, topic_actions, topics, unit_topics

urlpatterns = [
    path("councils/", councils.council_list, name="councils"),
    path("councils/new/", councils.council_create, name="council_create"),
    path("councils/<int:pk>/", councils.council_detail, name="council"),
    path("councils/<int:pk>/edit/", councils.council_edit, name="council_edit"),
    path("councils/<int:pk>/members/", councils.member_add, name="member_add"),
    path("councils/<int:pk>/people/", councils.member_people, name="member_people"),
    path("councils/<int:pk>/members/<int:member_pk>/end/", councils.member_end, name="member_end"),
    path("councils/topics/", topics.topic_list, name="topics"),
    path("councils/topics/new/", topics.topic_create, name="topic_create"),
    path("councils/topics/propose/", unit_topics.unit_topic_new, name="unit_topic_new"),
    path("councils/topics/<int:pk>/", topics.topic_detail, name="topic"),
    path("councils/topics/<int:pk>/accept/", topic_actions.topic_accept, name="topic_accept"),
    path("councils/topics/<int:pk>/merge/", topic_actions.topic_merge, name="topic_merge"),
    path("councils/topics/<int:pk>/decline/", topic_actions.topic_decline, name="topic_decline"),
    path("councils/topics/<int:pk>/step/", topic_actions.topic_step, name="topic_step"),
    path("councils/topics/<int:pk>/levy/", topic_actions.topic_levy, name="topic_levy"),
    path("councils/topics/<int:pk>/contributions/", topic_actions.contribution_add, name="contribution_add"),
    path("councils/topics/<int:pk>/tasks/", topic_actions.task_add, name="task_add"),
    path("councils/topics/<int:pk>/tasks/<int:task_pk>/progress/", topic_actions.task_progress, name="task_progress"),
    path(
        "councils/topics/<int:pk>/milestones/<int:milestone_pk>/done/",
        topic_actions.milestone_done,
        name="milestone_done",
    ),
    path(
        "councils/topics/<int:pk>/objections/<int:objection_pk>/answer/",
        topic_actions.objection_answer,
        name="objection_answer",
    ),
]
