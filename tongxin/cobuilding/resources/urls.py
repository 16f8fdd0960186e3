"""resources (co-building): its pages."""

from django.urls import path

from tongxin.cobuilding.resources import views

app_name = "resources"

urlpatterns = [
    path("cobuilding/resources/", views.resources, name="list"),
    path("cobuilding/resources/new/", views.resource_new, name="new"),
    path("cobuilding/resources/<int:pk>/", views.resource_detail, name="resource"),
    path("cobuilding/resources/<int:pk>/edit/", views.resource_edit, name="edit"),
    path("cobuilding/resources/<int:pk>/calendar/", views.calendar, name="calendar"),
    path("cobuilding/resources/bookings/<int:pk>/decide/", views.booking_decide, name="decide"),
    path("cobuilding/resources/bookings/<int:pk>/cancel/", views.booking_cancel, name="cancel"),
    path("cobuilding/resources/bookings/<int:pk>/attended/", views.booking_attended, name="attended"),
]
