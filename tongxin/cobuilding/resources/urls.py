"""resources (co-building): its pages."""

from django.urls import URLPattern

app_name = "resources"

urlpatterns: list[URLPattern] = []
