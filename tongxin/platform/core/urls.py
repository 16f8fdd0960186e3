from django.urls import path

from tongxin.platform.core import views

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("", views.home, name="home"),
    path("audit/", views.audit_list, name="audit"),
    path("categories/", views.categories, name="categories"),
]
