from django.urls import path

from . import api

urlpatterns = [
    path("", api.ConsultationListView.as_view(), name="api_consultations"),
    path("<id:consultation_id>/", api.ConsultationDetailView.as_view(), name="api_consultation"),
    path("<id:consultation_id>/ballots/", api.BallotView.as_view(), name="api_consultation_ballots"),
    path("<id:consultation_id>/results/", api.ResultsView.as_view(), name="api_consultation_results"),
    path("<id:consultation_id>/results.csv", api.ResultsCSVView.as_view(), name="api_consultation_results_csv"),
    path(
        "<id:consultation_id>/email-confirmations/",
        api.EmailConfirmationView.as_view(),
        name="api_consultation_email_confirmations",
    ),
]
