from django.urls import path, re_path

from tongxin.volunteering.service import certificate, public, views

app_name = "service"

urlpatterns = [
    path("service/teams/", views.team_list, name="team_list"),
    path("service/teams/new/", views.team_create, name="team_create"),
    path("service/teams/<int:pk>/", views.team_detail, name="team_detail"),
    path("service/teams/<int:pk>/edit/", views.team_edit, name="team_edit"),
    path("service/teams/<int:pk>/members/", views.member_add, name="member_add"),
    path("service/teams/<int:pk>/members/<int:volunteer_pk>/remove/", views.member_remove, name="member_remove"),
    path("service/teams/<int:pk>/leader/", views.leader_set, name="leader_set"),
    path("service/teams/<int:pk>/hours/", views.hours_entry, name="hours_entry"),
    path("service/teams/<int:pk>/case-hours/", views.case_hours, name="case_hours"),
    path("service/teams/<int:pk>/offerings/new/", views.offering_create, name="offering_create"),
    path("service/offerings/<int:pk>/edit/", views.offering_edit, name="offering_edit"),
    path("service/volunteers/", views.volunteer_list, name="volunteer_list"),
    path("service/volunteers/new/", views.volunteer_create, name="volunteer_create"),
    path("service/volunteers/<int:pk>/", views.volunteer_detail, name="volunteer_detail"),
    re_path(
        r"^service/volunteers/(?P<pk>[0-9]{1,12})/certificate/(?P<year>[0-9]{4})\.pdf$",
        certificate.certificate,
        name="certificate",
    ),
    path("service/hours/", views.hours_pending, name="hours_pending"),
    path("service/hours/<int:pk>/reject/", views.hours_reject, name="hours_reject"),
    path("service/hours/totals/", views.hours_totals, name="hours_totals"),
    path("service/hours/confirmed/", views.hours_list, name="hours_list"),
    path("service/me/hours/", views.my_hours, name="my_hours"),
    path("public/services/", public.catalogue, name="public_catalogue"),
    path("public/services/<int:pk>/ask/", public.ask, name="public_request"),
]
