"""agreements (co-building): its pages."""

from django.urls import path

from tongxin.cobuilding.agreements import views

app_name = "agreements"

urlpatterns = [
    path("cobuilding/agreements/", views.agreements, name="list"),
    path("cobuilding/agreements/new/", views.agreement_new, name="new"),
    path("cobuilding/agreements/<int:pk>/", views.agreement_detail, name="agreement"),
    path("cobuilding/agreements/<int:pk>/edit/", views.agreement_edit, name="edit"),
    path("cobuilding/agreements/<int:pk>/sign/", views.agreement_sign, name="sign"),
    path("cobuilding/agreements/<int:pk>/end/", views.agreement_end, name="end"),
    path("cobuilding/agreements/<int:pk>/scan/upload/", views.scan_upload, name="scan_upload"),
    path("cobuilding/agreements/<int:pk>/scan/", views.scan, name="scan"),
    path("cobuilding/agreements/<int:pk>/commitments/", views.commitment_add, name="commitment_add"),
    path("cobuilding/agreements/commitments/<int:pk>/edit/", views.commitment_edit, name="commitment_edit"),
    path("cobuilding/agreements/commitments/<int:pk>/remove/", views.commitment_remove, name="commitment_remove"),
    path("cobuilding/agreements/commitments/<int:pk>/deliveries/new/", views.delivery_new, name="delivery_new"),
]
