from .accounts import AgeBracket, Gender, User
from .base import BasePage, ListingMixin, ThemedMixin
from .budget import BudgetIndexPage, BudgetLine, BudgetNature, BudgetSector, BudgetYearPage
from .collectivite import CollectiviteSpace
from .home import PlatformHomePage
from .news import NewsIndexPage, NewsPage
from .projects import ProjectIndexPage, ProjectPage, ProjectStatus
from .territory import Territory

__all__ = [
    "AgeBracket",
    "BasePage",
    "BudgetIndexPage",
    "BudgetLine",
    "BudgetNature",
    "BudgetSector",
    "BudgetYearPage",
    "CollectiviteSpace",
    "Gender",
    "ListingMixin",
    "NewsIndexPage",
    "NewsPage",
    "PlatformHomePage",
    "ProjectIndexPage",
    "ProjectPage",
    "ProjectStatus",
    "Territory",
    "ThemedMixin",
    "User",
]
