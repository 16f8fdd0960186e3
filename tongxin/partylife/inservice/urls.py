from django.urls import include, path

from tongxin.partylife.inservice import views, views_own

inservice_patterns: tuple[list, str] = (
    [
        path("", views.report_list, name="list"),
        path("new/", views.report_create, name="create"),
        path("<int:pk>/", views.report_detail, name="detail"),
        path("<int:pk>/service/", views.log_create, name="log_create"),
        path("<int:pk>/end/", views.report_end, name="end"),
        path("<int:pk>/confirm/", views_own.report_confirm, name="confirm"),
        path("<int:pk>/decline/", views_own.report_decline, name="decline"),
        path("mine/", views_own.own_start, name="own_start"),
        path("mine/<int:community>/", views_own.own_create, name="own_create"),
        path("service/<int:pk>/confirm/", views.log_confirm, name="log_confirm"),
        path("needy/", views.needy_list, name="needy_list"),
        path("needy/<int:pk>/", views.needy_member, name="needy_member"),
        path("needy/<int:pk>/help/", views.help_create, name="help_create"),
    ],
    "inservice",
)

urlpatterns = [path("inservice/", include(inservice_patterns))]
