"""errands: its pages."""

from django.urls import path

from tongxin.frontdesk.errands import views

app_name = "errands"

urlpatterns = [
    path("frontdesk/errands/", views.errands, name="list"),
    path("frontdesk/errands/new/", views.errand_new, name="new"),
    path("frontdesk/errands/<int:pk>/", views.errand_detail, name="errand"),
    path("frontdesk/errands/<int:pk>/step/", views.errand_step, name="step"),
    path("frontdesk/errands/<int:pk>/cancel/", views.errand_cancel, name="cancel"),
    path("frontdesk/errands/<int:pk>/documents/", views.document_add, name="document_add"),
    path("frontdesk/errands/<int:pk>/reveal/", views.reveal, name="reveal"),
]
