from .accounts import AgeBracket, Gender, User
from .attempts import AttemptCounter
from .base import BasePage, ListingMixin, ThemedMixin
from .budget import BudgetIndexPage, BudgetLine, BudgetNature, BudgetSector, BudgetYearPage
from .collectivite import CollectiviteSpace
from .home import PlatformHomePage
from .listing import FilterableListMixin
from .news import NewsIndexPage, NewsPage
from .projects import ProjectIndexPage, ProjectPage, ProjectStatus
from .routing import PageViewsMixin
from .territory import Territory

__all__ = [
    "AgeBracket",
    "AttemptCounter",
    "BasePage",
    "BudgetIndexPage",
    "BudgetLine",
    "BudgetNature",
    "BudgetSector",
    "BudgetYearPage",
    "CollectiviteSpace",
    "FilterableListMixin",
    "Gender",
    "ListingMixin",
    "NewsIndexPage",
    "NewsPage",
    "PageViewsMixin",
    "PlatformHomePage",
    "ProjectIndexPage",
    "ProjectPage",
    "ProjectStatus",
    "Territory",
    "ThemedMixin",
    "User",
]
