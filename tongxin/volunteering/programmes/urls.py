from django.urls import path

from tongxin.volunteering.programmes import public_views, views

app_name = "programmes"

urlpatterns = [
    path("programmes/", views.programme_list, name="list"),
    path("programmes/new/", views.programme_create, name="create"),
    path("programmes/<int:pk>/", views.programme_detail, name="detail"),
    path("programmes/<int:pk>/edit/", views.programme_edit, name="edit"),
    path("programmes/<int:pk>/sessions/new/", views.session_add, name="session_add"),
    path("programmes/<int:pk>/sessions/repeat/", views.sessions_repeat, name="sessions_repeat"),
    path("programmes/<int:pk>/enrol/", views.enrol, name="enrol"),
    path("programmes/enrolments/<int:pk>/cancel/", views.enrolment_cancel, name="enrolment_cancel"),
    path("programmes/enrolments/<int:pk>/reveal/", views.enrolment_reveal, name="enrolment_reveal"),
    path("programmes/sessions/<int:pk>/attendance/", views.attendance, name="attendance"),
    path("programmes/sessions/<int:pk>/held/", views.session_held, name="session_held"),
    path("public/programmes/", public_views.public_list, name="public_list"),
    path("public/programmes/<int:pk>/", public_views.public_detail, name="public_detail"),
    path("public/programmes/<int:pk>/enrol/", public_views.public_enrol, name="public_enrol"),
    path("public/programmes/mine/", public_views.public_lookup, name="public_lookup"),
    path("public/programmes/enrolment/<str:code>/", public_views.public_enrolment, name="public_enrolment"),
    path("public/programmes/enrolment/<str:code>/cancel/", public_views.public_cancel, name="public_cancel"),
]
