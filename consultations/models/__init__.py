from .ballots import Answer, Ballot, Invitation, Participation, ResultsSnapshot
from .pages import (
    ConsultationIndexPage,
    ConsultationPage,
    ConsultationPageForm,
    Eligibility,
    ResultsVisibility,
    Secrecy,
    Status,
)

__all__ = [
    "Answer",
    "Ballot",
    "ConsultationIndexPage",
    "ConsultationPage",
    "ConsultationPageForm",
    "Eligibility",
    "Invitation",
    "Participation",
    "ResultsSnapshot",
    "ResultsVisibility",
    "Secrecy",
    "Status",
]
