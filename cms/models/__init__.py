from .accounts import User
from .base import BasePage, ListingMixin, ThemedMixin
from .budget import BudgetIndexPage, BudgetLine, BudgetNature, BudgetSector, BudgetYearPage
from .collectivite import CollectiviteSpace
from .home import PlatformHomePage
from .news import NewsIndexPage, NewsPage
from .projects import ProjectIndexPage, ProjectPage, ProjectStatus
from .territory import Territory

__all__ = [
    "BasePage",
    "BudgetIndexPage",
    "BudgetLine",
    "BudgetNature",
    "BudgetSector",
    "BudgetYearPage",
    "CollectiviteSpace",
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
