"""overview (co-building): its pages."""

from django.urls import URLPattern

app_name = "cobuilding"

urlpatterns: list[URLPattern] = []
