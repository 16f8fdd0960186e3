"""notices: its pages."""

from django.urls import URLPattern

app_name = "notices"

urlpatterns: list[URLPattern] = []
