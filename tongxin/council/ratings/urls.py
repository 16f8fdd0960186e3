"""Star ratings (评星定级): its pages."""

from django.urls import URLPattern

app_name = "ratings"

urlpatterns: list[URLPattern] = []
