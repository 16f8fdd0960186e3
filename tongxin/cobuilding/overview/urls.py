"""overview (co-building): its pages."""

from django.urls import path

from tongxin.cobuilding.overview import offers, views

app_name = "cobuilding"

urlpatterns = [
    path("cobuilding/figures/", views.figures, name="figures"),
    path("cobuilding/needs/<int:pk>/offer/", offers.offer_need, name="offer_need"),
    path("cobuilding/offers/", offers.offers, name="offers"),
    path("cobuilding/offers/<int:pk>/confirm/", offers.offer_confirm, name="offer_confirm"),
    path("cobuilding/offers/<int:pk>/decline/", offers.offer_decline, name="offer_decline"),
]
