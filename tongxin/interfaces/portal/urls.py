"""The unit's own portal (/unit/)."""

from django.urls import path

from tongxin.interfaces.portal import views

app_name = "portal"

urlpatterns = [
    path("unit/", views.portal, name="portal"),
    path("unit/needs/", views.needs, name="needs"),
]
