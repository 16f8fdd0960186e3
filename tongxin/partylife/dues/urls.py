from django.urls import include, path

from tongxin.partylife.dues import views

dues_patterns = (
    [
        path("", views.overview, name="overview"),
        path("mine/", views.mine, name="mine"),
        path("orgs/<int:pk>/", views.org_dues, name="org"),
        path("members/<int:pk>/", views.member_dues, name="member"),
        path("members/<int:pk>/statement/", views.statement, name="statement"),
        path("members/<int:pk>/pay/", views.payment_create, name="pay"),
        path("members/<int:pk>/base/", views.base_create, name="base"),
        path("members/<int:pk>/payments/<int:payment_pk>/remove/", views.payment_remove, name="payment_remove"),
    ],
    "dues",
)

urlpatterns = [path("dues/", include(dues_patterns))]
