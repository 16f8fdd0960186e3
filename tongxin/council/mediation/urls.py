"""Mediation (人民调解): its pages."""

from django.urls import path

from tongxin.council.mediation.views import actions, agreement, cases, committees, figures

app_name = "mediation"

urlpatterns = [
    path("mediation/", cases.case_list, name="cases"),
    path("mediation/cases/new/", cases.case_new, name="case_new"),
    path("mediation/cases/<int:pk>/", cases.case_detail, name="case"),
    path("mediation/cases/<int:pk>/parties/new/", actions.party_new, name="party_new"),
    path("mediation/cases/<int:pk>/parties/<int:party_pk>/reveal/", actions.party_reveal, name="party_reveal"),
    path("mediation/cases/<int:pk>/sessions/new/", actions.session_new, name="session_new"),
    path("mediation/cases/<int:pk>/outcome/", actions.settle, name="settle"),
    path("mediation/cases/<int:pk>/agreement/", actions.agreement_edit, name="agreement"),
    path("mediation/cases/<int:pk>/agreement.docx", agreement.docx, name="agreement_docx"),
    path("mediation/cases/<int:pk>/agreement.pdf", agreement.pdf, name="agreement_pdf"),
    path("mediation/cases/<int:pk>/agreement/scan/", actions.scan_upload, name="scan_upload"),
    path("mediation/cases/<int:pk>/agreement/signed/", agreement.scan, name="scan"),
    path("mediation/cases/<int:pk>/follow-up/", actions.followup, name="followup"),
    path("mediation/handovers/", cases.handover_list, name="handovers"),
    path("mediation/handovers/<int:pk>/", cases.handover_accept, name="handover_accept"),
    path("mediation/committees/", committees.committee_list, name="committees"),
    path("mediation/committees/new/", committees.committee_new, name="committee_new"),
    path("mediation/committees/<int:pk>/", committees.committee_detail, name="committee"),
    path("mediation/committees/<int:pk>/mediators/new/", committees.mediator_new, name="mediator_new"),
    path(
        "mediation/committees/<int:pk>/mediators/<int:mediator_pk>/end/",
        committees.mediator_end,
        name="mediator_end",
    ),
    path("mediation/sweeps/", committees.sweep_list, name="sweeps"),
    path("mediation/sweeps/new/", committees.sweep_new, name="sweep_new"),
    path("mediation/figures/", figures.figures, name="figures"),
]
