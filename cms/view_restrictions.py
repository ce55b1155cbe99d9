"""Page view restrictions, read once per request.

Wagtail reads every `PageViewRestriction` row each time a queryset calls `.public()` (`PageQuerySet.private_q`) and
reads a page's ancestors then its restrictions each time `page.get_view_restrictions()` is called (the serve check,
feature blocks, comments, the page head). A dashboard made ten such reads. Here the rows (with their page's path and
depth) are read once per request and kept in a request scope:

- the scope opens when Django sends `request_started` and closes with `request_finished` (every request through the
  WSGI/ASGI handlers and the test client); outside a request (Celery tasks, commands, a test calling code directly)
  nothing is kept and every call reads the table, as Wagtail does;
- saving or deleting a restriction, or moving a page, empties the scope (an editor's request that changes them reads
  them again afterwards);
- `PageQuerySet.private_q` (hence `.public()`, `.not_public()`, `.private()` of every page queryset, Wagtail's page
  API included) is built from the kept rows: `install()`, from `CmsConfig.ready()`;
- `BasePage.get_view_restrictions()` picks, from the kept rows, those of the page and of its ancestors (a path
  prefix): same rows as Wagtail's, without a query. An alias page keeps Wagtail's reading (its source page's
  restrictions apply; Wagtail gives an alias no children of its own, so only the alias itself needs it).

The semantics are Wagtail's own: a page under a restricted ancestor is not public; a visitor who passed a code still
sees listings of public pages only (listings never used the visitor's passed restrictions), and the serve check
still asks each restriction `accept_request(request)`.
"""

from django.db.models import Q
from django.db.models.signals import post_delete, post_save

from cms.request_scope import RequestScope

_scope = RequestScope("view_restrictions")


def all_restrictions():
    """Every page view restriction, with its page's path and depth (`restriction.page`): one query per request."""
    from wagtail.models import PageViewRestriction

    scope = _scope.get()
    if scope is not None and "rows" in scope:
        return scope["rows"]
    rows = list(
        PageViewRestriction.objects.select_related("page").only(
            "id", "restriction_type", "password", "page_id", "page__id", "page__path", "page__depth"
        )
    )
    if scope is not None:
        scope["rows"] = rows
    return rows


def private_q():
    """The pages in a restricted section (the restricted page and its descendants); no page when there is none."""
    q = Q()
    for path in sorted({restriction.page.path for restriction in all_restrictions()}):
        q |= Q(path__startswith=path)
    return q if q else Q(pk__in=[])


def is_public(page):
    """True for a page in no restricted section (what `.public()` keeps), read from the kept rows."""
    return not any(page.path.startswith(restriction.page.path) for restriction in all_restrictions())


def public_q():
    """The pages in no restricted section: `queryset.filter(public_q())` is `queryset.public()`."""
    return ~private_q()


def restrictions_over(page):
    """The restrictions that apply to `page` (its own and its ancestors'), as a queryset already evaluated: iterating
    it or asking `.exists()` makes no query."""
    from wagtail.models import PageViewRestriction

    rows = [restriction for restriction in all_restrictions() if page.path.startswith(restriction.page.path)]
    if not rows:
        return PageViewRestriction.objects.none()
    queryset = PageViewRestriction.objects.filter(pk__in=[restriction.pk for restriction in rows])
    queryset._result_cache = rows
    queryset._prefetch_done = True
    return queryset


def _private_q(self):
    return private_q()


def install():
    """Connect the scope to the request signals and build Wagtail's `private_q` from the kept rows."""
    from wagtail.models import Page, PageViewRestriction
    from wagtail.query import PageQuerySet
    from wagtail.signals import post_page_move

    _scope.connect()
    post_save.connect(_scope.forget, sender=PageViewRestriction, dispatch_uid="cms.view_restrictions.saved")
    post_delete.connect(_scope.forget, sender=PageViewRestriction, dispatch_uid="cms.view_restrictions.deleted")
    post_delete.connect(_scope.forget, sender=Page, dispatch_uid="cms.view_restrictions.page_deleted")
    post_page_move.connect(_scope.forget, dispatch_uid="cms.view_restrictions.page_moved")
    PageQuerySet.private_q = _private_q
