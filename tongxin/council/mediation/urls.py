"""Mediation (人民调解): its pages."""

from django.urls import URLPattern

app_name = "mediation"

urlpatterns: list[URLPattern] = []
