from django.urls import path

from tongxin.interfaces.reports import views

app_name = "reports"

urlpatterns = [
    path("reports/service/", views.service_figures, name="service"),
]
