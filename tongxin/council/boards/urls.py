"""Public boards (公示栏): one page per community or village, no account needed."""

from django.urls import path

from tongxin.council.boards import views

app_name = "boards"

urlpatterns = [
    path("public/boards/", views.index, name="index"),
    path("public/boards/<int:community_pk>/", views.board, name="board"),
]
