from django.urls import include, path

from tongxin.partylife.points import views

points_patterns: tuple[list, str] = (
    [
        path("", views.ranking_view, name="ranking"),
        path("rules/", views.rules, name="rules"),
        path("members/<int:pk>/", views.member_points, name="member"),
        path("members/<int:pk>/entries/new/", views.entry_create, name="entry_create"),
        path("posts/", views.posts, name="posts"),
        path("posts/new/", views.post_create, name="post_create"),
        path("posts/<int:pk>/", views.post_detail, name="post_detail"),
        path("posts/<int:pk>/holdings/new/", views.holding_create, name="holding_create"),
        path("posts/<int:pk>/holdings/<int:holding_pk>/end/", views.holding_end, name="holding_end"),
    ],
    "points",
)

urlpatterns = [path("points/", include(points_patterns))]
