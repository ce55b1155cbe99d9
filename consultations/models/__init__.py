from .ballots import (
    Ballot,
    BallotBox,
    FreeText,
    Invitation,
    Participation,
    ReleaseBatch,
    ResultsSnapshot,
    TallyCell,
)
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
    "Ballot",
    "BallotBox",
    "ConsultationIndexPage",
    "ConsultationPage",
    "ConsultationPageForm",
    "Eligibility",
    "FreeText",
    "Invitation",
    "Participation",
    "ReleaseBatch",
    "ResultsSnapshot",
    "ResultsVisibility",
    "Secrecy",
    "Status",
    "TallyCell",
]
