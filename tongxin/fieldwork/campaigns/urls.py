"""campaigns: its pages."""

from django.urls import path

from tongxin.fieldwork.campaigns import views

app_name = "campaigns"

urlpatterns = [
    path("campaigns/", views.campaigns, name="list"),
    path("campaigns/new/", views.campaign_new, name="new"),
    path("campaigns/<int:pk>/", views.campaign_detail, name="campaign"),
    path("campaigns/<int:pk>/start/", views.campaign_start, name="start"),
    path("campaigns/<int:pk>/close/", views.campaign_close, name="close"),
    path("campaigns/<int:pk>/summary/", views.campaign_summary, name="summary"),
    path("campaigns/<int:pk>/targets/", views.targets, name="targets"),
    path("campaigns/targets/<int:pk>/ok/", views.target_ok, name="target_ok"),
    path("campaigns/targets/<int:pk>/problem/", views.target_problem, name="target_problem"),
    path("campaigns/points/", views.points, name="points"),
    path("campaigns/points/new/", views.point_new, name="point_new"),
    path("campaigns/points/<int:pk>/edit/", views.point_edit, name="point_edit"),
]
