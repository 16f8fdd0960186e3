from django.urls import include, path

urlpatterns = [
    path("", include("tongxin.core.urls")),
]
