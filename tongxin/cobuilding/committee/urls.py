"""committee (co-building): its pages."""

from django.urls import URLPattern

app_name = "committee"

urlpatterns: list[URLPattern] = []
