"""owners: its pages."""

from django.urls import URLPattern

app_name = "owners"

urlpatterns: list[URLPattern] = []
