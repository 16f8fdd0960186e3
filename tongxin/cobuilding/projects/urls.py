"""projects (co-building): its pages."""

from django.urls import URLPattern

app_name = "projects"

urlpatterns: list[URLPattern] = []
