from django.urls import path

from tongxin.core import views

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
]
