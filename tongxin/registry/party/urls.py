from django.urls import include, path

from tongxin.registry.party import views

org_patterns = (
    [
        path("", views.tree, name="tree"),
        path("new/", views.create, name="create"),
        path("<int:pk>/", views.detail, name="detail"),
        path("<int:pk>/children/", views.children, name="children"),
        path("<int:pk>/edit/", views.edit, name="edit"),
        path("<int:pk>/move/", views.move, name="move"),
    ],
    "orgs",
)
member_patterns = (
    [
        path("", views.member_index, name="list"),
        path("new/", views.member_create, name="create"),
        path("<int:pk>/", views.member_detail, name="detail"),
        path("<int:pk>/edit/", views.member_edit, name="edit"),
        path("<int:pk>/delete/", views.member_delete, name="delete"),
        path("<int:pk>/reveal/", views.member_reveal, name="reveal"),
    ],
    "members",
)

urlpatterns = [path("orgs/", include(org_patterns)), path("members/", include(member_patterns))]
