from django.urls import path

from tongxin.platform.core import views

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
]
