"""Public boards (公示栏): its pages."""

from django.urls import URLPattern

app_name = "boards"

urlpatterns: list[URLPattern] = []
