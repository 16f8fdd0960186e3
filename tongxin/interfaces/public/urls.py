from django.urls import include, path

from tongxin.interfaces.public import views

public_patterns = (
    [
        path("", views.index, name="index"),
        path("community/<int:pk>/", views.community, name="community"),
        path("report/", views.report, name="report"),
        path("report/places/", views.places, name="places"),
        path("track/", views.track, name="track"),
        path("track/<str:code>/", views.case_status, name="case"),
        path("track/<str:code>/reported/", views.reported, name="reported"),
        path("track/<str:code>/rate/", views.rate, name="rate"),
    ],
    "public",
)

urlpatterns = [path("public/", include(public_patterns))]
