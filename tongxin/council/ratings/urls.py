"""Star ratings (评星定级): its pages."""

from django.urls import path

from tongxin.council.ratings.views import rounds, schemes

app_name = "ratings"

urlpatterns = [
    path("ratings/", schemes.index, name="index"),
    path("ratings/schemes/new/", schemes.scheme_create, name="scheme_create"),
    path("ratings/schemes/<int:pk>/", schemes.scheme_detail, name="scheme"),
    path("ratings/schemes/<int:pk>/edit/", schemes.scheme_edit, name="scheme_edit"),
    path("ratings/schemes/<int:pk>/rounds/new/", schemes.round_create, name="round_create"),
    path("ratings/rounds/<int:pk>/", rounds.round_detail, name="round"),
    path("ratings/rounds/<int:pk>/move/", rounds.round_move, name="round_move"),
    path("ratings/rounds/<int:pk>/desk/", rounds.round_desk, name="round_desk"),
    path("ratings/rounds/<int:pk>/entries/<int:entry_pk>/", rounds.round_card, name="round_card"),
]
