from django.contrib.auth import views as auth_views
from django.urls import path

from tongxin.access import views

urlpatterns = [
    path("accounts/login/", views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "accounts/password/",
        auth_views.PasswordChangeView.as_view(template_name="access/password_change.html", success_url="/me/"),
        name="password_change",
    ),
    path("me/", views.me, name="me"),
    path("me/elder-mode/", views.elder_mode, name="elder_mode"),
]
