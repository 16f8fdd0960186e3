"""rosters: its pages."""

from django.urls import URLPattern

app_name = "rosters"

urlpatterns: list[URLPattern] = []
