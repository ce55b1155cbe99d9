from .accounts import AgeBracket, Gender, User
from .attempts import AttemptCounter
from .base import BasePage, ListingMixin, ThemedMixin
from .budget import BudgetIndexPage, BudgetLine, BudgetNature, BudgetSector, BudgetYearPage
from .collectivite import CollectiviteSpace
from .home import PlatformHomePage
from .legal import (
    AccessibilityStatementPage,
    Compliance,
    ContactPage,
    LegalNoticePage,
    LegalPage,
    LegalPages,
    PrivacyPolicyPage,
)
from .listing import FilterableListMixin
from .news import NewsIndexPage, NewsPage
from .projects import ProjectIndexPage, ProjectPage, ProjectStatus
from .routing import PageViewsMixin
from .territory import Territory

__all__ = [
    "AccessibilityStatementPage",
    "AgeBracket",
    "AttemptCounter",
    "BasePage",
    "BudgetIndexPage",
    "BudgetLine",
    "BudgetNature",
    "BudgetSector",
    "BudgetYearPage",
    "CollectiviteSpace",
    "Compliance",
    "ContactPage",
    "FilterableListMixin",
    "Gender",
    "LegalNoticePage",
    "LegalPage",
    "LegalPages",
    "ListingMixin",
    "NewsIndexPage",
    "NewsPage",
    "PageViewsMixin",
    "PlatformHomePage",
    "PrivacyPolicyPage",
    "ProjectIndexPage",
    "ProjectPage",
    "ProjectStatus",
    "Territory",
    "ThemedMixin",
    "User",
]
