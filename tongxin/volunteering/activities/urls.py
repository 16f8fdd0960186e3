from django.urls import include, path

from tongxin.volunteering.activities import views

activity_patterns: tuple[list, str] = (
    [
        path("", views.activity_list, name="list"),
        path("mine/", views.my_activities, name="mine"),
        path("new/", views.activity_create, name="create"),
        path("<int:pk>/", views.activity_detail, name="detail"),
        path("<int:pk>/edit/", views.activity_edit, name="edit"),
        path("o/<int:pk>/", views.occurrence_detail, name="occurrence"),
        path("o/<int:pk>/signup/", views.signup_create, name="signup"),
        path("o/<int:pk>/qr/", views.venue_qr, name="qr"),
        path("o/<int:pk>/roll/", views.rollcall, name="rollcall"),
        path("o/<int:pk>/confirm/", views.hours_confirm, name="confirm"),
        path("s/<int:pk>/cancel/", views.signup_cancel, name="cancel"),
        path("c/<str:token>/", views.checkin, name="checkin"),
    ],
    "activities",
)

urlpatterns = [path("activities/", include(activity_patterns))]
