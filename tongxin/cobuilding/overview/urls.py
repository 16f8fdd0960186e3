"""overview (co-building): its pages."""

from django.urls import path

from tongxin.cobuilding.overview import views

app_name = "cobuilding"

urlpatterns = [
    path("cobuilding/figures/", views.figures, name="figures"),
]
