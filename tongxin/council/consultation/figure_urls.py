"""URLs of consultation's figures page."""

from __future__ import annotations

from typing import Any

from django.urls import path

from tongxin.council.consultation import views_figures

urlpatterns: list[Any] = [
    path("councils/figures/", views_figures.figures, name="figures"),
]
