from .ballots import Answer, Ballot, Invitation, Participation, PendingBallot, ResultsSnapshot
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
    "PendingBallot",
    "ResultsSnapshot",
    "ResultsVisibility",
    "Secrecy",
    "Status",
]
