"""Which newsletters, issues and subscribers a user may see the statistics and lists of (one place, for the admin's
reports and the statistics API alike).

- **AimPact's team** (superusers, and editors with access to the admin who are not confined to spaces by
  `cms.admin_scope`) sees every newsletter.
- **A collectivité's editor** (confined by `cms.admin_scope.space_scope`) sees the newsletters of their own spaces
  (drafts included) and nothing of another space: not its issues, not a count, not an address. The national
  network's newsletter is AimPact's: its subscribers are not a space editor's to read.
- **Anyone else** (a citizen, an anonymous visitor) sees none.

Everything here reads; nothing lets anyone send: the admin's reports and the statistics API are read-only.
"""

from functools import reduce
from operator import or_

from django.db.models import Q

from wagtail.models import Locale

from cms.admin_scope import space_scope

from .models import NewsletterIssuePage, NewsletterPage, Subscription


def _under(paths):
    return reduce(or_, (Q(path__startswith=path) for path in paths), Q(pk__in=[]))


def _confinement(user):
    """None when the user sees every newsletter; a Q on page paths for a space editor; False when none at all."""
    if not (user.is_authenticated and user.is_active):
        return False
    if user.is_superuser:
        return None
    if not user.has_perm("wagtailadmin.access_admin"):
        return False
    scope = space_scope(user)
    if scope is None:
        return None
    if not scope.own:
        return False
    return _under(scope.own)


def _scoped(user, queryset):
    confinement = _confinement(user)
    if confinement is False:
        return queryset.none()
    if confinement is None:
        return queryset
    return queryset.filter(confinement)


def visible_newsletters(user):
    """The newsletters (their default-language version: the one subscriptions point to) the user may read."""
    return _scoped(user, NewsletterPage.objects.filter(locale=Locale.get_default()))


def visible_issues(user):
    """The issues (default-language version: the one deliveries point to) the user may read the statistics of."""
    return _scoped(user, NewsletterIssuePage.objects.filter(locale=Locale.get_default()))


def visible_subscriptions(user):
    return Subscription.objects.filter(newsletter__in=visible_newsletters(user).values("pk"))


def visible_issue(user, page_id):
    """The issue `page_id` (any language version: its original is returned) if the user may read its statistics,
    else None (another space's issue is not even named)."""
    page = NewsletterIssuePage.objects.filter(pk=page_id).first()
    if page is None:
        return None
    return visible_issues(user).filter(pk=page.original.pk).first()


def visible_newsletter(user, page_id):
    """The newsletter `page_id` (any language version: its list page is returned) if the user may read it, else None."""
    page = NewsletterPage.objects.filter(pk=page_id).first()
    if page is None:
        return None
    return visible_newsletters(user).filter(pk=page.list_page.pk).first()
