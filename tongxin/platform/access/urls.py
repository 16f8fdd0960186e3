from django.contrib.auth import views as auth_views
from django.urls import include, path

from tongxin.platform.access import views

user_patterns = (
    [
        path("", views.user_list, name="list"),
        path("new/", views.user_create, name="create"),
        path("<int:pk>/", views.user_detail, name="detail"),
        path("<int:pk>/unlock/", views.user_unlock, name="unlock"),
        path("<int:pk>/active/", views.user_active, name="active"),
        path("roles/<int:pk>/revoke/", views.role_revoke, name="revoke"),
    ],
    "users",
)

urlpatterns = [
    path("users/", include(user_patterns)),
    path("audit/", views.audit_list, name="audit"),
    path("accounts/login/", views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "accounts/password/",
        auth_views.PasswordChangeView.as_view(template_name="access/password_change.html", success_url="/me/"),
        name="password_change",
    ),
    path("me/elder-mode/", views.elder_mode, name="elder_mode"),
]
