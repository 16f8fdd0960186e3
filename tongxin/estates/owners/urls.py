"""owners: the estates' pages (owners' committees, red-property cross-appointments)."""

from django.urls import path

from tongxin.estates.owners import views

app_name = "owners"

urlpatterns = [
    path("estates/", views.estates, name="estates"),
    path("estates/<int:pk>/", views.estate_detail, name="estate"),
    path("estates/<int:pk>/committee/new/", views.committee_new, name="committee_new"),
    path("estates/committees/<int:pk>/edit/", views.committee_edit, name="committee_edit"),
    path("estates/committees/<int:pk>/members/new/", views.member_new, name="member_new"),
    path("estates/members/<int:pk>/edit/", views.member_edit, name="member_edit"),
    path("estates/members/<int:pk>/remove/", views.member_remove, name="member_remove"),
    path("estates/members/<int:pk>/reveal/", views.member_reveal, name="member_reveal"),
    path("estates/<int:pk>/appointments/new/", views.appointment_new, name="appointment_new"),
    path("estates/appointments/<int:pk>/edit/", views.appointment_edit, name="appointment_edit"),
]
