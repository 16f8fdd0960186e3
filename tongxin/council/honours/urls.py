"""Honours (评先评优): its pages."""

from django.urls import URLPattern

app_name = "honours"

urlpatterns: list[URLPattern] = []
