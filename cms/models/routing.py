"""How a page handles more than a GET of itself: routes that hand the request to its app's `views.py`.

A page that answers forms or serves subpages is a routable page (Wagtail's `RoutablePageMixin`). Each route is a
one-line method that calls a small function of the app's views module, `self.views.<function>(request, self, …)`;
the page declares fields and URLs, the views module the request handling (forms, messages, status codes).

`page_views` names that module: the module itself where the page's models module may import it at its top, or its
dotted path where the views import the services that import the page models (consultations, Académie). A dotted
path is imported on the first request, when every model is loaded: the same late binding as Django's
`ROOT_URLCONF`, declared once on the class rather than repeated inside each route.
"""

from importlib import import_module
from types import ModuleType

from wagtail.contrib.routable_page.models import RoutablePageMixin


class PageViewsMixin(RoutablePageMixin):
    page_views = None  # the app's views module, or its dotted path

    @property
    def views(self):
        if isinstance(self.page_views, ModuleType):
            return self.page_views
        return import_module(self.page_views)
