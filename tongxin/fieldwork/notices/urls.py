"""notices: its pages."""

from django.urls import path

from tongxin.fieldwork.notices.views import door, office

app_name = "notices"

urlpatterns = [
    path("notices/", office.notices, name="list"),
    path("notices/new/", office.notice_new, name="new"),
    path("notices/deliver/", door.deliver, name="deliver"),
    path("notices/deliveries/<int:pk>/confirm/", door.confirm, name="confirm"),
    path("notices/<int:pk>/", office.notice_detail, name="notice"),
    path("notices/<int:pk>/edit/", office.notice_edit, name="edit"),
    path("notices/<int:pk>/send/", office.notice_send, name="send"),
    path("notices/<int:pk>/remind/", office.notice_remind, name="remind"),
    path("notices/<int:pk>/close/", office.notice_close, name="close"),
]
