"""Commitments (承诺践诺): its pages."""

from django.urls import URLPattern

app_name = "commitments"

urlpatterns: list[URLPattern] = []
