"""errands: its pages."""

from django.urls import URLPattern

app_name = "errands"

urlpatterns: list[URLPattern] = []
