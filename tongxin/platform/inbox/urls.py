from django.urls import include, path, re_path

from tongxin.platform.inbox import views

inbox_patterns = (
    [
        path("", views.index, name="list"),
        path("read-all/", views.read_all, name="read_all"),
        # At most 18 digits: anything else is a 404 here, before a database sees an integer
        # it cannot hold.
        re_path(r"^(?P<pk>[0-9]{1,18})/read/$", views.read, name="read"),
    ],
    "inbox",
)

urlpatterns = [path("inbox/", include(inbox_patterns))]
