from django.urls import path

from tongxin.interfaces.home import views

urlpatterns = [
    path("", views.home, name="home"),
    path("me/", views.me, name="me"),
]
