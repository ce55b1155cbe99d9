"""What a collectivité space's home shows at a glance: latest news, the budget split, projects in progress."""

from django.db.models import prefetch_related_objects
from django.utils.functional import cached_property

from cms.charts import bar_rows

from .budget import BudgetIndexPage
from .news import NewsIndexPage
from .projects import ProjectIndexPage


class Dashboard:
    news_count = 3
    projects_count = 4

    def __init__(self, space):
        self.space = space

    def _section(self, model):
        """The section of that type (the first in the tree's order), from the space's children read once
        (`CollectiviteSpace.public_sections`), as a specific page whose own fields load only if read."""
        return self.space.public_section(model)

    @cached_property
    def news_index(self):
        return self._section(NewsIndexPage)

    @cached_property
    def budget_index(self):
        return self._section(BudgetIndexPage)

    @cached_property
    def projects_index(self):
        return self._section(ProjectIndexPage)

    @cached_property
    def _cards(self):
        """The latest news and the projects in progress, their images with them and the images' renditions read
        in one query for both lists."""
        news, projects = [], []
        if self.news_index:
            news = list(self.news_index.specific.get_news().prefetch_related(None)[: self.news_count])
        if self.projects_index:
            in_progress = self.projects_index.specific.get_projects().in_progress().by_progress()
            projects = list(in_progress.select_related("image")[: self.projects_count])
        images = [page.image for page in news + projects if page.image is not None]
        if images:
            prefetch_related_objects(images, "renditions")
        return news, projects

    @cached_property
    def latest_news(self):
        return self._cards[0]

    @cached_property
    def budget_year(self):
        if not self.budget_index:
            return None
        return self.budget_index.specific.get_years().prefetch_related("lines").first()

    @cached_property
    def budget_bars(self):
        if not self.budget_year:
            return []
        return bar_rows([(row.label, row.amount) for row in self.budget_year.sector_totals()], with_shares=True)

    @cached_property
    def projects_in_progress(self):
        return self._cards[1]
