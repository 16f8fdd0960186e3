"""rosters: its pages."""

from django.urls import path

from tongxin.frontdesk.rosters import mine, views

app_name = "rosters"

urlpatterns = [
    path("frontdesk/rosters/", views.rotas, name="list"),
    path("frontdesk/rosters/new/", views.rota_new, name="new"),
    path("frontdesk/rosters/gaps/", views.gap_list, name="gaps"),
    path("frontdesk/rosters/swaps/", views.swap_list, name="swaps"),
    path("frontdesk/rosters/<int:pk>/", views.rota_detail, name="rota"),
    path("frontdesk/rosters/<int:pk>/edit/", views.rota_edit, name="edit"),
    path("frontdesk/rosters/<int:pk>/shifts/", views.shift_add, name="shift_add"),
    path("frontdesk/rosters/<int:pk>/generate/", views.generate, name="generate"),
    path("frontdesk/rosters/shifts/<int:pk>/", views.shift_detail, name="shift"),
    path("frontdesk/rosters/shifts/<int:pk>/assign/", views.assign, name="assign"),
    path("frontdesk/rosters/assignments/<int:pk>/remove/", views.unassign, name="unassign"),
    path("frontdesk/rosters/swaps/<int:pk>/approve/", views.swap_approve, name="swap_approve"),
    path("my-shifts/", mine.my_shifts, name="mine"),
    path("my-shifts/<int:pk>/check-in/", mine.check_in, name="check_in"),
    path("my-shifts/<int:pk>/swap/", mine.swap_ask, name="swap_ask"),
    path("my-shifts/swaps/<int:pk>/accept/", mine.swap_accept, name="swap_accept"),
    path("my-shifts/swaps/<int:pk>/decline/", mine.swap_decline, name="swap_decline"),
]
