from django.urls import path

from tongxin.interfaces.reports import community_work, views

app_name = "reports"

urlpatterns = [
    path("reports/service/", views.service_figures, name="service"),
    path("reports/community-work/", community_work.community_work, name="community_work"),
]
