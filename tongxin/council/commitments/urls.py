"""Commitments (承诺践诺): members' pledges and fulfilment, pledge items, the convention and the
members' board cards; the public photo of a member who consented."""

from django.urls import path

from tongxin.council.commitments.views import config, pledges

app_name = "commitments"

urlpatterns = [
    path("commitments/", pledges.index, name="index"),
    path("commitments/<int:community_pk>/pledges/", pledges.pledges, name="pledges"),
    path("commitments/<int:community_pk>/pledges/<int:member_pk>/", pledges.pledge, name="pledge"),
    path(
        "commitments/<int:community_pk>/pledges/<int:member_pk>/fulfilment/",
        pledges.fulfilment_add,
        name="fulfilment_add",
    ),
    path("commitments/fulfilment/<int:pk>/verify/", pledges.fulfilment_verify, name="fulfilment_verify"),
    path("commitments/<int:community_pk>/items/", config.items, name="items"),
    path("commitments/<int:community_pk>/items/template/", config.items_template, name="items_template"),
    path("commitments/<int:community_pk>/items/<int:pk>/", config.item_edit, name="item_edit"),
    path("commitments/<int:community_pk>/convention/", config.convention, name="convention"),
    path("commitments/<int:community_pk>/cards/", config.cards, name="cards"),
    path("commitments/<int:community_pk>/cards/<int:member_pk>/", config.card, name="card"),
    path("public/boards/members/<int:pk>/photo/", config.member_photo, name="member_photo"),
]
